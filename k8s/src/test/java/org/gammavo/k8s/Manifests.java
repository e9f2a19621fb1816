package org.gammavo.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A kustomization rendered by {@code kubectl kustomize} and parsed: core kinds strictly into fabric8 model classes,
 * custom resources (Strimzi, CloudNativePG) as plain trees.
 *
 * <p>Strict means a field the Kubernetes API does not know fails the test: fabric8's classes are lenient (unknown
 * fields land in {@code additionalProperties}), so after binding every model object reachable from the resource is
 * checked to have none. A misspelt {@code readinesProbe} would otherwise render fine and be dropped by the API server.
 */
final class Manifests {

    static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The core kinds the platform uses, "apiVersion/kind" → model class. Any other core kind fails the test. */
    private static final Map<String, Class<? extends HasMetadata>> CORE = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class));

    /** Custom resources checked as trees: their operators must be installed (docs/kubernetes.md). */
    static final List<String> CUSTOM = List.of(
            "kafka.strimzi.io/v1beta2/Kafka", "kafka.strimzi.io/v1beta2/KafkaNodePool",
            "kafka.strimzi.io/v1beta2/KafkaTopic", "postgresql.cnpg.io/v1/Cluster");

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    final String name;
    final List<JsonNode> documents;
    final List<HasMetadata> core = new ArrayList<>();

    private Manifests(String name, List<JsonNode> documents) {
        this.name = name;
        this.documents = documents;
        for (JsonNode doc : documents) {
            String type = type(doc);
            Class<? extends HasMetadata> cls = CORE.get(type);
            if (cls != null) {
                core.add(strict(doc, cls, name + ": " + type + " " + doc.path("metadata").path("name").asText()));
            } else if (!CUSTOM.contains(type)) {
                throw new AssertionError(name + ": unexpected kind " + type + " " + doc.path("metadata").path("name")
                        + " (add it to Manifests.CORE or CUSTOM with the checks it needs)");
            }
        }
    }

    /** Renders k8s/{@code kustomization} (e.g. {@code overlays/prod}) once per test run. */
    static Manifests render(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, k -> new Manifests(k, parseAll(kubectlKustomize(Repo.K8S.resolve(k)))));
    }

    /** Parses a multi-document YAML file or string, skipping empty documents. */
    static List<JsonNode> parseAll(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("invalid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    static String type(JsonNode doc) {
        return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
    }

    <T extends HasMetadata> List<T> all(Class<T> cls) {
        return core.stream().filter(cls::isInstance).map(cls::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> cls, String name) {
        return all(cls).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + ": no " + cls.getSimpleName() + " " + name));
    }

    /** Custom resources of a kind ("Kafka", "KafkaTopic", "Cluster", ...), as trees. */
    List<JsonNode> custom(String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind) && CUSTOM.contains(type(d))).toList();
    }

    private static final String NEED_KUBECTL = "the k8s tests render the overlays with `kubectl kustomize`: they need"
            + " kubectl >= 1.27 (embedding kustomize v5; components, replacements and labels are used) on PATH, no cluster."
            + " Debian's kubernetes-client (1.20) is too old; take kubectl from https://dl.k8s.io/release/ or your distribution's"
            + " Kubernetes repository.";

    private static volatile boolean kubectlChecked;

    /** Fails with {@link #NEED_KUBECTL} unless kubectl is there and embeds kustomize v5 or later. */
    private static void checkKubectl() {
        if (kubectlChecked) {
            return;
        }
        String out = run(List.of("kubectl", "version", "--client", "-o", "json"), "kubectl version");
        JsonNode v;
        try {
            v = JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("unreadable `kubectl version` output; " + NEED_KUBECTL, e);
        }
        String kustomize = v.path("kustomizeVersion").asText("");
        var m = java.util.regex.Pattern.compile("^v(\\d+)\\.").matcher(kustomize);
        if (!m.find() || Integer.parseInt(m.group(1)) < 5) {
            throw new AssertionError("kubectl " + v.path("clientVersion").path("gitVersion").asText() + " embeds kustomize '"
                    + kustomize + "'; " + NEED_KUBECTL);
        }
        kubectlChecked = true;
    }

    private static String kubectlKustomize(Path dir) {
        checkKubectl();
        return run(List.of("kubectl", "kustomize", dir.toString()), "kubectl kustomize " + dir);
    }

    private static String run(List<String> command, String what) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is not on PATH; " + NEED_KUBECTL, e);
        }
        try {
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            Thread t = new Thread(() -> copy(p.getErrorStream(), err));
            t.start();
            copy(p.getInputStream(), out);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(what + " did not finish in 120 s");
            }
            t.join();
            if (p.exitValue() != 0) {
                throw new AssertionError(what + " failed:\n" + err.toString(StandardCharsets.UTF_8));
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Binds a document to its model class and fails on any field the class does not define. */
    static <T> T strict(JsonNode doc, Class<T> cls, String where) {
        T value;
        try {
            value = JSON.treeToValue(stripNulls(doc.deepCopy()), cls);
        } catch (IOException e) {
            throw new AssertionError(where + ": does not parse as " + cls.getSimpleName() + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(value, cls.getSimpleName(), unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(where + ": fields unknown to the Kubernetes API: " + unknown);
        }
        return value;
    }

    private static JsonNode stripNulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    stripNulls(e.getValue());
                }
            });
            o.remove(nulls);
        } else if (n.isArray()) {
            n.forEach(Manifests::stripNulls);
        }
        return n;
    }

    private static void collectUnknown(Object o, String path, List<String> unknown) {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                collectUnknown(e, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers()) || g.getDeclaringClass() == Object.class
                    || !(g.getName().startsWith("get") || g.getName().startsWith("is"))) {
                continue;
            }
            Object v;
            try {
                v = g.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (g.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                collectUnknown(v, path + "." + g.getName().replaceFirst("^(get|is)", ""), unknown);
            }
        }
    }
}
