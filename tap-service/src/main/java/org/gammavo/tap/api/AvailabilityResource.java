package org.gammavo.tap.api;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** VOSI 1.1 §3.3 availability: the service is available when it can reach its database. */
@Path("/availability")
public class AvailabilityResource {

    private static final Instant UP_SINCE = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    AgroalDataSource dataSource;

    @GET
    @Produces("text/xml")
    public String availability() {
        String note;
        boolean available;
        try (Connection c = dataSource.getConnection()) {
            available = c.isValid(3);
            note = available ? "service is accepting queries" : "the database does not answer";
        } catch (Exception e) {
            available = false;
            note = "the database does not answer: " + e.getMessage();
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<vosi:availability xmlns:vosi=\"http://www.ivoa.net/xml/VOSIAvailability/v1.0\">\n"
                + "  <vosi:available>" + available + "</vosi:available>\n"
                + (available ? "  <vosi:upSince>" + UP_SINCE + "</vosi:upSince>\n" : "")
                + "  <vosi:note>" + escape(note) + "</vosi:note>\n"
                + "</vosi:availability>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
