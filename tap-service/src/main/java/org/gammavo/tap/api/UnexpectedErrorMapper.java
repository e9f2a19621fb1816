package org.gammavo.tap.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Whatever escapes a resource becomes a DALI error document, never a stack trace (the log keeps the trace). */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            int status = w.getResponse().getStatus();
            return DaliError.response(status, status == 404 ? "no such resource" : status == 405
                    ? "method not allowed here" : status == 415 ? "unsupported Content-Type" : "bad request: " + e.getMessage());
        }
        LOG.error("unexpected error", e);
        return DaliError.response(500, "internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
    }
}
