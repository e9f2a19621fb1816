package org.gammavo.tap.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gammavo.tap.adapters.IngestionService;

/**
 * Operator trigger for re-ingestion: {@code POST /tap/admin/ingest[?force=true]} answers the per-collection report.
 * Only for an authenticated user with role {@code admin} (HTTP Basic against users.properties/roles.properties):
 * anonymous requests get 401 with a Basic challenge, other users 403. Re-ingestion rewrites the published tables.
 */
@Path("/admin")
public class AdminResource {

    @Inject
    IngestionService ingestion;

    @POST
    @Path("ingest")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Response ingest(@QueryParam("force") boolean force) throws Exception {
        return Response.ok(ingestion.ingest(force)).build();
    }
}
