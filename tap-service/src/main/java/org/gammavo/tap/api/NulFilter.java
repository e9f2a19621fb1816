package org.gammavo.tap.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Locale;

/**
 * A NUL character has no place in any parameter of this service, and PostgreSQL text and file paths refuse it
 * (which made a 500 of {@code /tap/datalink?ID=%00}): a path or query string holding one is a bad request, answered
 * before any resource sees it. Form bodies are checked where they are read (DataLink POST; the ADQL text reaches the
 * database only inside a literal, whose refusal is already a 400).
 */
public class NulFilter {

    @ServerRequestFilter(preMatching = true)
    public Response refuseNul(ContainerRequestContext ctx) {
        String raw = ctx.getUriInfo().getRequestUri().getRawPath() + "?" + ctx.getUriInfo().getRequestUri().getRawQuery();
        if (raw.toLowerCase(Locale.ROOT).contains("%00") || raw.indexOf('\u0000') >= 0) {
            return DaliError.response(400, "UsageFault: a parameter or path contains a NUL character");
        }
        return null;
    }
}
