package org.gammavo.tap.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.tap.adapters.IngestionService;

import java.util.Optional;

/**
 * Operator trigger for re-ingestion: {@code POST /tap/admin/ingest[?force=true]} answers the per-collection report.
 * When {@code gammavo.tap.admin.token} is set the request needs {@code Authorization: Bearer <token>}.
 */
@Path("/admin")
public class AdminResource {

    @Inject
    IngestionService ingestion;

    @ConfigProperty(name = "gammavo.tap.admin.token")
    Optional<String> token;

    @POST
    @Path("ingest")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ingest(@QueryParam("force") boolean force, @Context HttpHeaders headers) throws Exception {
        if (token.isPresent() && !token.get().isBlank()
                && !("Bearer " + token.get()).equals(headers.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Response.status(401).type(MediaType.TEXT_PLAIN).entity("admin token required\n").build();
        }
        return Response.ok(ingestion.ingest(force)).build();
    }
}
