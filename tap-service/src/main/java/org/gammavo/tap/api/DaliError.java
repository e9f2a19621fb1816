package org.gammavo.tap.api;

import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * DALI 1.1 §4.4 error documents: a VOTable whose RESOURCE holds {@code <INFO name="QUERY_STATUS" value="ERROR">}
 * with a message saying what is wrong. Never a stack trace.
 */
public final class DaliError {

    public static final String VOTABLE = "application/x-votable+xml";

    private DaliError() {
    }

    /** The error document for {@code message}. */
    public static String document(String message) {
        String m = message == null || message.isBlank() ? "unknown error" : message;
        StringWriter w = new StringWriter();
        try {
            VOTableDocument.begin(w);
            w.write("<RESOURCE type=\"results\">\n");
            VOTableDocument.info(w, "QUERY_STATUS", "ERROR", m);
            w.write("</RESOURCE>\n");
            VOTableDocument.end(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // a StringWriter does not fail
        }
        return w.toString();
    }

    /** A response with the error document and HTTP {@code status}. */
    public static Response response(int status, String message) {
        return Response.status(status).type(VOTABLE).entity(document(message)).build();
    }
}
