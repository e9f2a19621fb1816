package org.gammavo.tap.api;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.gammavo.tap.adapters.QueryExecutor;
import org.gammavo.tap.adapters.RunningQuery;
import org.gammavo.tap.adapters.UploadFetcher;
import org.gammavo.tap.domain.RetryPolicy;
import org.gammavo.tap.domain.TapRequest;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TAP 1.1 §2.1 synchronous queries: GET or POST (form or multipart with inline uploads) on /tap/sync. The query runs
 * before the response starts, so a bad query gets a DALI error with HTTP 400; rows are then streamed.
 */
@Path("/sync")
public class SyncResource {

    private static final Logger LOG = Logger.getLogger(SyncResource.class);

    @Inject
    QueryExecutor executor;

    @Inject
    UploadFetcher fetcher;

    @Inject
    ClientLimit limit;

    @Inject
    PublicUrl publicUrl;

    @Inject
    QueryHistoryRecorder history;

    /** Resolved on first use (lazy authentication): credentials, when sent, bring the user's own tables in. */
    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    @Inject
    org.gammavo.tap.domain.TapLimits limits;

    @GET
    public Response get(@Context UriInfo uri, @Context RoutingContext rc) {
        return run(first(uri.getQueryParameters()), Map.of(), rc);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postForm(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context RoutingContext rc) {
        Map<String, String> params = first(uri.getQueryParameters());
        params.putAll(first(form));
        return run(params, Map.of(), rc);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response postMultipart(MultipartFormDataInput input, @Context UriInfo uri, @Context RoutingContext rc) {
        Map<String, String> params = first(uri.getQueryParameters());
        Map<String, FormValue> parts = new LinkedHashMap<>();
        for (Map.Entry<String, Collection<FormValue>> e : input.getValues().entrySet()) {
            for (FormValue v : e.getValue()) {
                if (v.isFileItem()) parts.putIfAbsent(e.getKey(), v);
                else params.putIfAbsent(e.getKey(), v.getValue());
                parts.putIfAbsent(e.getKey(), v);
            }
        }
        return run(params, parts, rc);
    }

    static Map<String, String> first(MultivaluedMap<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : m.entrySet()) {
            if (!e.getValue().isEmpty()) out.put(e.getKey(), e.getValue().get(0));
        }
        return out;
    }

    private Response run(Map<String, String> params, Map<String, FormValue> parts, RoutingContext rc) {
        TapRequest req;
        try {
            req = TapRequest.of(params, limits.defaultMaxrec(), limits.maxrecLimit());
        } catch (TapRequest.InvalidRequest e) {
            return DaliError.response(400, e.getMessage());
        }
        var peer = rc.request().remoteAddress();
        String client = peer == null ? "unknown" : peer.hostAddress();
        ClientLimit.Permit permit = limit.acquire(client);
        if (permit == null) {
            return Response.fromResponse(DaliError.response(503, "too many queries at once: at most " + limit.max()
                    + " sync queries of one client run at the same time; retry when one has ended")).header("Retry-After", "5").build();
        }
        // the response's end releases the permit; a connection closed before that end (the client gave up) also
        // cancels the query in the database, whether it is still executing or already streaming
        QueryExecutor.Cancellation cancellation = new QueryExecutor.Cancellation();
        rc.addEndHandler(ended -> {
            permit.release();
            if (ended.failed()) cancellation.cancelAsync();
        });
        RunningQuery q = null;
        String owner = identity.isAnonymous() ? null : identity.getPrincipal().getName();
        // nothing has been sent yet: a connection lost to a database restart gets one more attempt at once
        RetryPolicy retry = RetryPolicy.once();
        for (int attempt = 1; q == null; attempt++) {
            try {
                q = executor.start(req, uploadSource(parts, fetcher), cancellation, owner);
            } catch (TapRequest.InvalidRequest e) {
                return DaliError.response(400, e.getMessage());
            } catch (QueryExecutor.QueryFailed e) {
                if (!e.connectionLost() || cancellation.cancelled() || retry.pauseAfter(attempt, Duration.ZERO).isEmpty()) {
                    return DaliError.response(400, e.getMessage());
                }
                LOG.warnf("sync query lost its database connection, trying once more: %s", e.getMessage());
            }
        }
        RunningQuery started = q;
        history.track(identity, req, q::count, q::overflow, rc);
        StreamingOutput body = out -> {
            try (started) {
                ResultWriter.write(req.format(), started, req.query(), publicUrl.base() + "/datalink", out);
            } catch (ResultWriter.IncompleteResult e) {
                // the document already ends with QUERY_STATUS=ERROR; close the response normally
                LOG.warnf("sync result incomplete after %d rows: %s", started.count(), e.getMessage());
            } catch (IOException e) {
                LOG.warnf("sync result stream ended early: %s", e.getMessage());
                started.cancel();
                throw e;
            }
        };
        return Response.ok(body, req.format().mimeType()).build();
    }

    /** Where UPLOAD references point: a multipart part (param:name) or an http(s) URL. */
    static QueryExecutor.UploadSource uploadSource(Map<String, FormValue> parts, UploadFetcher fetcher) {
        Map<String, FormValue> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(parts);
        return upload -> {
            String uri = upload.uri();
            if (uri.toLowerCase(Locale.ROOT).startsWith("param:")) {
                FormValue v = byName.get(uri.substring(6));
                if (v == null) throw new TapRequest.InvalidRequest("UPLOAD " + upload.tableName() + " refers to " + uri
                        + " but the request has no part named " + uri.substring(6));
                if (v.isFileItem()) return Files.newInputStream(v.getFileItem().getFile());
                return new ByteArrayInputStream(v.getValue().getBytes(StandardCharsets.UTF_8));
            }
            return fetcher.fetch(upload);
        };
    }
}
