package org.gammavo.resolver.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.gammavo.resolver.domain.NameResolver;
import org.gammavo.resolver.domain.Resolution;

import java.util.List;

/**
 * Sesame-compatible name resolution: {@code /resolver/sesame/-o{x|I|x2}[p]/~{S|N|V|A}?{name}} and its shorter forms
 * ({@code /resolver/sesame/A?Crab}, which is what astropy's {@code SkyCoord.from_name} requests).
 */
@Path("/sesame")
public class SesameResource {

    private static final String XML = "text/xml;charset=UTF-8";
    private static final String TEXT = "text/plain;charset=UTF-8";

    @Inject
    NameResolver resolver;

    @GET
    public Response root(@Context UriInfo uri) {
        return answer("", uri);
    }

    @GET
    @Path("{spec: .+}")
    public Response resolve(@PathParam("spec") String spec, @Context UriInfo uri) {
        return answer(spec, uri);
    }

    private Response answer(String spec, UriInfo uri) {
        SesameQuery q;
        try {
            q = SesameQuery.parse(spec, uri.getRequestUri().getRawQuery());
        } catch (IllegalArgumentException e) {
            return Response.status(400).type(TEXT).entity("#! " + e.getMessage() + "\n").build();
        }
        List<Resolution> results = q.names().stream().map(resolver::resolve).toList();
        return q.xml()
                ? Response.ok(SesameWriter.xml(q, results), XML).build()
                : Response.ok(SesameWriter.text(q, results), TEXT).build();
    }
}
