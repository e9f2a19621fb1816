package org.gammavo.resolver.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gammavo.resolver.domain.NameResolver;

import java.util.List;
import java.util.Map;

/** The JSON API: one name, a batch of names, and type-ahead suggestions. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ResolveResource {

    static final int MAX_BATCH = 1000;

    @Inject
    NameResolver resolver;

    /** {@code GET /resolver/api/resolve?name=Crab}: 200 with the position, 404 with suggestions, 400 without a name. */
    @GET
    @Path("resolve")
    public Response resolve(@QueryParam("name") String name) {
        if (name == null || name.isBlank()) {
            return Problems.badRequest("the query parameter 'name' is required, e.g. api/resolve?name=Crab");
        }
        ResolvedName answer = ResolvedName.of(resolver.resolve(name.strip()));
        return Response.status(answer.found() ? 200 : 404).entity(answer).build();
    }

    /** {@code POST /resolver/api/resolve} with a JSON array of names: one answer per name, in order, always 200. */
    @POST
    @Path("resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response batch(List<String> names) {
        if (names == null || names.isEmpty()) {
            return Problems.badRequest("send a JSON array of names, e.g. [\"Crab\", \"Mrk 421\"]");
        }
        if (names.size() > MAX_BATCH) {
            return Problems.badRequest("at most " + MAX_BATCH + " names per request, got " + names.size());
        }
        if (names.stream().anyMatch(n -> n == null || n.isBlank())) {
            return Problems.badRequest("every name must be a non-empty string");
        }
        List<ResolvedName> out = names.stream().map(n -> ResolvedName.of(resolver.resolve(n.strip()))).toList();
        long found = out.stream().filter(ResolvedName::found).count();
        return Response.ok(Map.of("count", out.size(), "found", found, "results", out)).build();
    }

    /** {@code GET /resolver/api/suggest?q=mrk&limit=10}: names starting like q, then near misses. */
    @GET
    @Path("suggest")
    public Response suggest(@QueryParam("q") String q, @QueryParam("limit") @DefaultValue("10") int limit) {
        if (q == null || q.isBlank()) {
            return Problems.badRequest("the query parameter 'q' is required, e.g. api/suggest?q=hess j18");
        }
        if (limit < 1 || limit > 100) {
            return Problems.badRequest("limit must be between 1 and 100");
        }
        return Response.ok(resolver.suggest(q, limit).stream().map(ResolvedName.SuggestedName::of).toList()).build();
    }
}
