package org.gammavo.tap.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.gammavo.tap.adapters.Dl3Files;
import org.gammavo.tap.adapters.ObsCoreStore;
import org.gammavo.tap.adapters.Previews;
import org.gammavo.tap.domain.DataLinkService;
import org.gammavo.tap.domain.EventSelection;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP for DataLink 1.1: the links endpoint (the links come from {@link DataLinkService}, the document from
 * {@link DataLinkDocument}) and the files and services the links point at: DL3 files, single-HDU response functions,
 * previews ({@link Previews}) and the event-list cutout.
 */
@Path("/")
public class DataLinkResource {

    @Inject ObsCoreStore store;

    @Inject DataLinkService dataLinks;

    @Inject Previews previews;

    @Inject PublicUrl publicUrl;

    @GET
    @Path("datalink")
    public Response links(@Context UriInfo uri) throws Exception {
        return links(ids(uri.getQueryParameters(), null), publicUrl.base());
    }

    /** DataLink 1.1 §2.2: the links endpoint takes POST as well; clients send many IDs at once this way. */
    @POST
    @Path("datalink")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response linksPost(MultivaluedMap<String, String> form, @Context UriInfo uri)
            throws Exception {
        return links(ids(uri.getQueryParameters(), form), publicUrl.base());
    }

    private static List<String> ids(
            MultivaluedMap<String, String> query, MultivaluedMap<String, String> form) {
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
        if (ids.isEmpty())
            return DaliError.response(
                    400, "missing parameter ID (an obs_publisher_did of ivoa.obscore)");
        for (String id : ids) {
            // a NUL can arrive in a form body (the URL is checked by NulFilter); PostgreSQL text
            // refuses it
            if (id.indexOf('\u0000') >= 0)
                return DaliError.response(400, "UsageFault: an ID contains a NUL character");
        }
        DataLinkService.Links links = dataLinks.linksOf(ids, base);
        StreamingOutput body = out -> DataLinkDocument.write(links, base, out);
        return Response.ok(body, DataLinkDocument.MIME).build();
    }

    private static Response noObservation(String collection, String obsId) {
        return DaliError.response(404, "no observation " + obsId + " in " + collection);
    }

    private static String attachment(String fileName) {
        return "attachment; filename=\"" + fileName + "\"";
    }

    @GET
    @Path("files/{collection}/{obsId}")
    public Response bundleFile(
            @PathParam("collection") String collection, @PathParam("obsId") String obsId)
            throws Exception {
        var f = store.file(collection, obsId, "bundle");
        if (f.isEmpty()) return noObservation(collection, obsId);
        java.nio.file.Path p = java.nio.file.Path.of(f.get().path());
        StreamingOutput body =
                out -> {
                    try (InputStream in = Files.newInputStream(p)) {
                        in.transferTo(out);
                    }
                };
        return Response.ok(body, "application/fits")
                .header("Content-Length", Files.size(p))
                .header("Content-Disposition", attachment(p.getFileName().toString()))
                .build();
    }

    @GET
    @Path("files/{collection}/{obsId}/{subtype}")
    public Response irfFile(
            @PathParam("collection") String collection,
            @PathParam("obsId") String obsId,
            @PathParam("subtype") String subtype)
            throws Exception {
        var f = store.file(collection, obsId, subtype);
        if (f.isEmpty() || subtype.equals("bundle")) {
            String what = "no " + subtype + " response function for observation " + obsId;
            return DaliError.response(404, what + " in " + collection);
        }
        java.nio.file.Path p = java.nio.file.Path.of(f.get().path());
        String hdu = f.get().hduName();
        StreamingOutput body =
                out -> {
                    try {
                        Dl3Files.writeSingleHdu(p, hdu, out);
                    } catch (nom.tam.fits.FitsException e) {
                        throw new java.io.IOException(e.getMessage(), e);
                    }
                };
        return Response.ok(body, "application/fits")
                .header("Content-Disposition", attachment(collection + "_" + obsId + "_" + subtype + ".fits"))
                .build();
    }

    @GET
    @Path("preview/{collection}/{obsId}.png")
    public Response preview(
            @PathParam("collection") String collection, @PathParam("obsId") String obsId)
            throws Exception {
        var f = store.file(collection, obsId, "bundle");
        if (f.isEmpty()) return noObservation(collection, obsId);
        java.nio.file.Path cached;
        try {
            cached = previews.of(f.get());
        } catch (nom.tam.fits.FitsException | java.io.IOException e) {
            return DaliError.response(
                    500, "cannot make the preview of " + obsId + ": " + e.getMessage());
        }
        return Response.ok(cached.toFile(), "image/png")
                .header("Cache-Control", "max-age=86400")
                .build();
    }

    @GET
    @Path("cutout")
    public Response cutout(@Context UriInfo uri) throws Exception {
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        p.putAll(SyncResource.first(uri.getQueryParameters()));
        String id = p.get("ID");
        if (id == null || id.isBlank())
            return DaliError.response(
                    400, "missing parameter ID (a hea-event-bundle obs_publisher_did)");
        EventSelection sel;
        try {
            String pos = p.get("POS");
            String circle = p.get("CIRCLE");
            if (circle != null && !circle.isBlank()) {
                if (pos != null && !pos.isBlank())
                    return DaliError.response(400, "give POS or CIRCLE, not both");
                pos = "CIRCLE " + circle;
            }
            if (circle != null && !circle.isBlank() && circle.trim().split("\\s+").length != 3) {
                return DaliError.response(
                        400, "CIRCLE must be 'ra dec radius' (degrees), not '" + circle + "'");
            }
            sel = EventSelection.parse(pos, p.get("BAND"), p.get("ENERGY"), p.get("TIME"));
        } catch (IllegalArgumentException e) {
            return DaliError.response(400, e.getMessage());
        }
        List<ObsCoreStore.DatasetFile> files = store.filesOfObservation(id);
        ObsCoreStore.DatasetFile bundle =
                files.stream()
                        .filter(f -> f.publisherDid().equals(id) && f.role().equals("bundle"))
                        .findFirst()
                        .orElse(null);
        if (bundle == null) return DaliError.response(404, "no event bundle " + id);
        java.nio.file.Path events = java.nio.file.Path.of(bundle.path());
        List<java.nio.file.Path> extraFiles = new ArrayList<>();
        List<String> extraHdus = new ArrayList<>();
        for (ObsCoreStore.DatasetFile f : files) {
            if (f.role().equals("bundle")) continue;
            extraFiles.add(java.nio.file.Path.of(f.path()));
            extraHdus.add(f.hduName());
        }
        StreamingOutput body =
                out -> {
                    try {
                        Dl3Files.cutout(events, bundle.hduName(), sel, extraFiles, extraHdus, out);
                    } catch (nom.tam.fits.FitsException e) {
                        throw new java.io.IOException(e.getMessage(), e);
                    }
                };
        return Response.ok(body, "application/fits")
                .header("Content-Disposition", attachment(bundle.collection() + "_" + bundle.obsId() + "_cutout.fits"))
                .build();
    }
}
