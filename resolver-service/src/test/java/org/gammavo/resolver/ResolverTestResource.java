package org.gammavo.resolver;

import com.sun.net.httpserver.HttpServer;
import org.gammavo.stack.testing.PlatformTestResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test resources of this module, one global set so that every test class shares one Quarkus application: the
 * platform's real Kafka (and PostgreSQL, unused here) from {@link PlatformTestResource}, plus a stand-in for CDS
 * Sesame (unreachable here) on a local port, speaking its plain-text form: it knows "NGC 1275", answers "Nothing
 * found" otherwise, fails with 500 for names starting "broken" and sleeps 5 s for "slow". The stand-in is a fake of
 * the one external boundary, used by the upstream tests only.
 */
public class ResolverTestResource extends PlatformTestResource {

    public static final AtomicInteger CALLS = new AtomicInteger();
    public static final AtomicInteger BROKEN_CALLS = new AtomicInteger();
    /** The broker every replica of the tests uses. */
    public static volatile String bootstrap;
    private static HttpServer server;

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(super.start());
        bootstrap = config.get("kafka.bootstrap.servers");
        if (server == null) {
            startSesame();
        }
        config.put("resolver.upstream.sesame-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/sesame/");
        return config;
    }

    private static void startSesame() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/sesame/", exchange -> {
            CALLS.incrementAndGet();
            String q = exchange.getRequestURI().getRawQuery();
            int status = 200;
            String body = "# " + q + "\t#Q1\n#! *** Nothing found ***\n\n#====Done (2026-Jan-01,00:00:00z)====\n";
            if (q.startsWith("broken")) {
                BROKEN_CALLS.incrementAndGet();
                status = 500;
                body = "internal error";
            } else if (q.startsWith("slow")) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (q.equals("NGC%201275")) {
                body = """
                        # NGC 1275\t#Q1
                        #=S=Simbad (via url):    1
                        %I.0 NGC  1275
                        %C.0 Sy2
                        %J 049.9506671 +41.5116953 = 03:19:48.16 +41:30:42.1
                        %I Perseus A

                        #====Done (2026-Jan-01,00:00:00z)====
                        """;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException ignored) {
                // the client gave up (timeout test)
            }
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }
}
