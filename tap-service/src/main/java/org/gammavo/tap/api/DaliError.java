package org.gammavo.tap.api;

import jakarta.ws.rs.core.Response;
import uk.ac.starlink.votable.VOSerializer;

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
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n"
                + "<RESOURCE type=\"results\">\n"
                + "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">" + VOSerializer.formatText(m) + "</INFO>\n"
                + "</RESOURCE>\n</VOTABLE>\n";
    }

    /** A response with the error document and HTTP {@code status}. */
    public static Response response(int status, String message) {
        return Response.status(status).type(VOTABLE).entity(document(message)).build();
    }
}
