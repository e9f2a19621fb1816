package org.gammavo.uws.api;

import jakarta.ws.rs.core.MultivaluedMap;
import org.gammavo.jobs.catalogue.InvalidParameterException;
import org.gammavo.jobs.catalogue.ParameterValidator;
import org.jboss.resteasy.reactive.server.multipart.FileItem;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a UWS POST, from {@code application/x-www-form-urlencoded} or {@code multipart/form-data}:
 * the UWS control parameters (PHASE, RUNID, EXECUTIONDURATION, DESTRUCTION, ACTION — any letter case, UWS 1.1
 * §2.2.3), the job parameters, and the uploaded files.
 */
final class UwsForm {

    static final Set<String> CONTROL = Set.of("PHASE", "RUNID", "EXECUTIONDURATION", "DESTRUCTION", "ACTION");

    private final Map<String, String> control = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, FileItem> uploads = new LinkedHashMap<>();

    static UwsForm of(MultivaluedMap<String, String> form) {
        UwsForm f = new UwsForm();
        f.addAll(form);
        return f;
    }

    /**
     * The form body and, for the names it does not have, the query string: DALI 1.1 §2 lets a client put POST
     * parameters in either ({@code curl -X POST …/selftest?PHASE=RUN}).
     */
    static UwsForm of(MultivaluedMap<String, String> form, MultivaluedMap<String, String> query) {
        UwsForm f = of(form);
        if (query != null) {
            query.forEach((k, values) -> {
                String upper = k.toUpperCase(Locale.ROOT);
                boolean given = CONTROL.contains(upper) ? f.control.containsKey(upper)
                        : f.parameters.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(k));
                if (!given) {
                    values.forEach(v -> f.add(k, v));
                }
            });
        }
        return f;
    }

    private void addAll(MultivaluedMap<String, String> form) {
        if (form != null) {
            form.forEach((k, values) -> {
                for (String v : values) {
                    add(k, v);
                }
            });
        }
    }

    static UwsForm of(MultipartFormDataInput input) {
        UwsForm f = new UwsForm();
        input.getValues().forEach((k, values) -> {
            for (FormValue v : values) {
                if (v.isFileItem()) {
                    ParameterValidator.checkName(k);
                    f.uploads.put(k, v.getFileItem());
                    f.parameters.remove(k);
                } else {
                    f.add(k, v.getValue());
                }
            }
        });
        return f;
    }

    private void add(String name, String value) {
        ParameterValidator.checkName(name);
        String upper = name.toUpperCase(Locale.ROOT);
        if (CONTROL.contains(upper)) {
            // Control values are single tokens (RUNID is stored as it is, in a text column that refuses NUL).
            ParameterValidator.checkToken(upper, value);
            control.put(upper, value);
        } else if (parameters.putIfAbsent(name, value) != null) {
            // DALI 1.1 §3: a repeated single-valued parameter is an error, not a silent choice.
            throw new InvalidParameterException(name, "parameter " + name + " given more than once");
        }
    }

    /** A control parameter (upper-case name), or null. */
    String control(String name) {
        String v = control.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    Map<String, String> parameters() {
        return parameters;
    }

    Map<String, FileItem> uploads() {
        return uploads;
    }

    /** EXECUTIONDURATION in seconds (§2.2.3.3), or null. */
    Long executionDuration() {
        String v = control("EXECUTIONDURATION");
        if (v == null) {
            return null;
        }
        try {
            long s = Long.parseLong(v);
            if (s < 0) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("EXECUTIONDURATION",
                    "EXECUTIONDURATION must be a whole number of seconds >= 0, not '" + v + "'");
        }
    }

    /** DESTRUCTION as an ISO-8601 time (§2.2.3.3), or null. */
    Instant destruction() {
        String v = control("DESTRUCTION");
        return v == null ? null : parseTime("DESTRUCTION", v);
    }

    /** Parses an ISO-8601 time with or without zone (UTC implied, DALI 1.1 §3.3.3). */
    static Instant parseTime(String name, String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new InvalidParameterException(name, name + " must be an ISO-8601 time such as "
                        + "2030-01-01T00:00:00Z, not '" + v + "'");
            }
        }
    }
}
