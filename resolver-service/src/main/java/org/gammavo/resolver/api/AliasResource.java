package org.gammavo.resolver.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.resolver.domain.AliasPolicy;
import org.gammavo.resolver.domain.NameEvent;
import org.gammavo.resolver.domain.NameResolver;
import org.gammavo.resolver.domain.Resolution;
import org.gammavo.resolver.domain.SkyObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Aliases that every replica answers (through the names topic). Reading is anonymous; writing needs a signed-in user
 * (HTTP Basic against the users file, or an OIDC bearer token), and {@link AliasPolicy} decides who may write what:
 * 401 with a challenge when anonymous, 403 for someone else's alias or a catalogue name a non-admin tries to shadow.
 */
@Path("/api/aliases")
@Produces(MediaType.APPLICATION_JSON)
public class AliasResource {

    @Inject
    NameResolver resolver;

    @Inject
    SecurityIdentity identity;

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
    boolean oidc;

    /**
     * A new alias: {@code {"alias": "My PWN", "target": "HESS J1825-137"}} points at a known name;
     * {@code {"alias": "...", "ra": 10.1, "dec": -20.2, "objectClass": "unid"}} gives a position (ICRS degrees).
     */
    public record AliasRequest(String alias, String target, Double ra, Double dec, String objectClass) {
    }

    /** The aliases in force; signed-in callers also see each alias's owner. */
    @GET
    public List<Map<String, Object>> list() {
        boolean showOwner = !identity.isAnonymous();
        return resolver.aliases().stream().map(a -> view(a, showOwner)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(AliasRequest request) {
        if (identity.isAnonymous()) {
            return unauthorized("adding an alias");
        }
        if (request == null || request.alias() == null || request.alias().isBlank()) {
            return Problems.badRequest("'alias' is required");
        }
        if (request.alias().chars().anyMatch(Character::isISOControl)) {
            return Problems.badRequest("'alias' must not contain control characters");
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
                        "alias by " + me(), request.objectClass(), null);
            } catch (IllegalArgumentException e) {
                return Problems.badRequest("ra must be in [0, 360) and dec in [-90, 90] degrees");
            }
        } else {
            return Problems.badRequest("give 'target' (a known name) or 'ra' and 'dec' (ICRS degrees)");
        }
        String alias = request.alias().strip();
        Optional<String> refusal = AliasPolicy.refusalToDefine(alias, resolver.resolve(alias), resolver.alias(alias),
                me(), admin());
        if (refusal.isPresent()) {
            return Problems.of(403, refusal.get());
        }
        try {
            NameEvent.AliasAdded added = resolver.addAlias(alias, object, me());
            return Response.status(201).entity(view(added, true)).build();
        } catch (IllegalStateException e) {
            return Problems.of(503, "alias not recorded, the names topic is unavailable: " + e.getMessage());
        }
    }

    @DELETE
    @Path("{alias}")
    public Response remove(@PathParam("alias") String alias) {
        if (identity.isAnonymous()) {
            return unauthorized("removing an alias");
        }
        Optional<NameEvent.AliasAdded> existing = resolver.alias(alias);
        if (existing.isEmpty()) {
            return Problems.of(404, "no operator alias '" + alias + "'");
        }
        Optional<String> refusal = AliasPolicy.refusalToChange(existing.get(), me(), admin());
        if (refusal.isPresent()) {
            return Problems.of(403, refusal.get());
        }
        try {
            return resolver.removeAlias(alias)
                    ? Response.noContent().build()
                    : Problems.of(404, "no operator alias '" + alias + "'");
        } catch (IllegalStateException e) {
            return Problems.of(503, "alias not removed, the names topic is unavailable: " + e.getMessage());
        }
    }

    private String me() {
        return identity.getPrincipal().getName();
    }

    private boolean admin() {
        return identity.hasRole(AliasPolicy.ADMIN_ROLE);
    }

    /** 401 with the challenges a client can answer: Basic always (users file), Bearer when OIDC is on. */
    private Response unauthorized(String what) {
        Response.ResponseBuilder r = Response.status(401).type(MediaType.APPLICATION_JSON)
                .header("WWW-Authenticate", "Basic realm=\"gammavo\"")
                .entity(Map.of("status", 401, "error", what + " needs a signed-in user (HTTP Basic or a bearer token)"));
        if (oidc) {
            r.header("WWW-Authenticate", "Bearer realm=\"gammavo\"");
        }
        return r.build();
    }

    private static Map<String, Object> view(NameEvent.AliasAdded a, boolean showOwner) {
        SkyObject o = a.object();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", a.name());
        m.put("canonicalName", o.canonicalName());
        m.put("ra", o.ra());
        m.put("dec", o.dec());
        m.put("catalogue", o.catalogue());
        m.put("addedAt", a.at().toString());
        if (showOwner) {
            m.put("owner", a.owner());
        }
        return m;
    }
}
