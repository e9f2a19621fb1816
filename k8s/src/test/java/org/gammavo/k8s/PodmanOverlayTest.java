package org.gammavo.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The podman run (k8s/overlays/podman, k8s/podman/render.py, k8s/podman/run.sh) starts the base's own Deployments
 * and ConfigMap, not a parallel copy: rendered side by side, they differ only in what host networking and local
 * images require. A new env var, volume, probe or command in the base reaches the podman run unchanged, and a patch
 * in the overlay that changes anything else fails here.
 */
class PodmanOverlayTest {

    private static final Set<String> DROPPED_KINDS = Set.of("Ingress", "NetworkPolicy", "Service", "ServiceAccount",
            "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster");
    /** ConfigMap keys whose values the podman run sets: addresses on the host network. */
    private static final Set<String> LOCAL_ADDRESS_KEYS = Set.of("GAMMAVO_PUBLIC_URL", "GAMMAVO_TAP_URL",
            "GAMMAVO_UWS_URL", "GAMMAVO_RESOLVER_URL", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL",
            "GAMMAVO_TRUSTED_PROXIES");
    /** The env var that moves each container's listener to its own port on the host network. */
    private static final Set<String> PORT_VARS = Set.of("QUARKUS_HTTP_PORT", "GAMMAVO_WEB_UI_PORT");

    private final Manifests base = Manifests.render("base");
    private final Manifests podman = Manifests.render("overlays/podman");

    @Test
    void deploymentsAreTheBasesExceptPortAndLocalImage() {
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode b : docs(base, "Deployment")) {
            String name = b.path("metadata").path("name").asText();
            JsonNode p = docs(podman, "Deployment").stream().filter(d -> name.equals(d.path("metadata").path("name").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("the podman overlay lacks Deployment " + name));
            ObjectNode expected = normalised(b, name, null);
            ObjectNode actual = normalised(p, name, ports);
            assertEquals(expected, actual, "Deployment " + name + " differs from the base beyond port and image");
        }
        assertEquals(docs(base, "Deployment").size(), ports.size(), "each service its own host port: " + ports);
        ports.forEach(port -> assertTrue(port >= 30000 && port < 40000, "host port " + port + " is not a 3xxxx port"));
    }

    @Test
    void configMapHasTheBasesKeysAndChangesOnlyAddresses() {
        JsonNode b = docs(base, "ConfigMap").get(0).path("data");
        JsonNode p = docs(podman, "ConfigMap").get(0).path("data");
        assertEquals(names(b), names(p), "the podman ConfigMap must have exactly the base's keys");
        for (String key : names(b)) {
            if (!LOCAL_ADDRESS_KEYS.contains(key)) {
                assertEquals(b.path(key), p.path(key), "ConfigMap key " + key + " must keep the base's value");
            } else {
                assertTrue(p.path(key).asText().contains("127.0.0.1"), key + " must point at the host network: " + p.path(key));
            }
        }
    }

    @Test
    void dropsOnlyWhatNeedsAnOperatorOrTheApiServer() {
        Map<String, String> podmanKinds = new LinkedHashMap<>();
        podman.documents.forEach(d -> podmanKinds.put(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText(), ""));
        for (JsonNode d : base.documents) {
            String kind = d.path("kind").asText();
            String key = kind + "/" + d.path("metadata").path("name").asText();
            if (!DROPPED_KINDS.contains(kind) && !kind.equals("ConfigMap")) {
                assertTrue(podmanKinds.containsKey(key), "the podman overlay drops " + key);
            }
        }
        for (String key : podmanKinds.keySet()) {
            assertTrue(!DROPPED_KINDS.contains(key.substring(0, key.indexOf('/'))), "the podman overlay keeps " + key);
        }
    }

    /** The PostgreSQL image creates the database the way the CloudNativePG Cluster's bootstrap does. */
    @Test
    void postgresImageRunsTheClustersBootstrapSql() throws IOException {
        String entrypoint = Files.readString(Repo.K8S.resolve("images/postgres/postgres-entrypoint.sh"));
        JsonNode cluster = base.documents.stream().filter(d -> d.path("kind").asText().equals("Cluster")).findFirst().orElseThrow();
        for (JsonNode sql : cluster.path("spec").path("bootstrap").path("initdb").path("postInitApplicationSQL")) {
            assertTrue(entrypoint.contains(sql.asText() + ";"), "postgres-entrypoint.sh lacks: " + sql.asText());
        }
        for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
            if (role.has("passwordSecret")) {
                assertTrue(entrypoint.contains("ALTER ROLE " + role.path("name").asText() + " PASSWORD"),
                        "postgres-entrypoint.sh does not set the password of " + role.path("name").asText());
            }
        }
    }

    /**
     * render.py replaces only the volumes podman 4.3 cannot mount (subPath of a claim, secret): every container
     * keeps its mount paths and read-only flags, and the rest of each Deployment is as kustomize rendered it.
     */
    @Test
    void renderPyChangesOnlyUnsupportedVolumes(@TempDir Path tmp) throws Exception {
        Path rendered = tmp.resolve("rendered.yaml");
        StringBuilder all = new StringBuilder();
        for (JsonNode d : podman.documents) {
            all.append("---\n").append(Manifests.YAML.writeValueAsString(d));
        }
        Files.writeString(rendered, all);
        Path secrets = tmp.resolve("secrets.yaml");
        Files.writeString(secrets, """
                apiVersion: v1
                kind: Secret
                metadata: {name: gammavo-slurm}
                stringData: {url: "http://127.0.0.1:1", user: u, token: t}
                """);
        Path out = tmp.resolve("out");
        Process p = new ProcessBuilder("python3", Repo.K8S.resolve("podman/render.py").toString(), rendered.toString(),
                secrets.toString(), out.toString(), "--bind", "gammavo-shared=/srv/shared").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "render.py did not finish");
        assertEquals(0, p.exitValue(), "render.py failed (python3 with PyYAML is needed): " + log);
        assertEquals("t", Files.readString(out.resolve("secret-volumes/slurm-bridge/slurm-token/token")));

        List<JsonNode> played = new ArrayList<>();
        played.addAll(Manifests.parseAll(Files.readString(out.resolve("infra.yaml"))));
        played.addAll(Manifests.parseAll(Files.readString(out.resolve("platform.yaml"))));
        for (JsonNode before : docs(podman, "Deployment")) {
            String name = before.path("metadata").path("name").asText();
            JsonNode after = played.stream().filter(d -> d.path("kind").asText().equals("Deployment")
                    && name.equals(d.path("metadata").path("name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("render.py dropped Deployment " + name));
            JsonNode podAfter = after.path("spec").path("template").path("spec");
            for (JsonNode v : podAfter.path("volumes")) {
                assertTrue(v.has("hostPath") || v.has("emptyDir") || v.has("persistentVolumeClaim") || v.has("configMap"),
                        name + ": volume podman 4.3 cannot mount: " + v);
            }
            JsonNode podBefore = before.path("spec").path("template").path("spec");
            for (int i = 0; i < podBefore.path("containers").size(); i++) {
                assertEquals(mounts(podBefore.path("containers").get(i)), mounts(podAfter.path("containers").get(i)),
                        name + ": mount paths or read-only flags changed");
            }
            ObjectNode b = before.deepCopy();
            ObjectNode a = after.deepCopy();
            for (ObjectNode d : List.of(a, b)) {
                ObjectNode pod = (ObjectNode) d.path("spec").path("template").path("spec");
                pod.remove("volumes");
                for (JsonNode c : pod.path("containers")) {
                    ObjectNode container = (ObjectNode) c;
                    container.remove("volumeMounts");
                    // The namespace from the downward API becomes its value ("default": no namespace is set).
                    for (JsonNode e : container.path("env")) {
                        if (e.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("metadata.namespace")) {
                            ((ObjectNode) e).remove("valueFrom");
                            ((ObjectNode) e).put("value", "default");
                        }
                    }
                    // Ports are dropped (host network); a probe naming one gets its number.
                    Map<String, JsonNode> named = new LinkedHashMap<>();
                    container.path("ports").forEach(port -> named.put(port.path("name").asText(), port.path("containerPort")));
                    container.remove("ports");
                    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                        for (String handler : List.of("httpGet", "tcpSocket")) {
                            JsonNode h = container.path(probe).path(handler);
                            if (h.path("port").isTextual()) {
                                ((ObjectNode) h).set("port", named.get(h.path("port").asText()));
                            }
                        }
                    }
                }
            }
            assertEquals(b, a, name + ": render.py changed more than volumes, ports and the namespace variable");
        }
        assertEquals(docs(podman, "Deployment").size(),
                played.stream().filter(d -> d.path("kind").asText().equals("Deployment")).count());
    }

    private static List<String> mounts(JsonNode container) {
        List<String> m = new ArrayList<>();
        container.path("volumeMounts").forEach(v -> m.add(v.path("mountPath").asText() + " ro=" + v.path("readOnly").asBoolean(false)));
        return m;
    }

    /**
     * The Deployment with the allowed podman differences undone: the image's registry (docker.io → localhost), pull
     * policy Never, the container's port (and the probes' numeric ports) and its port env var; the ConfigMap's hash.
     */
    private static ObjectNode normalised(JsonNode deployment, String name, Set<Integer> ports) {
        ObjectNode d = deployment.deepCopy();
        for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
            ObjectNode container = (ObjectNode) c;
            for (JsonNode ef : container.path("envFrom")) {
                ObjectNode ref = (ObjectNode) ef.path("configMapRef");
                if (ref.path("name").asText().startsWith("gammavo-config-")) {
                    ref.put("name", "gammavo-config");
                }
            }
            if (ports == null) {
                continue;
            }
            String image = container.path("image").asText();
            assertTrue(image.startsWith("localhost/gammavo/"), name + ": not a local image: " + image);
            container.put("image", image.replaceFirst("^localhost/", "docker.io/"));
            assertEquals("Never", container.path("imagePullPolicy").asText(), name + ": podman must never pull");
            container.put("imagePullPolicy", "Always");
            int port = container.path("ports").get(0).path("containerPort").asInt();
            ports.add(port);
            ArrayNode env = (ArrayNode) container.path("env");
            int found = 0;
            for (Iterator<JsonNode> it = env.iterator(); it.hasNext(); ) {
                JsonNode e = it.next();
                if (PORT_VARS.contains(e.path("name").asText())) {
                    assertEquals(String.valueOf(port), e.path("value").asText(), name + ": listener port != container port");
                    it.remove();
                    found++;
                }
            }
            assertEquals(1, found, name + ": one port variable expected");
            if (env.isEmpty()) {
                container.remove("env");
            }
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode http = container.path(probe).path("httpGet");
                if (http.path("port").isInt()) {
                    assertEquals(port, http.path("port").asInt(), name + ": " + probe + " not on the container's port");
                    ((ObjectNode) http).set("port", IntNode.valueOf(-1));
                }
            }
            ((ObjectNode) container.path("ports").get(0)).set("containerPort", IntNode.valueOf(-1));
        }
        if (ports == null) {
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                ((ObjectNode) c.path("ports").get(0)).set("containerPort", IntNode.valueOf(-1));
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode http = c.path(probe).path("httpGet");
                    if (http.path("port").isInt()) {
                        ((ObjectNode) http).set("port", IntNode.valueOf(-1));
                    }
                }
            }
        }
        return d;
    }

    private static List<JsonNode> docs(Manifests m, String kind) {
        return m.documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
