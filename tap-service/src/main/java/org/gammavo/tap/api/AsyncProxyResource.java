package org.gammavo.tap.api;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * TAP 1.1 §2.3 async: a thin reverse proxy of /tap/async/** to uws-service's job list {@code async}, which keeps all
 * UWS state (one place for it); tap-service runs the queries through the Kafka job contract. The client's method,
 * body and headers (Authorization, X-Forwarded-*) pass through. uws-service writes its own URLs
 * ({@code <public>/uws/async/...}); the proxy rewrites them to {@code <public>/tap/async/...} in Location and in job
 * documents, so a client stays under /tap/async. Result bodies pass through unchanged.
 */
@Path("/async")
public class AsyncProxyResource {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Set<String> REQUEST_HEADERS = Set.of("content-type", "accept", "authorization", "cookie",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "user-agent");
    private static final Set<String> RESPONSE_HEADERS = Set.of("content-type", "content-disposition", "cache-control",
            "retry-after", "www-authenticate", "last-modified", "etag", "content-encoding");

    @ConfigProperty(name = "gammavo.tap.uws-url")
    String uwsUrl;

    @ConfigProperty(name = "gammavo.tap.results-dir")
    String resultsDir;

    @jakarta.inject.Inject
    PublicUrl publicUrl;

    @GET
    public Response getList(@Context UriInfo uri, @Context HttpHeaders h) {
        return forward("GET", "", uri, h, null);
    }

    @POST
    public Response postList(@Context UriInfo uri, @Context HttpHeaders h, InputStream body) {
        return forward("POST", "", uri, h, body);
    }

    @GET
    @Path("{rest: .+}")
    public Response get(@PathParam("rest") String rest, @Context UriInfo uri, @Context HttpHeaders h) {
        return forward("GET", "/" + rest, uri, h, null);
    }

    @POST
    @Path("{rest: .+}")
    public Response post(@PathParam("rest") String rest, @Context UriInfo uri, @Context HttpHeaders h, InputStream body) {
        return forward("POST", "/" + rest, uri, h, body);
    }

    @PUT
    @Path("{rest: .+}")
    public Response put(@PathParam("rest") String rest, @Context UriInfo uri, @Context HttpHeaders h, InputStream body) {
        return forward("PUT", "/" + rest, uri, h, body);
    }

    @DELETE
    @Path("{rest: .+}")
    public Response delete(@PathParam("rest") String rest, @Context UriInfo uri, @Context HttpHeaders h) {
        return forward("DELETE", "/" + rest, uri, h, null);
    }

    private Response forward(String method, String rest, UriInfo uri, HttpHeaders h, InputStream body) {
        URI base = publicUrl.uri();  // configured, never from the request's Host or X-Forwarded-* headers
        String publicHost = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        String query = uri.getRequestUri().getRawQuery();
        String target = uwsUrl.replaceAll("/+$", "") + "/async" + rest + (query == null ? "" : "?" + query);
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofMinutes(11));
        for (var e : h.getRequestHeaders().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (!REQUEST_HEADERS.contains(name) || name.startsWith("x-forwarded-")) continue;
            for (String v : e.getValue()) rb.header(e.getKey(), v);
        }
        // uws-service builds its URLs from these: the host and scheme the client used.
        rb.header("X-Forwarded-Host", publicHost);
        rb.header("X-Forwarded-Proto", base.getScheme());
        String clientFor = h.getHeaderString("X-Forwarded-For");
        if (clientFor != null) rb.header("X-Forwarded-For", clientFor);
        try {
            byte[] bytes = body == null ? null : body.readAllBytes();
            rb.method(method, bytes == null || bytes.length == 0 && method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
            HttpResponse<InputStream> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            String uwsPrefix = base.getScheme() + "://" + publicHost + "/uws/async";
            String tapPrefix = publicUrl.base() + "/async";
            Response.ResponseBuilder out = Response.status(r.statusCode());
            for (var e : r.headers().map().entrySet()) {
                String name = e.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("location")) {
                    for (String v : e.getValue()) out.header("Location", v.replace(uwsPrefix, tapPrefix));
                } else if (RESPONSE_HEADERS.contains(name)) {
                    for (String v : e.getValue()) out.header(e.getKey(), v);
                }
            }
            String type = r.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
            if (method.equals("GET") && r.statusCode() == 200 && rest.matches("/[A-Za-z0-9_-]+/error")) {
                // TAP 1.1 §3.3.2 / DALI: the error of a TAP job is a VOTable error document. uws-service has checked
                // that the caller may see the job; its text message is replaced by the executor's document.
                String text;
                try (InputStream in = r.body()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                java.nio.file.Path doc = java.nio.file.Path.of(resultsDir, rest.substring(1, rest.length() - 6), "error.xml");
                String errorDoc = java.nio.file.Files.isRegularFile(doc) ? java.nio.file.Files.readString(doc)
                        : type.contains("xml") ? text : DaliError.document(text.strip());
                return Response.ok(errorDoc, DaliError.VOTABLE).build();
            }
            boolean document = !rest.contains("/results/") && (type.contains("xml") || type.contains("json") || type.startsWith("text/"));
            if (document) {
                String text;
                try (InputStream in = r.body()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                return out.entity(text.replace(uwsPrefix, tapPrefix)).build();
            }
            InputStream in = r.body();
            return out.entity((jakarta.ws.rs.core.StreamingOutput) o -> {
                try (in) {
                    in.transferTo(o);
                }
            }).build();
        } catch (IOException e) {
            return DaliError.response(503, "the UWS job service does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DaliError.response(503, "interrupted while waiting for the UWS job service");
        }
    }
}
