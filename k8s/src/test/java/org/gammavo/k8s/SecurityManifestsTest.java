package org.gammavo.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gammavo.stack.gateway.Gateway;
import org.gammavo.stack.gateway.GatewayRoutes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes side of docs/security.md agrees with the local gateway: private paths 404, a service that does not
 * answer is a 503 with Retry-After in its protocol form, the web UI's security headers, least-privilege database roles.
 */
class SecurityManifestsTest {

    private static final Pattern LOCATION = Pattern.compile("location\\s+(=|~|\\^~)?\\s*(\\S+)\\s*\\{");

    /** The web UI's nginx.conf, cut into its location blocks (modifier + path → body). */
    private static Map<String, String> locations() throws IOException {
        String conf = Files.readString(Repo.K8S.resolve("web-ui/nginx.conf"));
        Map<String, String> out = new HashMap<>();
        Matcher m = LOCATION.matcher(conf);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            while (depth > 0) {
                char c = conf.charAt(i++);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                } else if (c == '\'' || c == '"') {
                    i = conf.indexOf(c, i) + 1; // quoted strings may hold braces
                }
            }
            out.put((m.group(1) == null ? "" : m.group(1) + " ") + m.group(2), conf.substring(m.end(), i - 1));
        }
        return out;
    }

    /** The nginx regex location whose body returns {@code status}, as a Java pattern. */
    private static List<Pattern> regexLocationsAnswering(Map<String, String> locs, String what) {
        List<Pattern> out = new ArrayList<>();
        locs.forEach((k, body) -> {
            if (k.startsWith("~ ") && body.contains(what)) {
                out.add(Pattern.compile(k.substring(2)));
            }
        });
        return out;
    }

    private static boolean matchesAny(List<Pattern> ps, String path) {
        return ps.stream().anyMatch(p -> p.matcher(path).find());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void privatePathsReachOnlyTheWebUisNotFound(String overlay) throws IOException {
        Ingress ing = Manifests.render(overlay).all(Ingress.class).get(0);
        Map<String, String> paths = ing.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .collect(Collectors.toMap(p -> p.getPath(), p -> p.getBackend().getService().getName()));
        for (String p : GatewayRoutes.PRIVATE_PREFIXES) {
            assertEquals("web-ui", paths.get(p), overlay + ": " + p + " is routed to the web UI's 404, not to a service");
        }
        Map<String, String> locs = locations();
        List<Pattern> notFound = regexLocationsAnswering(locs, "return 404");
        for (String p : GatewayRoutes.PRIVATE_PREFIXES) {
            for (String path : List.of(p, p + "/", p + "/metrics", p + "/health/ready", p + "/ingest")) {
                assertTrue(matchesAny(notFound, path), "nginx.conf answers 404 for " + path);
            }
        }
        for (String path : List.of("/tap/sync", "/tap/query", "/tap/administration", "/uws/quality", "/", "/jobs")) {
            assertFalse(matchesAny(notFound, path), "nginx.conf must not refuse " + path);
        }
        // Regex locations are tried in order: the 404 must come before the /tap catch-all below.
        String conf = Files.readString(Repo.K8S.resolve("web-ui/nginx.conf"));
        assertTrue(conf.indexOf("return 404") < conf.indexOf("location ~ ^/tap(/|$)"), "404 location first");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void aServiceThatDoesNotAnswerIs503WithRetryAfterInItsProtocolForm(String overlay) throws IOException {
        Map<String, String> ann = Manifests.render(overlay).all(Ingress.class).get(0).getMetadata().getAnnotations();
        List<String> codes = List.of(ann.getOrDefault("nginx.ingress.kubernetes.io/custom-http-errors", "").split(","));
        assertTrue(codes.containsAll(List.of("502", "504")), overlay + ": refused/reset and timeout are caught: " + codes);
        assertFalse(codes.contains("503"), overlay + ": the services' own 503s (with their messages) pass unchanged");
        assertEquals("web-ui", ann.get("nginx.ingress.kubernetes.io/default-backend"),
                overlay + ": a service without ready pods falls back to the web UI, which answers 503");
        assertTrue(ann.keySet().stream().noneMatch(k -> k.endsWith("-snippet")), overlay + ": no configuration snippets");

        Map<String, String> locs = locations();
        String votable = locs.get("= /__unavailable/votable");
        String text = locs.get("= /__unavailable/text");
        assertNotNull(votable, "a VOTable 503 location");
        assertNotNull(text, "a text 503 location");
        for (String body : List.of(votable, text)) {
            assertTrue(body.contains("return 503"), body);
            assertTrue(body.contains("add_header Retry-After \"" + Gateway.RETRY_AFTER_SECONDS + "\" always;"), body);
            assertTrue(body.contains("internal;"), body);
        }
        assertTrue(votable.contains("default_type application/x-votable+xml;"), votable);
        assertTrue(votable.contains("<RESOURCE type=\"results\">"), votable);
        assertTrue(votable.contains("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">" + Gateway.UNAVAILABLE + "</INFO>"),
                "the same DALI error as the gateway's");
        assertTrue(text.contains("text/plain") && text.contains(Gateway.UNAVAILABLE + "\\n"), text);
        // Requests of a service without pods arrive as they are; the custom error request says X-Code.
        assertTrue(locs.get("~ ^/tap(/|$)").contains("/__unavailable/votable"), "TAP answers a VOTable");
        assertTrue(locs.get("~ ^/(uws|resolver)(/|$)").contains("/__unavailable/text"), "UWS and resolver text");
        assertTrue(locs.get("/").contains("if ($http_x_code)"), "the Ingress's custom error request is answered");
        String conf = Files.readString(Repo.K8S.resolve("web-ui/nginx.conf"));
        assertTrue(conf.contains("~^/tap(/|\\?|$)  /__unavailable/votable;"), "custom errors of /tap get the VOTable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev"})
    void theWebUiSendsTheGatewaysSecurityHeaders(String overlay) throws IOException {
        Map<String, String> locs = locations();
        for (String loc : List.of("/", "/assets/")) {
            String body = locs.get(loc);
            assertNotNull(body, "location " + loc);
            Gateway.WEB_UI_HEADERS.forEach((name, value) -> assertTrue(
                    body.contains("add_header " + name + " \"" + value + "\" always;"),
                    "location " + loc + " sends " + name + ": " + value + " (as the gateway does)"));
        }
        // A location with add_header of its own inherits none: every answer carries nosniff at least.
        locs.forEach((loc, body) -> {
            if (body.contains("add_header")) {
                assertTrue(body.contains("add_header X-Content-Type-Options \"nosniff\" always;"), loc + ": nosniff");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void servicesUseLeastPrivilegeDatabaseRoles(String overlay) {
        Manifests m = Manifests.render(overlay);
        JsonNode spec = m.custom("Cluster").get(0).path("spec");
        Map<String, JsonNode> roles = new HashMap<>();
        spec.path("managed").path("roles").forEach(r -> roles.put(r.path("name").asText(), r));
        assertEquals(java.util.Set.of("gammavo_tap", "gammavo_uws", "gammavo_query"), roles.keySet(), overlay);
        for (JsonNode r : roles.values()) {
            String where = overlay + ": role " + r.path("name").asText();
            assertEquals("present", r.path("ensure").asText(), where);
            assertFalse(r.path("superuser").asBoolean(true), where + " is no superuser");
            assertFalse(r.path("createrole").asBoolean(true), where + " creates no roles");
            assertFalse(r.path("createdb").asBoolean(true), where + " creates no databases");
        }
        assertTrue(roles.get("gammavo_tap").path("login").asBoolean(), overlay);
        assertTrue(roles.get("gammavo_uws").path("login").asBoolean(), overlay);
        assertFalse(roles.get("gammavo_query").path("login").asBoolean(true), overlay + ": the query role cannot log in");
        assertTrue(roles.get("gammavo_query").path("passwordSecret").isMissingNode(), overlay);
        assertEquals("[\"gammavo_query\"]", roles.get("gammavo_tap").path("inRoles").toString(), overlay);
        assertEquals("gammavo-db-tap", roles.get("gammavo_tap").path("passwordSecret").path("name").asText(), overlay);
        assertEquals("gammavo-db-uws", roles.get("gammavo_uws").path("passwordSecret").path("name").asText(), overlay);
        String init = spec.path("bootstrap").path("initdb").path("postInitApplicationSQL").toString();
        assertTrue(init.contains("GRANT CONNECT, CREATE, TEMPORARY ON DATABASE gammavo TO gammavo_tap, gammavo_uws"),
                overlay + ": the services may create their schemas: " + init);

        Map<String, String> tapEnv = env(m, "tap-service");
        assertEquals("gammavo_query", tapEnv.get("GAMMAVO_TAP_QUERY_ROLE"), overlay + ": ADQL runs as the query role");
        for (String s : Repo.QUARKUS_SERVICES) {
            Deployment d = m.one(Deployment.class, s);
            for (EnvVar e : d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    assertFalse(e.getValueFrom().getSecretKeyRef().getName().equals("gammavo-db-app"),
                            overlay + ": " + s + " must not use the database owner's Secret (" + e.getName() + ")");
                }
            }
        }
    }

    private static Map<String, String> env(Manifests m, String service) {
        Map<String, String> out = new HashMap<>();
        for (EnvVar e : m.one(Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            out.put(e.getName(), e.getValue());
        }
        return out;
    }
}
