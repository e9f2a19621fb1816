package org.gammavo.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k8s/base/&lt;service&gt;/kubernetes.yml is a copy of what quarkus-kubernetes generates (kustomize cannot read
 * outside k8s/). This fails when a copy differs in substance from the service's freshly generated
 * target/kubernetes/kubernetes.yml: the set of resources, labels and selectors, Service ports, and per container the
 * image, ports, env and probe endpoints. In the reactor build the services build first, so the files exist; when one
 * is absent (k8s built alone) its comparison is skipped with the reason printed.
 */
class GeneratedManifestsSyncTest {

    @ParameterizedTest
    @ValueSource(strings = {"tap-service", "uws-service", "resolver-service", "slurm-bridge"})
    void keptCopyEqualsTheGeneratedManifestsInSubstance(String service) throws IOException {
        Path generated = Repo.ROOT.resolve(service).resolve("target/kubernetes/kubernetes.yml");
        Path copy = Repo.K8S.resolve("base").resolve(service).resolve("kubernetes.yml");
        assertTrue(Files.isRegularFile(copy), copy + " exists (run k8s/sync-generated.sh)");
        if (!Files.isRegularFile(generated)) {
            String reason = "skipped: " + generated + " is absent (build " + service + " first); its copy is not compared";
            System.out.println("[GeneratedManifestsSyncTest] " + reason);
            assumeTrue(false, reason);
        }
        Map<String, JsonNode> expected = substance(Manifests.parseAll(Files.readString(generated)));
        Map<String, JsonNode> actual = substance(Manifests.parseAll(Files.readString(copy)));
        assertEquals(expected.keySet(), actual.keySet(),
                service + ": resources of the copy differ from the generated ones; run k8s/sync-generated.sh");
        expected.forEach((id, e) -> assertEquals(e, actual.get(id), service + ": " + id
                + " differs in substance from " + generated + "; run k8s/sync-generated.sh and check the patches in k8s/"));
    }

    /** Each resource, by "Kind/name", reduced to what the patches and the tests rely on. */
    static Map<String, JsonNode> substance(List<JsonNode> docs) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode d : docs) {
            String id = d.path("kind").asText() + "/" + d.path("metadata").path("name").asText();
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.set("labels", d.path("metadata").path("labels"));
            switch (d.path("kind").asText()) {
                case "Service" -> {
                    s.set("ports", d.path("spec").path("ports"));
                    s.set("selector", d.path("spec").path("selector"));
                }
                case "Deployment" -> {
                    JsonNode spec = d.path("spec");
                    s.set("selector", spec.path("selector"));
                    s.set("podLabels", spec.path("template").path("metadata").path("labels"));
                    s.set("serviceAccount", spec.path("template").path("spec").path("serviceAccountName"));
                    s.set("initContainers", names(spec.path("template").path("spec").path("initContainers")));
                    var containers = JsonNodeFactory.instance.arrayNode();
                    for (JsonNode c : spec.path("template").path("spec").path("containers")) {
                        ObjectNode cs = containers.addObject();
                        for (String f : List.of("name", "image", "ports", "env")) {
                            cs.set(f, c.path(f));
                        }
                        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                            cs.set(probe, c.path(probe).path("httpGet"));
                        }
                    }
                    s.set("containers", containers);
                }
                default -> {
                    // ServiceMonitor, Job, RBAC: removed or left as generated; their presence is what matters.
                }
            }
            out.put(id, s);
        }
        return out;
    }

    private static JsonNode names(JsonNode containers) {
        var a = JsonNodeFactory.instance.arrayNode();
        containers.forEach(c -> a.add(c.path("name").asText()));
        return a;
    }
}
