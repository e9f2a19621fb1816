package org.gammavo.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gammavo.stack.gateway.GatewayRoutes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What must hold in every overlay, checked on the documents {@code kubectl kustomize} renders. */
class RenderedOverlaysTest {

    private static final Pattern SECRET_WORD = Pattern.compile("(?i)pass(word|wd)?|secret|token|credential|private[-_.]?key");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.");

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyDeploymentHasProbesResourcesAndRunsHardened(String overlay) {
        Manifests m = Manifests.render(overlay);
        assertEquals(Set.of("tap-service", "uws-service", "resolver-service", "slurm-bridge", "web-ui"),
                names(m.all(Deployment.class)), overlay + ": Deployments");
        for (Deployment d : m.all(Deployment.class)) {
            String where = overlay + ": Deployment " + d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty(), where + ": no init containers");
            for (Container c : pod.getContainers()) {
                String cw = where + " container " + c.getName();
                assertHttpProbe(c.getLivenessProbe(), c, cw + " liveness");
                assertHttpProbe(c.getReadinessProbe(), c, cw + " readiness");
                var res = c.getResources();
                assertNotNull(res, cw + ": resources");
                for (String r : List.of("cpu", "memory")) {
                    assertNotNull(res.getRequests() == null ? null : res.getRequests().get(r), cw + ": requests." + r);
                    assertNotNull(res.getLimits() == null ? null : res.getLimits().get(r), cw + ": limits." + r);
                }
                var psc = pod.getSecurityContext();
                var csc = c.getSecurityContext();
                assertNotNull(csc, cw + ": securityContext");
                boolean nonRoot = Boolean.TRUE.equals(csc.getRunAsNonRoot())
                        || psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
                assertTrue(nonRoot, cw + ": runAsNonRoot");
                Long uid = csc.getRunAsUser() != null ? csc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
                assertTrue(uid == null || uid > 0, cw + ": runAsUser must not be 0");
                assertEquals(Boolean.FALSE, csc.getAllowPrivilegeEscalation(), cw + ": allowPrivilegeEscalation");
                assertEquals(Boolean.TRUE, csc.getReadOnlyRootFilesystem(), cw + ": readOnlyRootFilesystem");
                assertTrue(csc.getCapabilities() != null && csc.getCapabilities().getDrop().contains("ALL"),
                        cw + ": capabilities drop ALL");
                assertTrue(c.getVolumeMounts().stream().anyMatch(v -> v.getMountPath().equals("/tmp")),
                        cw + ": a writable /tmp (the root filesystem is read-only)");
            }
        }
    }

    private static void assertHttpProbe(Probe p, Container c, String where) {
        assertNotNull(p, where + " probe");
        assertNotNull(p.getHttpGet(), where + " probe: httpGet");
        assertTrue(p.getHttpGet().getPath().startsWith("/"), where + " probe path");
        assertTrue(portOf(c, p.getHttpGet().getPort()) != null, where + " probe port is not a port of the container");
    }

    private static ContainerPort portOf(Container c, IntOrString port) {
        return c.getPorts().stream()
                .filter(p -> port.getIntVal() != null ? p.getContainerPort().equals(port.getIntVal())
                        : port.getStrVal().equals(p.getName()))
                .findFirst().orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyServiceSelectsTheContainerPortOfADeployment(String overlay) {
        Manifests m = Manifests.render(overlay);
        for (Service s : m.all(Service.class)) {
            String where = overlay + ": Service " + s.getMetadata().getName();
            Map<String, String> selector = s.getSpec().getSelector();
            assertTrue(selector != null && !selector.isEmpty(), where + ": has a selector");
            List<Deployment> selected = m.all(Deployment.class).stream()
                    .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertEquals(1, selected.size(), where + ": selects the pods of exactly one Deployment, got " + names(selected));
            Deployment d = selected.get(0);
            // Deployment selectors are immutable: a version in them would make every release fail to apply.
            assertFalse(selector.containsKey("app.kubernetes.io/version"), where + ": no version in the selector");
            assertFalse(d.getSpec().getSelector().getMatchLabels().containsKey("app.kubernetes.io/version"),
                    where + ": no version in the selector of Deployment " + name(d));
            assertTrue(d.getSpec().getSelector().getMatchLabels().entrySet().stream()
                    .allMatch(e -> selector.get(e.getKey()) == null || selector.get(e.getKey()).equals(e.getValue())),
                    where + ": selector agrees with the Deployment's");
            for (ServicePort port : s.getSpec().getPorts()) {
                boolean found = d.getSpec().getTemplate().getSpec().getContainers().stream()
                        .anyMatch(c -> portOf(c, port.getTargetPort()) != null);
                assertTrue(found, where + ": targetPort " + port.getTargetPort() + " is a container port of " + name(d));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void ingressHasExactlyTheGatewayRoutes(String overlay) {
        Manifests m = Manifests.render(overlay);
        List<Ingress> ingresses = m.all(Ingress.class);
        assertEquals(1, ingresses.size(), overlay + ": one Ingress");
        Ingress ing = ingresses.get(0);
        assertEquals(1, ing.getSpec().getRules().size(), overlay + ": one host");
        var rule = ing.getSpec().getRules().get(0);
        String host = rule.getHost();
        assertTrue(host != null && host.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?"), overlay + ": a real host, got " + host);
        ConfigMap config = m.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("gammavo-config")).findFirst().orElseThrow();
        assertEquals("https://" + host, config.getData().get("GAMMAVO_PUBLIC_URL"),
                overlay + ": the Ingress host is the host of GAMMAVO_PUBLIC_URL");
        assertEquals(1, ing.getSpec().getTls().size(), overlay + ": TLS");
        assertEquals(List.of(host), ing.getSpec().getTls().get(0).getHosts(), overlay + ": TLS host");
        assertNotNull(ing.getSpec().getTls().get(0).getSecretName(), overlay + ": TLS Secret");

        Map<String, String> routes = new TreeMap<>();
        for (HTTPIngressPath p : rule.getHttp().getPaths()) {
            assertEquals("Prefix", p.getPathType(), overlay + ": " + p.getPath() + " is a Prefix path");
            String service = p.getBackend().getService().getName();
            assertFalse(routes.containsKey(p.getPath()), overlay + ": path " + p.getPath() + " twice");
            routes.put(p.getPath(), service);
            Service s = m.one(Service.class, service);
            var port = p.getBackend().getService().getPort();
            assertTrue(s.getSpec().getPorts().stream().anyMatch(sp -> port.getName() != null
                    ? port.getName().equals(sp.getName()) : port.getNumber().equals(sp.getPort())),
                    overlay + ": backend port of " + p.getPath() + " is a port of Service " + service);
        }
        Map<String, String> gateway = GatewayRoutes.ROUTES.stream()
                .collect(Collectors.toMap(GatewayRoutes.Route::prefix, GatewayRoutes.Route::service, (a, b) -> a, TreeMap::new));
        // The private paths (management, operator) go to the web UI, whose nginx answers 404 (SecurityManifestsTest).
        GatewayRoutes.PRIVATE_PREFIXES.forEach(p -> gateway.put(p, "web-ui"));
        assertEquals(gateway, routes, overlay + ": Ingress paths = GatewayRoutes.ROUTES + PRIVATE_PREFIXES → web-ui");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void noSecretValueInTheManifests(String overlay) {
        Manifests m = Manifests.render(overlay);
        for (ConfigMap c : m.all(ConfigMap.class)) {
            Map<String, String> data = new HashMap<>();
            if (c.getData() != null) {
                data.putAll(c.getData());
            }
            assertTrue(c.getBinaryData() == null || c.getBinaryData().isEmpty(), "no binary data in ConfigMaps");
            data.forEach((k, v) -> {
                String where = overlay + ": ConfigMap " + name(c) + " key " + k;
                assertFalse(SECRET_WORD.matcher(k).find(), where + ": looks like a secret; put it in a Secret");
                assertFalse(JWT.matcher(v).find(), where + ": holds a JWT");
                assertFalse(v.matches("(?s).*://[^/\\s:@]+:[^/\\s@]+@.*"), where + ": URL with a password");
                assertFalse(v.matches("(?is).*\\b(password|passwd|pwd|token)\\s*[=:].*"), where + ": value sets a password or token");
            });
        }
        // Secrets are created by operators (kubectl create secret, CNPG, cert-manager), never committed.
        assertEquals(List.of(), names(m.all(Secret.class)).stream().sorted().toList(), overlay + ": no Secret in the repository");
        for (Deployment d : m.all(Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (SECRET_WORD.matcher(e.getName()).find() && !e.getName().endsWith("_FILE")) {
                        assertTrue(e.getValue() == null && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null,
                                overlay + ": " + name(d) + " env " + e.getName() + " comes from a Secret");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void servicesReadThePlatformConfigMapAndTheirSecrets(String overlay) {
        Manifests m = Manifests.render(overlay);
        Set<String> configMaps = names(m.all(ConfigMap.class));
        for (String s : Repo.QUARKUS_SERVICES) {
            Deployment d = m.one(Deployment.class, s);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            List<String> refs = c.getEnvFrom().stream().map(EnvFromSource::getConfigMapRef)
                    .filter(java.util.Objects::nonNull).map(r -> r.getName()).toList();
            assertEquals(1, refs.size(), overlay + ": " + s + " reads one ConfigMap");
            assertTrue(configMaps.contains(refs.get(0)), overlay + ": " + s + " reads an existing ConfigMap " + refs);
        }
        ConfigMap config = m.one(ConfigMap.class, m.one(Deployment.class, "tap-service").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnvFrom().get(0).getConfigMapRef().getName());
        for (String key : List.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL", "GAMMAVO_RESULTS_DIR",
                "GAMMAVO_SHARED_DATA", "GAMMAVO_PUBLIC_URL", "GAMMAVO_TAP_URL", "GAMMAVO_UWS_URL", "GAMMAVO_RESOLVER_URL")) {
            assertNotNull(config.getData().get(key), overlay + ": ConfigMap has " + key);
        }
        // Internal URLs point at Services of this namespace, on a port the Service has.
        for (String key : List.of("GAMMAVO_TAP_URL", "GAMMAVO_UWS_URL", "GAMMAVO_RESOLVER_URL")) {
            var url = java.net.URI.create(config.getData().get(key));
            Service s = m.one(Service.class, url.getHost());
            int port = url.getPort() < 0 ? 80 : url.getPort();
            assertTrue(s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port), overlay + ": " + key + " port");
        }
        assertTrue(config.getData().get("KAFKA_BOOTSTRAP_SERVERS")
                .startsWith(m.custom("Kafka").get(0).path("metadata").path("name").asText() + "-kafka-bootstrap:"),
                overlay + ": KAFKA_BOOTSTRAP_SERVERS is the Strimzi bootstrap Service");
        String db = m.custom("Cluster").get(0).path("metadata").path("name").asText();
        assertTrue(config.getData().get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://" + db + "-rw:5432/"),
                overlay + ": the JDBC URL is the CNPG read-write Service");
        for (String s : List.of("tap-service", "uws-service")) {
            Map<String, EnvVar> env = m.one(Deployment.class, s).getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            String secret = s.equals("tap-service") ? "gammavo-db-tap" : "gammavo-db-uws";
            assertEquals(secret, env.get("QUARKUS_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef().getName(),
                    overlay + ": " + s + " logs in as its own role, not the database owner");
            assertEquals(secret, env.get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName(),
                    overlay + ": " + s + " reads its own role's password");
            assertEquals("true", env.get("QUARKUS_FLYWAY_ACTIVE").getValue(), overlay + ": " + s + " migrates at start");
        }
        Deployment bridge = m.one(Deployment.class, "slurm-bridge");
        Set<String> secretVolumes = bridge.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null).map(v -> v.getSecret().getSecretName()).collect(Collectors.toSet());
        assertEquals(Set.of("gammavo-slurm"), secretVolumes, overlay + ": slurm-bridge reads its JWT from Secret gammavo-slurm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void sharedStoreIsOneReadWriteManyClaimMountedAtTheSamePaths(String overlay) {
        Manifests m = Manifests.render(overlay);
        PersistentVolumeClaim pvc = m.one(PersistentVolumeClaim.class, "gammavo-shared");
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes(), overlay + ": RWX");
        ConfigMap config = m.all(ConfigMap.class).get(0);
        String results = config.getData().get("GAMMAVO_RESULTS_DIR");
        String data = config.getData().get("GAMMAVO_SHARED_DATA");
        for (String s : List.of("slurm-bridge", "uws-service", "tap-service")) {
            PodSpec pod = m.one(Deployment.class, s).getSpec().getTemplate().getSpec();
            Set<String> claimVolumes = pod.getVolumes().stream()
                    .filter(v -> v.getPersistentVolumeClaim() != null
                            && v.getPersistentVolumeClaim().getClaimName().equals("gammavo-shared"))
                    .map(Volume::getName).collect(Collectors.toSet());
            var mount = pod.getContainers().get(0).getVolumeMounts().stream()
                    .filter(v -> claimVolumes.contains(v.getName()) && v.getMountPath().equals(results)).findFirst();
            assertTrue(mount.isPresent(), overlay + ": " + s + " mounts the shared store at GAMMAVO_RESULTS_DIR " + results);
            assertFalse(Boolean.TRUE.equals(mount.get().getReadOnly()), overlay + ": " + s + " results are writable");
        }
        for (Deployment d : m.all(Deployment.class)) {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
                    .filter(v -> v.getMountPath().equals(data))
                    .forEach(v -> assertEquals(Boolean.TRUE, v.getReadOnly(), overlay + ": " + name(d) + " DL3 data is read-only"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void networkPoliciesDenyByDefaultAndGuardTheDatabaseAndKafka(String overlay) {
        Manifests m = Manifests.render(overlay);
        NetworkPolicy deny = m.one(NetworkPolicy.class, "default-deny-ingress");
        var all = deny.getSpec().getPodSelector();
        assertTrue((all.getMatchLabels() == null || all.getMatchLabels().isEmpty())
                && (all.getMatchExpressions() == null || all.getMatchExpressions().isEmpty()), overlay + ": default deny selects every pod");
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty(), overlay + ": and allows nothing");

        // Every pod of a Deployment is admitted on its http port by a policy, and only on it.
        for (Deployment d : m.all(Deployment.class)) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> admitting = m.all(NetworkPolicy.class).stream()
                    .filter(p -> p.getSpec().getIngress() != null && !p.getSpec().getIngress().isEmpty())
                    .filter(p -> selects(p.getSpec().getPodSelector(), labels)).toList();
            assertEquals(1, admitting.size(), overlay + ": one policy admits traffic to " + name(d));
            admitting.get(0).getSpec().getIngress().forEach(rule -> rule.getPorts().forEach(port ->
                    assertEquals("http", port.getPort().getStrVal(), overlay + ": only the http port of " + name(d))));
        }

        // PostgreSQL: only the services with a database (and CNPG itself).
        NetworkPolicy pg = m.one(NetworkPolicy.class, "postgres-from-services");
        String db = m.custom("Cluster").get(0).path("metadata").path("name").asText();
        assertEquals(Map.of("cnpg.io/cluster", db), pg.getSpec().getPodSelector().getMatchLabels(), overlay + ": PostgreSQL pods");
        Set<String> peers = new HashSet<>();
        pg.getSpec().getIngress().forEach(r -> r.getFrom().forEach(peer -> {
            if (peer.getPodSelector() != null && peer.getPodSelector().getMatchExpressions() != null) {
                peer.getPodSelector().getMatchExpressions().forEach(e -> peers.addAll(e.getValues()));
            }
        }));
        assertEquals(Set.of("tap-service", "uws-service"), peers, overlay + ": services admitted by PostgreSQL");

        // Kafka: Strimzi writes the listener's policy from networkPolicyPeers; only the four services.
        JsonNode listeners = m.custom("Kafka").get(0).path("spec").path("kafka").path("listeners");
        assertTrue(listeners.size() > 0, overlay + ": Kafka listeners");
        for (JsonNode l : listeners) {
            Set<String> allowed = new HashSet<>();
            JsonNode policyPeers = l.path("networkPolicyPeers");
            assertTrue(policyPeers.size() > 0, overlay + ": listener " + l.path("name").asText() + " has networkPolicyPeers");
            for (JsonNode peer : policyPeers) {
                assertTrue(peer.path("namespaceSelector").isMissingNode(), overlay + ": Kafka peers from this namespace only");
                peer.path("podSelector").path("matchExpressions").forEach(e -> e.path("values").forEach(v -> allowed.add(v.asText())));
            }
            assertEquals(Set.copyOf(Repo.QUARKUS_SERVICES), allowed, overlay + ": Kafka clients");
        }
    }

    private static boolean selects(io.fabric8.kubernetes.api.model.LabelSelector s, Map<String, String> labels) {
        if (s.getMatchLabels() != null && !labels.entrySet().containsAll(s.getMatchLabels().entrySet())) {
            return false;
        }
        if (s.getMatchExpressions() != null) {
            for (var e : s.getMatchExpressions()) {
                String v = labels.get(e.getKey());
                boolean ok = switch (e.getOperator()) {
                    case "In" -> v != null && e.getValues().contains(v);
                    case "NotIn" -> v == null || !e.getValues().contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> throw new AssertionError("operator " + e.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void kafkaRunsInKraftModeWithANodePoolThatCanHoldTheTopics(String overlay) {
        Manifests m = Manifests.render(overlay);
        List<JsonNode> kafkas = m.custom("Kafka");
        assertEquals(1, kafkas.size(), overlay + ": one Kafka");
        JsonNode kafka = kafkas.get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        assertTrue(kafka.path("spec").path("zookeeper").isMissingNode(), overlay + ": no ZooKeeper");
        assertFalse(kafka.path("spec").path("entityOperator").path("topicOperator").isMissingNode(),
                overlay + ": the Topic Operator creates the KafkaTopics");
        List<JsonNode> pools = m.custom("KafkaNodePool");
        assertFalse(pools.isEmpty(), overlay + ": a KafkaNodePool");
        int brokers = 0;
        Set<String> roles = new HashSet<>();
        for (JsonNode p : pools) {
            assertEquals(cluster, p.path("metadata").path("labels").path("strimzi.io/cluster").asText(), overlay + ": pool's cluster");
            p.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            if (p.toString().contains("\"broker\"")) {
                brokers += p.path("spec").path("replicas").asInt();
            }
        }
        assertEquals(Set.of("controller", "broker"), roles, overlay + ": KRaft controllers and brokers");
        JsonNode config = kafka.path("spec").path("kafka").path("config");
        assertTrue(config.path("min.insync.replicas").asInt() <= brokers, overlay + ": min.insync.replicas <= brokers");
        assertTrue(config.path("default.replication.factor").asInt() <= brokers, overlay + ": replication factor <= brokers");
        for (JsonNode t : m.custom("KafkaTopic")) {
            String topic = t.path("spec").path("topicName").asText();
            assertEquals(cluster, t.path("metadata").path("labels").path("strimzi.io/cluster").asText(), overlay + ": " + topic);
            int replicas = t.path("spec").path("replicas").asInt();
            assertTrue(replicas >= 1 && replicas <= brokers, overlay + ": " + topic + " replicas " + replicas + " <= brokers " + brokers);
            assertTrue(config.path("min.insync.replicas").asInt() <= replicas, overlay + ": " + topic + " can take acks=all writes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void postgresIsACloudNativePgClusterWithPgSphere(String overlay) {
        Manifests m = Manifests.render(overlay);
        List<JsonNode> clusters = m.custom("Cluster");
        assertEquals(1, clusters.size(), overlay + ": one CNPG Cluster");
        JsonNode spec = clusters.get(0).path("spec");
        assertTrue(spec.path("instances").asInt() >= 1, overlay + ": instances");
        assertTrue(spec.path("imageName").asText().matches(".*pgsphere:\\d+.*"), overlay + ": image with pgSphere, tag = major");
        assertEquals("gammavo", spec.path("bootstrap").path("initdb").path("database").asText(), overlay + ": database gammavo");
        assertTrue(spec.path("bootstrap").path("initdb").path("postInitApplicationSQL").toString().contains("pg_sphere"),
                overlay + ": pg_sphere created in the application database");
        assertFalse(spec.path("storage").path("size").isMissingNode(), overlay + ": persistent storage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everythingLivesInTheOverlaysNamespace(String overlay) {
        Manifests m = Manifests.render(overlay);
        var namespaces = m.all(io.fabric8.kubernetes.api.model.Namespace.class);
        assertEquals(1, namespaces.size(), overlay + ": one Namespace");
        String ns = namespaces.get(0).getMetadata().getName();
        for (JsonNode doc : m.documents) {
            if (!doc.path("kind").asText().equals("Namespace")) {
                assertEquals(ns, doc.path("metadata").path("namespace").asText(),
                        overlay + ": " + Manifests.type(doc) + " " + doc.path("metadata").path("name").asText());
            }
        }
    }

    static Set<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> rs) {
        return rs.stream().map(RenderedOverlaysTest::name).collect(Collectors.toSet());
    }

    static String name(io.fabric8.kubernetes.api.model.HasMetadata r) {
        return r.getMetadata().getName();
    }
}
