package org.gammavo.stack.gateway;

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

    private GatewayRoutes() {
    }
}
