package org.gammavo.stack.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.core.Future;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The local entry point on one port: routes {@link GatewayRoutes#ROUTES} like the Kubernetes ingress, serves the
 * web UI's built files at {@code /} (with the single-page-app fallback to {@code index.html}), and answers
 * {@code /health} from {@link HealthAggregator}. A reverse proxy from Vert.x (vertx-http-proxy), not hand-written:
 * it streams bodies both ways, so long UWS WAIT polls and large downloads pass through unbuffered.
 */
public final class Gateway implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private HttpServer server;

    /**
     * @param port          the public port
     * @param backends      service name → port on 127.0.0.1, for every route but the web UI
     * @param webRoot       the web UI's built files (index.html inside)
     * @param health        the aggregator behind {@code /health}
     */
    public Gateway start(int port, Map<String, Integer> backends, Path webRoot, HealthAggregator health)
            throws Exception {
        Router router = Router.router(vertx);
        // 200 only when the overall status is UP: clients (CI, probes) wait on the status code alone.
        router.get("/health").handler(rc -> vertx.executeBlocking(health::check)
                .onSuccess(h -> rc.response().setStatusCode(HealthAggregator.isUp(h) ? 200 : 503)
                        .putHeader("content-type", "application/json").end(h.toPrettyString()))
                .onFailure(rc::fail));

        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64)
                .setKeepAlive(true).setIdleTimeout(60));
        for (GatewayRoutes.Route route : GatewayRoutes.ROUTES) {
            if ("/".equals(route.prefix())) {
                continue;
            }
            Integer backendPort = backends.get(route.service());
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(backendPort, "127.0.0.1");
            // Like an ingress controller: the service learns the public host and scheme, so the absolute URLs it
            // writes (UWS job and result links, DataLink access URLs, 303 Locations) point at the gateway.
            proxy.addInterceptor(new ProxyInterceptor() {
                @Override
                public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
                    var req = ctx.request();
                    var in = req.proxiedRequest();
                    String host = in.authority() != null ? in.authority().toString() : "localhost:" + port;
                    req.headers().set("X-Forwarded-Host", host);
                    req.headers().set("X-Forwarded-Proto", in.scheme() == null ? "http" : in.scheme());
                    req.headers().set("X-Forwarded-For", in.remoteAddress().hostAddress());
                    return ctx.sendRequest();
                }
            });
            router.routeWithRegex("^" + Pattern.quote(route.prefix()) + "(/.*)?$")
                    .handler(rc -> proxy.handle(rc.request()));
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

        server = vertx.createHttpServer().requestHandler(router).listen(port, "0.0.0.0")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return this;
    }

    public int port() {
        return server.actualPort();
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
