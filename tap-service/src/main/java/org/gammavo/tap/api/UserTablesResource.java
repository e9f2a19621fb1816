package org.gammavo.tap.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gammavo.adql.meta.Column;
import org.gammavo.tap.adapters.UserTableStore;
import org.gammavo.tap.domain.TapRequest;
import org.gammavo.tap.domain.UserTableRules;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Persistent user tables (issue #18), in the spirit of DaCHS's /user_tables and CADC youcat: an authenticated user
 * creates a table ({@code PUT /tap/user_tables/<name>} with the table as body, or {@code POST /tap/user_tables} as a
 * form with {@code name} and {@code file}, or {@code name} and {@code JOB} for an async job's result), lists theirs with
 * the quota use ({@code GET}), and drops one ({@code DELETE /tap/user_tables/<name>}). The table is then queried as
 * {@code tap_user_<owner>.<name>} by that user only. Errors are DALI error documents.
 */
@Path("/user_tables")
public class UserTablesResource {

    private static final Logger LOG = Logger.getLogger(UserTablesResource.class);

    @Inject
    UserTableStore store;

    @Inject
    SecurityIdentity identity;

    @Inject
    PublicUrl publicUrl;

    private String owner() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    private static Response unauthorized() {
        return Response.fromResponse(DaliError.response(401, "user tables belong to a user: authenticate (HTTP Basic)"))
                .header("WWW-Authenticate", "Basic realm=\"gammavo\"").build();
    }

    @GET
    public Response list() {
        String owner = owner();
        if (owner == null) return unauthorized();
        try {
            List<UserTableStore.UserTable> tables = store.list(owner);
            long rows = tables.stream().mapToLong(UserTableStore.UserTable::rows).sum();
            long bytes = tables.stream().mapToLong(UserTableStore.UserTable::bytes).sum();
            Map<String, Object> quota = new LinkedHashMap<>();
            quota.put("tables", Map.of("used", tables.size(), "limit", store.maxTables()));
            quota.put("rows", Map.of("used", rows, "limit", store.maxRows()));
            quota.put("bytes", Map.of("used", bytes, "limit", store.maxBytes()));
            quota.put("upload_bytes", Map.of("limit", store.maxUploadBytes()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("owner", owner);
            out.put("schema", UserTableRules.schemaOf(owner));
            out.put("quota", quota);
            List<Object> list = new ArrayList<>();
            for (UserTableStore.UserTable t : tables) list.add(json(t));
            out.put("tables", list);
            return Response.ok(out, MediaType.APPLICATION_JSON).build();
        } catch (SQLException e) {
            return failed(e);
        }
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        String owner = owner();
        if (owner == null) return unauthorized();
        try {
            for (UserTableStore.UserTable t : store.list(owner)) {
                if (t.name().equalsIgnoreCase(name)) return Response.ok(json(t), MediaType.APPLICATION_JSON).build();
            }
            return DaliError.response(404, "user " + owner + " has no table " + name);
        } catch (SQLException e) {
            return failed(e);
        }
    }

    /** The body is the table; Content-Type (or ?format=votable|csv|fits) says its format, else the bytes do. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@PathParam("name") String name, @HeaderParam("Content-Type") String type,
                        @QueryParam("format") String format, InputStream body) {
        String owner = owner();
        if (owner == null) return unauthorized();
        return created(() -> store.create(owner, name, format != null && !format.isBlank() ? format : type, body));
    }

    /** A form: {@code name} and {@code file} (the table; optional {@code format}), or {@code name} and {@code JOB}. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response post(MultipartFormDataInput input) {
        String owner = owner();
        if (owner == null) return unauthorized();
        Map<String, FormValue> parts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, Collection<FormValue>> e : input.getValues().entrySet()) {
            if (!e.getValue().isEmpty()) parts.putIfAbsent(e.getKey(), e.getValue().iterator().next());
        }
        String name = text(parts.get("name"));
        String job = text(parts.get("JOB"));
        FormValue file = parts.get("file");
        if (name == null) return DaliError.response(400, "missing form field name (the table name)");
        if (job != null && file != null) return DaliError.response(400, "give either file or JOB, not both");
        if (job != null) return created(() -> store.createFromJob(owner, name, job.trim()));
        if (file == null) return DaliError.response(400, "missing form field file (the table) or JOB (an async job id)");
        String format = text(parts.get("format"));
        String type = format != null ? format
                : file.getHeaders().getFirst("Content-Type") == null ? null : file.getHeaders().getFirst("Content-Type");
        return created(() -> {
            try (InputStream in = file.isFileItem() ? Files.newInputStream(file.getFileItem().getFile())
                    : new ByteArrayInputStream(file.getValue().getBytes(StandardCharsets.UTF_8))) {
                return store.create(owner, name, type, in);
            }
        });
    }

    /** A simple form too (name + JOB), as DaCHS/youcat clients send it. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postForm(jakarta.ws.rs.core.MultivaluedMap<String, String> form) {
        String owner = owner();
        if (owner == null) return unauthorized();
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (var e : form.entrySet()) if (!e.getValue().isEmpty()) p.putIfAbsent(e.getKey(), e.getValue().get(0));
        if (p.get("name") == null) return DaliError.response(400, "missing form field name (the table name)");
        if (p.get("JOB") == null) return DaliError.response(400, "missing form field JOB; send a table as multipart (file) or with PUT");
        return created(() -> store.createFromJob(owner, p.get("name"), p.get("JOB").trim()));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        String owner = owner();
        if (owner == null) return unauthorized();
        try {
            if (!store.drop(owner, name)) return DaliError.response(404, "user " + owner + " has no table " + name);
            return Response.noContent().build();
        } catch (SQLException e) {
            return failed(e);
        }
    }

    private interface Creation {
        UserTableStore.UserTable run() throws TapRequest.InvalidRequest, UserTableStore.Refused, SQLException, IOException;
    }

    private Response created(Creation creation) {
        try {
            UserTableStore.UserTable t = creation.run();
            return Response.created(URI.create(publicUrl.base() + "/user_tables/" + t.name()))
                    .type(MediaType.APPLICATION_JSON).entity(json(t)).build();
        } catch (TapRequest.InvalidRequest e) {
            return DaliError.response(400, e.getMessage());
        } catch (UserTableStore.Refused e) {
            return DaliError.response(e.status(), e.getMessage());
        } catch (IOException e) {
            return DaliError.response(400, "cannot read the uploaded table: " + e.getMessage());
        } catch (SQLException e) {
            // e.g. a NUL in a text cell, a number out of range: the database refused the rows (nothing was kept)
            String m = e.getMessage() == null ? "unknown error" : e.getMessage().lines().findFirst().orElse("");
            return DaliError.response(400, "the database refused the table: " + m);
        }
    }

    private static Response failed(SQLException e) {
        LOG.errorf(e, "user tables: database error");
        return DaliError.response(503, "the database is not available: retry later");
    }

    private static String text(FormValue v) {
        if (v == null) return null;
        String s;
        try {
            s = v.isFileItem() ? Files.readString(v.getFileItem().getFile(), StandardCharsets.UTF_8) : v.getValue();
        } catch (IOException e) {
            return null;
        }
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Map<String, Object> json(UserTableStore.UserTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("table_name", t.qualifiedName());
        m.put("rows", t.rows());
        m.put("bytes", t.bytes());
        if (t.created() != null) m.put("created", t.created());
        if (t.raColumn() != null) m.put("position", List.of(t.raColumn(), t.decColumn()));
        List<Object> cols = new ArrayList<>();
        for (Column c : t.columns()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("datatype", c.datatype());
            if (c.arraysize() != null) cm.put("arraysize", c.arraysize());
            if (c.unit() != null) cm.put("unit", c.unit());
            if (c.ucd() != null) cm.put("ucd", c.ucd());
            if (c.indexed()) cm.put("indexed", true);
            cols.add(cm);
        }
        m.put("columns", cols);
        return m;
    }
}
