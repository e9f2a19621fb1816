package org.gammavo.uws.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.gammavo.jobs.catalogue.InvalidParameterException;
import org.gammavo.jobs.contract.ExecutionPhase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small helpers for UWS requests: case-insensitive query parameters (UWS 1.1 §2.2) and Accept negotiation. */
final class Negotiation {

    private Negotiation() {
    }

    /** The first value of query parameter {@code name} in any letter case, or null. */
    static String query(UriInfo uri, String name) {
        List<String> all = queryAll(uri, name);
        return all.isEmpty() || all.get(0).isBlank() ? null : all.get(0).trim();
    }

    static List<String> queryAll(UriInfo uri, String name) {
        List<String> out = new ArrayList<>();
        uri.getQueryParameters().forEach((k, v) -> {
            if (k.equalsIgnoreCase(name)) {
                out.addAll(v);
            }
        });
        return out;
    }

    /**
     * Whether the client's Accept header ranks one of {@code wanted} above the XML documents UWS serves by default.
     * No Accept (or {@code *}/{@code *}) keeps the UWS default.
     */
    static boolean prefers(HttpHeaders headers, String... wanted) {
        for (MediaType m : headers.getAcceptableMediaTypes()) {
            if (m.isWildcardType()) {
                return false;
            }
            for (String w : wanted) {
                if (m.isCompatible(MediaType.valueOf(w)) && !m.isWildcardSubtype()) {
                    return true;
                }
            }
            if (m.getSubtype().contains("xml") || m.getSubtype().equals("json")) {
                return false;
            }
        }
        return false;
    }

    /** A PHASE value, refused with 400 when it is not a UWS ExecutionPhase. */
    static ExecutionPhase phase(String value) {
        try {
            return ExecutionPhase.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("PHASE", "PHASE '" + value + "' is not a UWS phase; phases: "
                    + List.of(ExecutionPhase.values()));
        }
    }
}
