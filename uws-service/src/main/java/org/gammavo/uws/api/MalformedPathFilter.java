package org.gammavo.uws.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses a path whose job list name, job id, parameter name or result id holds a control character (e.g.
 * {@code /uws/selftest/%00}) with 400 and a plain-text message, before it reaches the database: PostgreSQL refuses a
 * NUL in a text value, which was a 500 naming the driver's exception. No real name has such a character.
 */
public class MalformedPathFilter {

    @ServerRequestFilter
    public Response refuseControlCharacters(ContainerRequestContext request) {
        for (Map.Entry<String, List<String>> p : request.getUriInfo().getPathParameters().entrySet()) {
            for (String value : p.getValue()) {
                int bad = firstControl(value);
                if (bad >= 0) {
                    return UwsErrorMappers.text(Response.Status.BAD_REQUEST, "malformed " + p.getKey()
                            + ": it contains the control character U+" + String.format("%04X", (int) value.charAt(bad)));
                }
            }
        }
        return null;
    }

    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
