package org.gammavo.bridge.adapters;

import com.sun.net.httpserver.HttpServer;
import org.gammavo.bridge.domain.TargetResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which answers of the resolver mean "unknown name" (the job fails) and which mean "ask again later" (it waits). */
class ResolverClientTest {

    HttpServer server;
    volatile int status;
    volatile String body;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/resolver/api/resolve", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ResolverClient client() {
        return new ResolverClient("http://127.0.0.1:" + server.getAddress().getPort() + "/resolver/");
    }

    @Test
    void aPositionIsReturned() {
        status = 200;
        body = "{\"name\":\"Crab\",\"ra\":83.633,\"dec\":22.0145}";
        assertArrayEquals(new double[]{83.633, 22.0145}, client().resolve("Crab"));
    }

    @Test
    void notFoundIsAnUnknownName() {
        status = 404;
        body = "{\"name\":\"Nowhere\",\"suggestions\":[]}";
        TargetResolver.UnknownTargetException e = assertThrows(TargetResolver.UnknownTargetException.class,
                () -> client().resolve("Nowhere"));
        assertTrue(e.getMessage().contains("unknown to the resolver"), e.getMessage());
    }

    @Test
    void serverErrorsMeanTheResolverIsAway() {
        for (int s : new int[]{500, 502, 503, 504, 429}) {
            status = s;
            body = "";
            TargetResolver.ResolverUnavailableException e = assertThrows(
                    TargetResolver.ResolverUnavailableException.class, () -> client().resolve("Crab"), "HTTP " + s);
            assertTrue(e.getMessage().contains("HTTP " + s), e.getMessage());
        }
    }

    @Test
    void aPositionlessAnswerMeansTheResolverIsBroken() {
        status = 200;
        body = "<html>gateway</html>";
        assertThrows(TargetResolver.ResolverUnavailableException.class, () -> client().resolve("Crab"));
    }

    @Test
    void noListenerMeansTheResolverIsAway() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TargetResolver.ResolverUnavailableException e = assertThrows(TargetResolver.ResolverUnavailableException.class,
                () -> new ResolverClient("http://127.0.0.1:" + port + "/resolver").resolve("Crab"));
        assertTrue(e.getMessage().startsWith("cannot resolve target 'Crab' yet: the resolver at"), e.getMessage());
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    @Test
    void noResolverConfiguredIsFinal() {
        assertThrows(TargetResolver.UnknownTargetException.class, () -> new ResolverClient("").resolve("Crab"));
    }
}
