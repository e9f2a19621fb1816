package org.gammavo.tap.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gammavo.adql.ValidationResult;
import org.gammavo.tap.adapters.ObsCoreStore;
import org.gammavo.tap.adapters.QueryExecutor;
import org.gammavo.tap.domain.TapMetadata;

/**
 * ADQL checking for editors (issue 3): {@code POST /tap/adql/parse} (syntax only) and {@code /tap/adql/translate}
 * (checked against the published tables, with the SQL). HTTP 200 for valid and invalid queries alike; 400 only for
 * a request without QUERY.
 */
@Path("/adql")
@Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
@Produces(MediaType.APPLICATION_JSON)
public class AdqlResource {

    @Inject
    QueryExecutor executor;

    @Inject
    ObsCoreStore store;

    @POST
    @Path("parse")
    public Response parse(@FormParam("QUERY") String query, @FormParam("VERSION") String version) {
        if (query == null) return missing();
        return Response.ok(executor.engine().validateSyntax(query, version)).build();
    }

    @POST
    @Path("translate")
    public Response translate(@FormParam("QUERY") String query, @FormParam("VERSION") String version) {
        if (query == null) return missing();
        return Response.ok(executor.engine().validateTranslation(query, version, TapMetadata.TABLES, store.dialect())).build();
    }

    private static Response missing() {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(new ValidationResult(false, "missing form field QUERY", null, null, null)).build();
    }
}
