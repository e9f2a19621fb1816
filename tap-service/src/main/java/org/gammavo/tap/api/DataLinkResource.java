package org.gammavo.tap.api;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.tap.adapters.Dl3Files;
import org.gammavo.tap.adapters.ObsCoreStore;
import org.gammavo.tap.domain.EventSelection;
import uk.ac.starlink.votable.VOSerializer;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DataLink 1.1 links for the published datasets, and the files and services they point at: the DL3 file
 * ({@code #this}), each response function ({@code #calibration}, content_qualifier = the IRF type), a counts-map
 * preview ({@code #preview}, made on demand) and an event-list cutout service ({@code #cutout}, with its service
 * descriptor).
 */
@Path("/")
public class DataLinkResource {

    private static final String[] FIELDS = {"ID", "access_url", "service_def", "error_message", "semantics", "description",
            "content_type", "content_length", "content_qualifier", "local_semantics"};

    @Inject
    ObsCoreStore store;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "gammavo.tap.results-dir")
    String resultsDir;

    @Inject
    PublicUrl publicUrl;

    @GET
    @Path("datalink")
    public Response links(@Context UriInfo uri) throws Exception {
        return links(ids(uri.getQueryParameters(), null), publicUrl.base());
    }

    /** DataLink 1.1 §2.2: the links endpoint takes POST as well; clients send many IDs at once this way. */
    @POST
    @Path("datalink")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response linksPost(MultivaluedMap<String, String> form, @Context UriInfo uri) throws Exception {
        return links(ids(uri.getQueryParameters(), form), publicUrl.base());
    }

    private static List<String> ids(MultivaluedMap<String, String> query, MultivaluedMap<String, String> form) {
        List<String> ids = new ArrayList<>();
        for (MultivaluedMap<String, String> m : java.util.Arrays.asList(query, form)) {
            if (m == null) continue;
            for (Map.Entry<String, List<String>> e : m.entrySet()) {
                if (e.getKey().equalsIgnoreCase("ID")) ids.addAll(e.getValue());
            }
        }
        return ids;
    }

    private Response links(List<String> ids, String base) throws Exception {
        if (ids.isEmpty()) return DaliError.response(400, "missing parameter ID (an obs_publisher_did of ivoa.obscore)");
        for (String id : ids) {
            // a NUL can arrive in a form body (the URL is checked by NulFilter); PostgreSQL text refuses it
            if (id.indexOf('\u0000') >= 0) return DaliError.response(400, "UsageFault: an ID contains a NUL character");
        }
        List<String[]> rows = new ArrayList<>();
        boolean cutout = false;
        for (String id : ids) {
            List<ObsCoreStore.DatasetFile> files = store.filesOfObservation(id);
            ObsCoreStore.DatasetFile self = files.stream().filter(f -> f.publisherDid().equals(id)).findFirst().orElse(null);
            if (self == null) {
                rows.add(new String[] {id, null, null, "NotFoundFault: no dataset " + id, "#this", null, null, null, null, null});
                continue;
            }
            String fileUrl = base + "/files/" + self.collection() + "/" + self.obsId();
            if (self.role().equals("bundle")) {
                rows.add(new String[] {id, fileUrl, null, null, "#this", "DL3 file: events, GTI and IRF HDUs (GADF)",
                        "application/fits", Long.toString(self.size()), "hea-event-bundle", null});
                for (ObsCoreStore.DatasetFile f : files) {
                    if (f.role().equals("bundle")) continue;
                    rows.add(new String[] {id, fileUrl + "/" + f.role(), null, null, "#calibration",
                            "Instrument response function " + f.role() + " (HDU " + f.hduName() + ")", "application/fits",
                            null, f.role(), null});
                }
                rows.add(new String[] {id, base + "/preview/" + self.collection() + "/" + self.obsId() + ".png", null, null,
                        "#preview", "Counts map of the events around the pointing", "image/png", null, null, null});
                rows.add(new String[] {id, null, "cutout", null, "#cutout",
                        "Event-list cutout: events in a cone, energy and time range, with the GTI and IRF HDUs",
                        "application/fits", null, null, null});
                cutout = true;
            } else {
                rows.add(new String[] {id, fileUrl + "/" + self.role(), null, null, "#this",
                        "Instrument response function " + self.role(), "application/fits", null, self.role(), null});
                String bundle = files.stream().filter(f -> f.role().equals("bundle")).map(ObsCoreStore.DatasetFile::publisherDid)
                        .findFirst().orElse(null);
                if (bundle != null) {
                    rows.add(new String[] {id, base + "/datalink?ID=" + URLEncoder.encode(bundle, StandardCharsets.UTF_8), null, null,
                            "#progenitor", "The observation's event bundle and its links",
                            "application/x-votable+xml;content=datalink", null, null, null});
                }
            }
        }
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n")
                .append("<RESOURCE type=\"results\">\n<INFO name=\"standardID\" value=\"ivo://ivoa.net/std/DataLink#links-1.1\"/>\n<TABLE>\n");
        for (String f : FIELDS) {
            x.append("<FIELD name=\"").append(f).append("\" ").append(switch (f) {
                case "content_length" -> "datatype=\"long\" unit=\"byte\" ucd=\"phys.size;meta.file\"";
                case "ID" -> "ID=\"ID\" datatype=\"char\" arraysize=\"*\" ucd=\"meta.id;meta.main\"";
                case "access_url" -> "datatype=\"char\" arraysize=\"*\" ucd=\"meta.ref.url\"";
                case "service_def" -> "datatype=\"char\" arraysize=\"*\" ucd=\"meta.ref\"";
                case "error_message" -> "datatype=\"char\" arraysize=\"*\" ucd=\"meta.code.error\"";
                case "semantics" -> "datatype=\"char\" arraysize=\"*\" ucd=\"meta.code\"";
                case "description" -> "datatype=\"char\" arraysize=\"*\" ucd=\"meta.note\"";
                case "content_type" -> "datatype=\"char\" arraysize=\"*\" ucd=\"meta.code.mime\"";
                default -> "datatype=\"char\" arraysize=\"*\" ucd=\"meta.code.class\"";
            }).append("/>\n");
        }
        x.append("<DATA><TABLEDATA>\n");
        for (String[] r : rows) {
            x.append("<TR>");
            for (String v : r) x.append("<TD>").append(v == null ? "" : VOSerializer.formatText(v)).append("</TD>");
            x.append("</TR>\n");
        }
        x.append("</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n");
        if (cutout) {
            // DataLink 1.1 §4: the service descriptor the #cutout rows point at.
            x.append("<RESOURCE type=\"meta\" utype=\"adhoc:service\" ID=\"cutout\" name=\"cutout\">\n")
                    .append("<DESCRIPTION>Event-list cutout of a DL3 observation: FITS with the selected EVENTS rows, the GTI and the IRF HDUs")
                    .append("</DESCRIPTION>\n")
                    // SODA 1.0 parameters (ID, POS/CIRCLE, BAND, TIME) plus ENERGY: clients that speak SODA (pyvo's
                    // processed(), TOPCAT) can call it; the answer is an event list, not an image cutout
                    .append("<PARAM name=\"standardID\" datatype=\"char\" arraysize=\"*\" value=\"ivo://ivoa.net/std/SODA#sync-1.0\"/>\n")
                    .append("<PARAM name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"").append(esc(base + "/cutout")).append("\"/>\n")
                    .append("<GROUP name=\"inputParams\">\n")
                    .append("<PARAM name=\"ID\" datatype=\"char\" arraysize=\"*\" ucd=\"meta.id;meta.dataset\" ref=\"ID\" value=\"\"/>\n")
                    .append("<PARAM name=\"POS\" datatype=\"char\" arraysize=\"*\" ucd=\"obs.field\" value=\"\">")
                    .append("<DESCRIPTION>CIRCLE ra dec radius (deg, ICRS)</DESCRIPTION></PARAM>\n")
                    .append("<PARAM name=\"CIRCLE\" datatype=\"double\" arraysize=\"3\" unit=\"deg\" ucd=\"obs.field\" xtype=\"circle\" value=\"\">")
                    .append("<DESCRIPTION>ra dec radius (deg, ICRS), the SODA alternative to POS</DESCRIPTION></PARAM>\n")
                    .append("<PARAM name=\"ENERGY\" datatype=\"double\" arraysize=\"2\" unit=\"TeV\" ucd=\"em.energy\" xtype=\"interval\" value=\"\">")
                    .append("<DESCRIPTION>Reconstructed energy range</DESCRIPTION></PARAM>\n")
                    .append("<PARAM name=\"BAND\" datatype=\"double\" arraysize=\"2\" unit=\"m\" ucd=\"em.wl\" xtype=\"interval\" value=\"\">")
                    .append("<DESCRIPTION>Wavelength range (SODA), alternative to ENERGY</DESCRIPTION></PARAM>\n")
                    .append("<PARAM name=\"TIME\" datatype=\"double\" arraysize=\"2\" unit=\"d\" ucd=\"time.interval\" xtype=\"interval\" value=\"\">")
                    .append("<DESCRIPTION>Time range, MJD in the file's time scale</DESCRIPTION></PARAM>\n")
                    .append("</GROUP>\n</RESOURCE>\n");
        }
        x.append("</VOTABLE>\n");
        return Response.ok(x.toString(), "application/x-votable+xml;content=datalink").build();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    @GET
    @Path("files/{collection}/{obsId}")
    public Response bundleFile(@PathParam("collection") String collection, @PathParam("obsId") String obsId) throws Exception {
        var f = store.file(collection, obsId, "bundle");
        if (f.isEmpty()) return DaliError.response(404, "no observation " + obsId + " in " + collection);
        java.nio.file.Path p = java.nio.file.Path.of(f.get().path());
        StreamingOutput body = out -> {
            try (InputStream in = Files.newInputStream(p)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "application/fits").header("Content-Length", Files.size(p))
                .header("Content-Disposition", "attachment; filename=\"" + p.getFileName() + "\"").build();
    }

    @GET
    @Path("files/{collection}/{obsId}/{subtype}")
    public Response irfFile(@PathParam("collection") String collection, @PathParam("obsId") String obsId,
                            @PathParam("subtype") String subtype) throws Exception {
        var f = store.file(collection, obsId, subtype);
        if (f.isEmpty() || subtype.equals("bundle")) {
            return DaliError.response(404, "no " + subtype + " response function for observation " + obsId + " in " + collection);
        }
        java.nio.file.Path p = java.nio.file.Path.of(f.get().path());
        String hdu = f.get().hduName();
        StreamingOutput body = out -> {
            try {
                Dl3Files.writeSingleHdu(p, hdu, out);
            } catch (nom.tam.fits.FitsException e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
        };
        return Response.ok(body, "application/fits")
                .header("Content-Disposition", "attachment; filename=\"" + collection + "_" + obsId + "_" + subtype + ".fits\"").build();
    }

    @GET
    @Path("preview/{collection}/{obsId}.png")
    public Response preview(@PathParam("collection") String collection, @PathParam("obsId") String obsId) throws Exception {
        var f = store.file(collection, obsId, "bundle");
        if (f.isEmpty()) return DaliError.response(404, "no observation " + obsId + " in " + collection);
        double ra, dec, fov;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT s_ra, s_dec, s_fov FROM ivoa.obscore WHERE obs_publisher_did = ?")) {
            ps.setString(1, f.get().publisherDid());
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                ra = r.getDouble(1);
                dec = r.getDouble(2);
                fov = r.getDouble(3);
            }
        }
        java.nio.file.Path p = java.nio.file.Path.of(f.get().path());
        String hdu = f.get().hduName();
        // made once per DL3 file version, kept beside the async results (a volume every replica shares)
        java.nio.file.Path cached = java.nio.file.Path.of(resultsDir, "previews", collection, obsId + ".png");
        if (!Files.isRegularFile(cached) || Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(p)) < 0) {
            Files.createDirectories(cached.getParent());
            java.nio.file.Path tmp = Files.createTempFile(cached.getParent(), obsId, ".part");
            try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                Dl3Files.preview(p, hdu, ra, dec, fov / 2, 256, out);
            } catch (nom.tam.fits.FitsException | java.io.IOException e) {
                Files.deleteIfExists(tmp);
                return DaliError.response(500, "cannot make the preview of " + obsId + ": " + e.getMessage());
            }
            Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return Response.ok(cached.toFile(), "image/png").header("Cache-Control", "max-age=86400").build();
    }

    @GET
    @Path("cutout")
    public Response cutout(@Context UriInfo uri) throws Exception {
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        p.putAll(SyncResource.first(uri.getQueryParameters()));
        String id = p.get("ID");
        if (id == null || id.isBlank()) return DaliError.response(400, "missing parameter ID (a hea-event-bundle obs_publisher_did)");
        EventSelection sel;
        try {
            String pos = p.get("POS");
            String circle = p.get("CIRCLE");
            if (circle != null && !circle.isBlank()) {
                if (pos != null && !pos.isBlank()) return DaliError.response(400, "give POS or CIRCLE, not both");
                pos = "CIRCLE " + circle;
            }
            if (circle != null && !circle.isBlank() && circle.trim().split("\\s+").length != 3) {
                return DaliError.response(400, "CIRCLE must be 'ra dec radius' (degrees), not '" + circle + "'");
            }
            sel = EventSelection.parse(pos, p.get("BAND"), p.get("ENERGY"), p.get("TIME"));
        } catch (IllegalArgumentException e) {
            return DaliError.response(400, e.getMessage());
        }
        List<ObsCoreStore.DatasetFile> files = store.filesOfObservation(id);
        ObsCoreStore.DatasetFile bundle = files.stream().filter(f -> f.publisherDid().equals(id) && f.role().equals("bundle"))
                .findFirst().orElse(null);
        if (bundle == null) return DaliError.response(404, "no event bundle " + id);
        java.nio.file.Path events = java.nio.file.Path.of(bundle.path());
        List<java.nio.file.Path> extraFiles = new ArrayList<>();
        List<String> extraHdus = new ArrayList<>();
        for (ObsCoreStore.DatasetFile f : files) {
            if (f.role().equals("bundle")) continue;
            extraFiles.add(java.nio.file.Path.of(f.path()));
            extraHdus.add(f.hduName());
        }
        StreamingOutput body = out -> {
            try {
                Dl3Files.cutout(events, bundle.hduName(), sel, extraFiles, extraHdus, out);
            } catch (nom.tam.fits.FitsException e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
        };
        return Response.ok(body, "application/fits")
                .header("Content-Disposition", "attachment; filename=\"" + bundle.collection() + "_" + bundle.obsId() + "_cutout.fits\"").build();
    }
}
