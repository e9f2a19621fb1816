package org.gammavo.resolver.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.resolver.domain.NameEvent;
import org.gammavo.resolver.domain.NameResolver;
import org.gammavo.resolver.domain.Resolution;
import org.gammavo.resolver.domain.SkyObject;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operator-only: aliases that every replica answers (through the names topic). When {@code resolver.admin.token}
 * is set, POST and DELETE need {@code Authorization: Bearer <token>}; the gateway/ingress should not expose this
 * path to the public in any case.
 */
@Path("/api/aliases")
@Produces(MediaType.APPLICATION_JSON)
public class AliasResource {

    @Inject
    NameResolver resolver;

    @ConfigProperty(name = "resolver.admin.token")
    Optional<String> token;

    /**
     * A new alias: {@code {"alias": "My PWN", "target": "HESS J1825-137"}} points at a known name;
     * {@code {"alias": "...", "ra": 10.1, "dec": -20.2, "objectClass": "unid"}} gives a position (ICRS degrees).
     */
    public record AliasRequest(String alias, String target, Double ra, Double dec, String objectClass,
                               String addedBy) {
    }

    @GET
    public List<Map<String, Object>> list() {
        return resolver.aliases().stream().map(AliasResource::view).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(AliasRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!authorized(authorization)) {
            return Problems.of(401, "operator token required: Authorization: Bearer <resolver.admin.token>");
        }
        if (request == null || request.alias() == null || request.alias().isBlank()) {
            return Problems.badRequest("'alias' is required");
        }
        SkyObject object;
        if (request.target() != null && !request.target().isBlank()) {
            if (request.ra() != null || request.dec() != null) {
                return Problems.badRequest("give either 'target' or 'ra' and 'dec', not both");
            }
            Resolution r = resolver.resolve(request.target().strip());
            if (!(r instanceof Resolution.Found f)) {
                return Problems.of(404, "target '" + request.target() + "' is not known");
            }
            object = f.object();
        } else if (request.ra() != null && request.dec() != null) {
            try {
                object = new SkyObject(request.alias().strip(), request.ra(), request.dec(), null, "operator",
                        request.addedBy(), request.objectClass(), null);
            } catch (IllegalArgumentException e) {
                return Problems.badRequest("ra must be in [0, 360) and dec in [-90, 90] degrees");
            }
        } else {
            return Problems.badRequest("give 'target' (a known name) or 'ra' and 'dec' (ICRS degrees)");
        }
        try {
            NameEvent.AliasAdded added = resolver.addAlias(request.alias().strip(), object, request.addedBy());
            return Response.status(201).entity(view(added)).build();
        } catch (IllegalStateException e) {
            return Problems.of(503, "alias not recorded, the names topic is unavailable: " + e.getMessage());
        }
    }

    @DELETE
    @Path("{alias}")
    public Response remove(@PathParam("alias") String alias,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!authorized(authorization)) {
            return Problems.of(401, "operator token required: Authorization: Bearer <resolver.admin.token>");
        }
        try {
            return resolver.removeAlias(alias)
                    ? Response.noContent().build()
                    : Problems.of(404, "no operator alias '" + alias + "'");
        } catch (IllegalStateException e) {
            return Problems.of(503, "alias not removed, the names topic is unavailable: " + e.getMessage());
        }
    }

    private boolean authorized(String header) {
        String expected = token.filter(t -> !t.isBlank()).orElse(null);
        if (expected == null) {
            return true;
        }
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> view(NameEvent.AliasAdded a) {
        SkyObject o = a.object();
        return Map.of("alias", a.name(), "canonicalName", o.canonicalName(), "ra", o.ra(), "dec", o.dec(),
                "catalogue", o.catalogue(), "addedAt", a.at().toString());
    }
}
