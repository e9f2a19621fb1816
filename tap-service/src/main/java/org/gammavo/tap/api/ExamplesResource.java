package org.gammavo.tap.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import uk.ac.starlink.votable.VOSerializer;

import java.util.List;

/** DALI 1.1 §2.3 examples: an XHTML document with RDFa, one {@code typeof="example"} element per query. */
@Path("/examples")
public class ExamplesResource {

    /** One example: fragment id, title, explanation, ADQL. */
    record Example(String id, String name, String text, String query) {
    }

    static final List<Example> EXAMPLES = List.of(
            new Example("crab-cone-energy", "Crab Nebula: observations within 3 deg that reach below 1 TeV",
                    "Event bundles whose pointing lies within 3 degrees of the Crab Nebula and whose energy range starts below 1 TeV "
                            + "(energy_min of the High-Energy extension, in eV).",
                    "SELECT o.obs_id, o.obs_collection, o.s_ra, o.s_dec, o.t_min, o.t_exptime, h.energy_min, h.energy_max, o.access_url\n"
                            + "FROM ivoa.obscore AS o JOIN ivoa.obscore_hea AS h ON o.obs_publisher_did = h.obs_publisher_did\n"
                            + "WHERE o.dataproduct_type = 'hea-event-bundle'\n"
                            + "  AND 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', 83.6331, 22.0145, 3))\n"
                            + "  AND h.energy_min < 1e12"),
            new Example("pks2155-light-curve", "PKS 2155-304: observations for a light curve",
                    "All event bundles pointed within 2.5 degrees of PKS 2155-304, in time order, with start/stop (MJD) and exposure.",
                    "SELECT obs_id, t_min, t_max, t_exptime, target_name, access_url\n"
                            + "FROM ivoa.obscore\n"
                            + "WHERE dataproduct_type = 'hea-event-bundle'\n"
                            + "  AND 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 329.7169, -30.2256, 2.5))\n"
                            + "ORDER BY t_min"),
            new Example("irfs-of-observation", "All response functions of one observation",
                    "The instrument response functions (effective area, energy dispersion, PSF, background) of H.E.S.S. run 23523.",
                    "SELECT dataproduct_subtype, obs_publisher_did, access_url, access_format, access_estsize\n"
                            + "FROM ivoa.obscore\n"
                            + "WHERE obs_collection = 'HESS-DL3-DR1' AND obs_id = '23523' AND dataproduct_type = 'response-function'"),
            new Example("natural-join-hea", "ObsCore with its High-Energy extension",
                    "ivoa.obscore and ivoa.obscore_hea share obs_publisher_did, so a NATURAL JOIN pairs each dataset with its HE metadata.",
                    "SELECT TOP 20 obs_id, facility_name, target_name, ev_xel, energy_min, energy_max, t_exptime\n"
                            + "FROM ivoa.obscore NATURAL JOIN ivoa.obscore_hea\n"
                            + "WHERE dataproduct_type = 'hea-event-bundle'\n"
                            + "ORDER BY ev_xel DESC"),
            new Example("fov-contains-source", "Fields of view containing a source",
                    "Observations whose field of view (s_circle, the s_region circle as a DALI circle) contains the Crab Nebula.",
                    "SELECT obs_id, obs_collection, s_fov, DISTANCE(POINT('ICRS', s_ra, s_dec), POINT('ICRS', 83.6331, 22.0145)) AS offset_deg\n"
                            + "FROM ivoa.obscore\n"
                            + "WHERE dataproduct_type = 'hea-event-bundle' AND 1 = CONTAINS(POINT('ICRS', 83.6331, 22.0145), s_circle)"));

    @GET
    @Produces("application/xhtml+xml")
    public String examples() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\">\n")
                .append("<head><title>TAP examples: very-high-energy gamma-ray observations</title></head>\n")
                .append("<body vocab=\"http://www.ivoa.net/rdf/examples#\">\n")
                .append("<h1>Example queries</h1>\n")
                .append("<p>This service publishes ivoa.obscore (ObsCore 1.1) and ivoa.obscore_hea (High-Energy extension) for ")
                .append("H.E.S.S. DL3 DR1, CTA 1DC, MAGIC and VERITAS data. This work made use of data from the H.E.S.S. DL3 public ")
                .append("test data release 1 (HESS DL3 DR1, H.E.S.S. collaboration, 2018).</p>\n");
        for (Example e : EXAMPLES) {
            x.append("<div typeof=\"example\" id=\"").append(e.id()).append("\" resource=\"#").append(e.id()).append("\">\n")
                    .append("  <h2 property=\"name\">").append(VOSerializer.formatText(e.name())).append("</h2>\n")
                    .append("  <p>").append(VOSerializer.formatText(e.text())).append("</p>\n")
                    .append("  <pre class=\"dali-example-query\" property=\"query\">").append(VOSerializer.formatText(e.query()))
                    .append("</pre>\n</div>\n");
        }
        x.append("</body>\n</html>\n");
        return x.toString();
    }
}
