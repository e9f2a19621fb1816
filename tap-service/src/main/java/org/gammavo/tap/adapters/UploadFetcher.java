package org.gammavo.tap.adapters;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.tap.domain.TapRequest;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * UPLOAD by URL (TAP 1.1 §2.5.7, DALI 1.1 §3.4.4) without letting clients reach what only the service can reach:
 * http/https only; the host is resolved once and refused when any of its addresses is loopback, private, link-local,
 * multicast, unspecified, CGNAT or otherwise not public (unless the host name is on the operator's allow-list); the
 * connection goes to the address that was checked (no second lookup a DNS rebinding could answer differently);
 * redirects are followed here, at most {@code max-redirects}, each hop checked again; connect and total time limits
 * and the upload size limit apply. Every refusal and failure reads the same to the client, so the service can't be
 * used to tell a closed port from a missing page; the log keeps the reason.
 */
@ApplicationScoped
public class UploadFetcher {

    private static final Logger LOG = Logger.getLogger(UploadFetcher.class);

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "gammavo.tap.upload.url.allowed-hosts")
    Optional<List<String>> allowedHosts;

    @ConfigProperty(name = "gammavo.tap.upload.url.connect-timeout")
    int connectTimeoutSeconds;

    @ConfigProperty(name = "gammavo.tap.upload.url.timeout")
    int timeoutSeconds;

    @ConfigProperty(name = "gammavo.tap.upload.url.max-redirects")
    int maxRedirects;

    @jakarta.inject.Inject
    org.gammavo.tap.domain.TapLimits limits;

    private volatile HttpClient client;

    /** Why a URL was not used (for the log only: the client always gets the same message). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout(connectTimeoutSeconds * 1000)
                            .setKeepAlive(false)
                            .setVerifyHost(true)
                            .setMaxRedirects(0)
                            .setTryUseCompression(false));
                }
                c = client;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        if (client != null) client.close();
    }

    /** The table's VOTable bytes, or an InvalidRequest with the one message every failure gets. */
    public InputStream fetch(TapRequest.Upload upload) throws TapRequest.InvalidRequest {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        URI uri;
        try {
            uri = new URI(upload.uri());
        } catch (java.net.URISyntaxException e) {
            throw refused(upload, "bad URL: " + e.getMessage());
        }
        try {
            for (int hop = 0; ; hop++) {
                Target t = check(uri);
                Response r = get(t, deadline);
                if (r.status == 200) return new ByteArrayInputStream(r.body.getBytes());
                if (r.location == null || !(r.status == 301 || r.status == 302 || r.status == 303 || r.status == 307 || r.status == 308)) {
                    throw new Refused("answered HTTP " + r.status);
                }
                if (hop >= maxRedirects) throw new Refused("more than " + maxRedirects + " redirects");
                try {
                    uri = uri.resolve(new URI(r.location));
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    throw new Refused("bad redirect " + r.location);
                }
            }
        } catch (Refused e) {
            throw refused(upload, uri + ": " + e.getMessage());
        }
    }

    private static TapRequest.InvalidRequest refused(TapRequest.Upload upload, String reason) {
        LOG.infof("UPLOAD %s by URL refused: %s", upload.tableName(), reason);
        return new TapRequest.InvalidRequest("UPLOAD " + upload.tableName() + ": the table could not be loaded from "
                + upload.uri() + " (a public http or https address answering 200 with a VOTable is needed)");
    }

    /** Where one hop goes: the checked address, and the host name for Host, SNI and the certificate. */
    record Target(boolean ssl, String host, int port, InetAddress address, String pathAndQuery) {
    }

    Target check(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new Refused("scheme " + scheme);
        String host = uri.getHost();
        if (host == null || host.isEmpty() || uri.getRawUserInfo() != null) throw new Refused("no host or user info");
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ssl = scheme.equals("https");
        int port = uri.getPort() < 0 ? (ssl ? 443 : 80) : uri.getPort();
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new Refused("unknown host " + bare);
        }
        boolean allowed = allowedHosts.orElse(List.of()).stream().anyMatch(h -> h.trim().equalsIgnoreCase(bare));
        if (!allowed) {
            for (InetAddress a : all) {
                if (!isPublic(a)) throw new Refused(bare + " resolves to the non-public address " + a.getHostAddress());
            }
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
        return new Target(ssl, bare, port, all[0], path);
    }

    /** True for an address anyone on the internet could reach, false for what only this network can. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff, b1 = b[1] & 0xff;
            if (b0 == 0 || b0 == 127 || b0 == 10 || b0 >= 224) return false;    // this network, loopback, private, multicast/reserved/broadcast
            if (b0 == 100 && (b1 & 0xc0) == 64) return false;                    // 100.64.0.0/10 carrier-grade NAT
            if (b0 == 169 && b1 == 254) return false;                             // link-local
            if (b0 == 172 && (b1 & 0xf0) == 16) return false;                    // 172.16.0.0/12
            if (b0 == 192 && b1 == 168) return false;                             // 192.168.0.0/16
            if (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) return false;        // 192.0.0.0/24 protocol assignments
            if (b0 == 198 && (b1 & 0xfe) == 18) return false;                    // 198.18.0.0/15 benchmarking
            return true;
        }
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xff, b1 = b[1] & 0xff;
            if ((b0 & 0xfe) == 0xfc) return false;                                // fc00::/7 unique local
            if (b0 == 0xfe && (b1 & 0xc0) == 0x80) return false;                  // fe80::/10 link-local
            if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) return false;                  // fec0::/10 site-local (deprecated)
            if (b0 == 0xff) return false;                                         // multicast
            boolean zero96 = true;
            for (int i = 0; i < 10; i++) zero96 &= b[i] == 0;
            if (zero96 && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                // ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped): judge the IPv4 inside
                return isPublic(v4(b, 12));
            }
            if (b0 == 0x00 && b1 == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) return isPublic(v4(b, 12));  // NAT64
            if (b0 == 0x20 && b1 == 0x02) return isPublic(v4(b, 2));             // 6to4
            return true;
        }
        return false;
    }

    private static InetAddress v4(byte[] b, int from) {
        try {
            return InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Response(int status, String location, Buffer body) {
    }

    /** One GET to the checked address, within the deadline and the size limit. */
    private Response get(Target t, long deadline) throws Refused {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) throw new Refused("time limit");
        CompletableFuture<Response> result = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<io.vertx.core.http.HttpClientRequest> sent = new java.util.concurrent.atomic.AtomicReference<>();
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(t.address(), t.port())))
                .setHost(t.host()).setPort(t.port()).setSsl(t.ssl()).setURI(t.pathAndQuery())
                .setFollowRedirects(false).setIdleTimeout(left)
                .putHeader("Accept", "application/x-votable+xml, text/xml, */*;q=0.5");
        client().request(o).onFailure(result::completeExceptionally).onSuccess(req -> {
            sent.set(req);
            req.exceptionHandler(result::completeExceptionally);
            req.send().onFailure(result::completeExceptionally).onSuccess((HttpClientResponse resp) -> {
                resp.exceptionHandler(e -> { });  // the resets below end the stream on purpose
                if (resp.statusCode() != 200) {
                    result.complete(new Response(resp.statusCode(), resp.getHeader("Location"), null));
                    resp.request().reset();
                    return;
                }
                String length = resp.getHeader("Content-Length");
                if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limits.uploadMaxBytes()) {
                    result.completeExceptionally(new Refused("Content-Length " + length + " above " + limits.uploadMaxBytes()));
                    resp.request().reset();
                    return;
                }
                Buffer body = Buffer.buffer();
                resp.handler(chunk -> {
                    if (result.isDone()) return;
                    if (body.length() + chunk.length() > limits.uploadMaxBytes()) {
                        result.completeExceptionally(new Refused("larger than " + limits.uploadMaxBytes() + " bytes"));
                        resp.request().reset();
                    } else {
                        body.appendBuffer(chunk);
                    }
                });
                resp.exceptionHandler(e -> {
                    if (!result.isDone()) result.completeExceptionally(e);
                });
                resp.endHandler(v -> result.complete(new Response(200, null, body)));
            });
        });
        try {
            return result.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            io.vertx.core.http.HttpClientRequest req = sent.get();
            if (req != null) req.reset();
            throw new Refused("time limit of " + timeoutSeconds + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused r) throw r;
            throw new Refused(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
    }
}
