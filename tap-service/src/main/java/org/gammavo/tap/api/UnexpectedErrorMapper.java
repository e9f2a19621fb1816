package org.gammavo.tap.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Whatever escapes a resource becomes a DALI error document, never a stack trace or exception name (the log keeps them). */
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
        // the client learns neither the exception nor its message (they name internals: SQL, paths); the log has
        // both under a reference the client can quote
        String ref = java.util.UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "unexpected error (reference %s)", ref);
        return DaliError.response(500, "internal error (reference " + ref + " in the service log)");
    }
}
