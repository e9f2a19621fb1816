package org.gammavo.uws.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gammavo.jobs.catalogue.InvalidParameterException;
import org.gammavo.uws.domain.IllegalPhaseTransitionException;
import org.gammavo.uws.domain.NoSuchJobException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain refusals as UWS/HTTP errors: a status and a plain-text message saying what is wrong. */
public class UwsErrorMappers {

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return text(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response illegalTransition(IllegalPhaseTransitionException e) {
        return text(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response noSuchJob(NoSuchJobException e) {
        return text(Response.Status.NOT_FOUND, e.getMessage());
    }

    static Response text(Response.Status status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(message + "\n").build();
    }
}
