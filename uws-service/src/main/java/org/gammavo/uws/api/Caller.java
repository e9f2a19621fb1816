package org.gammavo.uws.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gammavo.uws.adapters.JobEntity;
import org.gammavo.uws.domain.OwnerPolicy;

/**
 * The caller of the current request, as HTTP Basic (users file) or an OIDC bearer token authenticated them.
 * Their name is the ownerId of the jobs they create.
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    /** The caller's name, or null when the request carries no credentials. */
    public String ownerId() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    /** Refuses access to a job of someone else: 401 for an anonymous caller (so a browser asks), 403 otherwise. */
    public void checkAccess(JobEntity job) {
        String me = ownerId();
        if (!OwnerPolicy.mayAccess(job.ownerId, me)) {
            throw me == null ? unauthorized("job " + job.jobId + " belongs to a user: authenticate")
                    : new WebApplicationException(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN)
                    .entity("job " + job.jobId + " belongs to another user").build());
        }
    }

    static WebApplicationException unauthorized(String message) {
        return new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
                .header("WWW-Authenticate", "Basic realm=\"gammavo\"")
                .type(MediaType.TEXT_PLAIN).entity(message).build());
    }
}
