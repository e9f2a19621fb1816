package org.gammavo.tap.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gammavo.tap.adapters.QueryHistoryStore;
import org.gammavo.tap.domain.HistoryEntry;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's query history (issue #19): {@code GET /tap/history[?LAST=n]} lists the sync queries they ran, newest
 * first, as JSON; {@code DELETE /tap/history/<id>} forgets one, {@code DELETE /tap/history} all. Signed-in users only
 * (HTTP Basic or an OIDC bearer token); nobody sees or deletes another user's entries. Errors are DALI error
 * documents, as elsewhere under /tap.
 */
@Path("/history")
public class QueryHistoryResource {

    @Inject
    QueryHistoryStore store;

    @Inject
    SecurityIdentity identity;

    private String owner() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    private static Response unauthorized() {
        return Response.fromResponse(DaliError.response(401,
                        "the query history belongs to a user: authenticate (HTTP Basic or a bearer token)"))
                .header("WWW-Authenticate", "Basic realm=\"gammavo\"").build();
    }

    @GET
    public Response list(@QueryParam("LAST") String last) {
        String owner = owner();
        if (owner == null) return unauthorized();
        int n = store.maxEntries();
        if (last != null && !last.isBlank()) {
            try {
                n = Integer.parseInt(last.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n <= 0) return DaliError.response(400, "LAST must be a positive integer, not '" + last + "'");
        }
        try {
            List<HistoryEntry> entries = store.list(owner, Math.min(n, store.maxEntries()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("owner", owner);
            out.put("maxEntries", store.maxEntries());
            out.put("queries", entries.stream().map(QueryHistoryResource::json).toList());
            return Response.ok(out, MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
        } catch (SQLException e) {
            return DaliError.response(503, "the query history is unavailable right now: " + e.getMessage());
        }
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        String owner = owner();
        if (owner == null) return unauthorized();
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return DaliError.response(404, "no query " + id + " in your history");
        }
        try {
            return store.delete(owner, n) ? Response.noContent().build()
                    : DaliError.response(404, "no query " + id + " in your history");
        } catch (SQLException e) {
            return DaliError.response(503, "the query history is unavailable right now: " + e.getMessage());
        }
    }

    @DELETE
    public Response clear() {
        String owner = owner();
        if (owner == null) return unauthorized();
        try {
            store.clear(owner);
            return Response.noContent().build();
        } catch (SQLException e) {
            return DaliError.response(503, "the query history is unavailable right now: " + e.getMessage());
        }
    }

    static Map<String, Object> json(HistoryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("query", e.query());
        m.put("truncated", e.truncated());
        m.put("lang", e.lang());
        m.put("format", e.format());
        m.put("maxrec", e.maxrec());
        m.put("rows", e.rows());
        m.put("overflow", e.overflow());
        m.put("completed", e.completed());
        m.put("created", e.created().toString());
        return m;
    }
}
