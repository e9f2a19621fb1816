package org.gammavo.stack.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The local entry point on one port: routes {@link GatewayRoutes#ROUTES} like the Kubernetes ingress, serves the
 * web UI's built files at {@code /} (with the single-page-app fallback to {@code index.html}), and answers
 * {@code /health} from {@link HealthAggregator}. A reverse proxy from Vert.x (vertx-http-proxy), not hand-written:
 * it streams bodies both ways, so long UWS WAIT polls and large downloads pass through unbuffered.
 *
 * <p>What it refuses or adds (docs/security.md, "Gateway and Ingress"): {@link GatewayRoutes#PRIVATE_PREFIXES} are
 * 404; the forwarded host and scheme come from the configured public URL, never from the client; a backend that
 * does not answer gives a 503 with {@code Retry-After} in its protocol's error form; the web UI gets a
 * Content-Security-Policy and friends.
 */
public final class Gateway implements AutoCloseable {

    /**
     * The web UI's Content-Security-Policy. The built SPA has no inline script or style (vite writes one module
     * script and one stylesheet under /assets); images are the app's own, job PNGs shown through blob: URLs, and
     * the data: favicon; connect-src adds the SAMP Web Profile hub on the user's own machine (SAMP 1.3 §5: always
     * port 21012), which asks its user before it accepts the page. Kept equal to k8s/web-ui/nginx.conf (a k8s test
     * compares them).
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self' http://localhost:21012; font-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /** Headers of every web UI response (also set by k8s/web-ui/nginx.conf). */
    public static final Map<String, String> WEB_UI_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin");

    /** Seconds a client is told to wait before retrying a service that does not answer. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** What a client is told when a service does not answer (inside the protocol's own error form). */
    public static final String UNAVAILABLE = "service temporarily unavailable, retry";

    private final Vertx vertx = Vertx.vertx();
    private HttpServer server;
    private URI publicUrl;

    /**
     * Where the gateway listens and how it names itself.
     *
     * @param bindAddress the address to listen on ({@code 127.0.0.1} by default: this machine only)
     * @param publicUrl   the base URL clients use (scheme and authority are passed to the services as
     *                    X-Forwarded-Proto/Host); null for {@code http://localhost:<port>}
     */
    public record Options(String bindAddress, URI publicUrl, Oidc oidc) {
        public Options(String bindAddress, URI publicUrl) {
            this(bindAddress, publicUrl, null);
        }

        public static Options defaults() {
            return new Options("127.0.0.1", null);
        }
    }

    /**
     * The OpenID Connect issuer the web UI signs in with: served to it as {@code /oidc-config.json}, and its origin
     * added to the CSP's connect-src (the UI fetches the discovery document and exchanges the code for tokens there).
     *
     * @param issuer   e.g. {@code http://localhost:18180/realms/gammavo}
     * @param clientId the UI's public client (authorization code + PKCE)
     */
    public record Oidc(String issuer, String clientId) {
        String json() {
            return "{\"issuer\":\"" + issuer.replace("\"", "") + "\",\"clientId\":\"" + clientId.replace("\"", "")
                    + "\"}\n";
        }

        String origin() {
            URI u = URI.create(issuer);
            return u.getScheme() + "://" + u.getRawAuthority();
        }
    }

    /** {@link #start(int, Map, Path, HealthAggregator, Options)} with {@link Options#defaults()}. */
    public Gateway start(int port, Map<String, Integer> backends, Path webRoot, HealthAggregator health)
            throws Exception {
        return start(port, backends, webRoot, health, Options.defaults());
    }

    /**
     * @param port          the public port (0: any free one, see {@link #port()})
     * @param backends      service name → port on 127.0.0.1, for every route but the web UI
     * @param webRoot       the web UI's built files (index.html inside)
     * @param health        the aggregator behind {@code /health}
     * @param options       bind address and public URL
     */
    public Gateway start(int port, Map<String, Integer> backends, Path webRoot, HealthAggregator health,
                         Options options) throws Exception {
        Router router = Router.router(vertx);
        // 200 only when the overall status is UP: clients (CI, probes) wait on the status code alone.
        router.get("/health").handler(rc -> vertx.executeBlocking(health::check)
                .onSuccess(h -> rc.response().setStatusCode(HealthAggregator.isUp(h) ? 200 : 503)
                        .putHeader("content-type", "application/json").putHeader("X-Content-Type-Options", "nosniff")
                        .end(h.toPrettyString()))
                .onFailure(rc::fail));

        // Loopback backends: a refused connection fails at once; 5 s only matters if a SYN is dropped.
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64)
                .setKeepAlive(true).setIdleTimeout(60).setConnectTimeout(5000));
        for (GatewayRoutes.Route route : GatewayRoutes.ROUTES) {
            if ("/".equals(route.prefix())) {
                continue;
            }
            Integer backendPort = backends.get(route.service());
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(backendPort, "127.0.0.1");
            proxy.addInterceptor(new ProxyInterceptor() {
                @Override
                public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
                    var req = ctx.request();
                    forwardedHeaders(req.headers(), ctx.request().proxiedRequest().remoteAddress().hostAddress());
                    // A service that is down (refused, reset, timed out before answering) is a 503 the client may
                    // retry, in the service's own error form, not the proxy's empty 502.
                    return ctx.sendRequest().recover(err -> Future.succeededFuture(
                            unavailable(ctx.request().response(), route.prefix())));
                }

                @Override
                public Future<Void> handleProxyResponse(ProxyContext ctx) {
                    ctx.response().headers().set("X-Content-Type-Options", "nosniff");
                    return ctx.sendResponse();
                }
            });
            router.routeWithRegex("^" + Pattern.quote(route.prefix()) + "(/.*)?$").handler(rc -> {
                if (GatewayRoutes.isPrivate(rc.request().path()) || GatewayRoutes.isPrivate(rc.normalizedPath())) {
                    rc.response().setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8")
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .end("Not found: management and operator endpoints are not public.\n");
                    return;
                }
                proxy.handle(rc.request());
            });
        }

        Oidc oidc = options.oidc();
        router.route().handler(rc -> {
            HttpServerResponse r = rc.response();
            WEB_UI_HEADERS.forEach(r::putHeader);
            if (oidc != null) {
                r.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY.replace("connect-src 'self'",
                        "connect-src 'self' " + oidc.origin()));
            }
            rc.next();
        });
        if (oidc != null) {
            router.get("/oidc-config.json").handler(rc -> rc.response().putHeader("content-type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(oidc.json()));
        }
        if (Files.isRegularFile(webRoot.resolve("index.html"))) {
            router.route("/*").handler(StaticHandler.create(FileSystemAccess.ROOT, webRoot.toString())
                    .setCachingEnabled(false).setIndexPage("index.html"));
            String index = webRoot.resolve("index.html").toString();
            router.get("/*").handler(rc -> rc.response().putHeader("content-type", "text/html; charset=utf-8")
                    .sendFile(index));
        } else {
            router.get("/").handler(rc -> rc.response().setStatusCode(503).putHeader("content-type", "text/plain")
                    .end("The web UI is not built (" + webRoot + " has no index.html): run ./platform up again.\n"));
        }

        server = vertx.createHttpServer().requestHandler(router).listen(port, options.bindAddress())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        publicUrl = options.publicUrl() != null ? options.publicUrl()
                : URI.create("http://localhost:" + server.actualPort());
        return this;
    }

    /**
     * Replaces whatever forwarding headers the client sent by the gateway's own: a client must not choose the host
     * or scheme the services write into absolute URLs (UWS job links, DataLink access URLs, 303 Locations).
     */
    void forwardedHeaders(MultiMap headers, String clientAddress) {
        for (String name : List.copyOf(headers.names())) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("forwarded") || n.startsWith("x-forwarded-") || n.equals("x-real-ip")) {
                headers.remove(name);
            }
        }
        String scheme = publicUrl.getScheme();
        int port = publicUrl.getPort() != -1 ? publicUrl.getPort() : "https".equals(scheme) ? 443 : 80;
        headers.set("X-Forwarded-Host", publicUrl.getRawAuthority());
        headers.set("X-Forwarded-Proto", scheme);
        headers.set("X-Forwarded-Port", String.valueOf(port));
        headers.set("X-Forwarded-For", clientAddress);
    }

    /** The 503 of a service that does not answer: a DALI error VOTable for TAP (DALI 1.1 §4.4), text otherwise. */
    static ProxyResponse unavailable(ProxyResponse response, String prefix) {
        String body;
        String type;
        if ("/tap".equals(prefix)) {
            type = "application/x-votable+xml";
            body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n"
                    + "<RESOURCE type=\"results\">\n"
                    + "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">" + UNAVAILABLE + "</INFO>\n"
                    + "</RESOURCE>\n</VOTABLE>\n";
        } else {
            type = "text/plain; charset=utf-8";
            body = UNAVAILABLE + "\n";
        }
        response.headers().clear();
        return response.setStatusCode(503).setStatusMessage("Service Unavailable")
                .putHeader("Content-Type", type)
                .putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS))
                .putHeader("Cache-Control", "no-store")
                .setBody(Body.body(Buffer.buffer(body)));
    }

    public int port() {
        return server.actualPort();
    }

    /** The base URL the services are told clients use. */
    public URI publicUrl() {
        return publicUrl;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }
}
