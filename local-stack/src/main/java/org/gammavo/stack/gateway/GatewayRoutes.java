package org.gammavo.stack.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The public URL map of the platform: which path prefix goes to which service. The local gateway routes by it and
 * the Kubernetes Ingress must have exactly these paths (a test in k8s/ compares them).
 *
 * <p>Services are mounted under their prefix themselves ({@code quarkus.http.root-path}), so neither the gateway
 * nor the ingress rewrites paths: a URL is the same through the gateway, the ingress, or straight at the service.
 */
public final class GatewayRoutes {

    /**
     * @param prefix  path prefix, without a trailing slash ({@code "/"} for the web UI)
     * @param service the service (module and Kubernetes Service name) behind it
     */
    public record Route(String prefix, String service) {
    }

    public static final List<Route> ROUTES = List.of(
            new Route("/tap", "tap-service"),
            new Route("/uws", "uws-service"),
            new Route("/resolver", "resolver-service"),
            new Route("/", "web-ui"));

    /**
     * Paths under the public prefixes that are never routed publicly (404 through the gateway and the Ingress):
     * each service's Quarkus management endpoints ({@code /q/metrics}, {@code /q/openapi}, {@code /q/health},
     * {@code /q/dev-ui}…) and the TAP operator endpoint {@code /tap/admin}. The services still serve them on their
     * own ports (127.0.0.1 locally, the cluster network on Kubernetes) for scraping, probes and operators.
     */
    public static final List<String> PRIVATE_PREFIXES = List.of("/tap/q", "/uws/q", "/resolver/q", "/tap/admin");

    /**
     * Whether {@code path} (as the client sent it, still percent-encoded) falls under {@link #PRIVATE_PREFIXES}.
     * The check is made on a canonical form (percent-decoded, {@code ;params} dropped, empty and dot segments
     * resolved), so that {@code /tap//q/metrics}, {@code /tap/./q/metrics} or {@code /tap/%71/metrics}, which a
     * backend may well resolve to {@code /tap/q/metrics}, are refused too.
     */
    public static boolean isPrivate(String path) {
        String p = canonical(path);
        for (String prefix : PRIVATE_PREFIXES) {
            if (p.equals(prefix) || p.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    static String canonical(String rawPath) {
        String p = rawPath == null ? "" : rawPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        // Decode until stable: a double-encoded %2571 must not slip through either.
        for (int i = 0; i < 5; i++) {
            String d = percentDecode(p);
            if (d.equals(p)) {
                break;
            }
            p = d;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String seg : p.replace('\\', '/').split("/")) {
            int semi = seg.indexOf(';');
            if (semi >= 0) {
                seg = seg.substring(0, semi);
            }
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(seg);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private GatewayRoutes() {
    }
}
