package org.gammavo.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Production overlay: replicas, autoscaling, disruption budgets, spread; dev overlay: the small single copies. */
class ProdOverlayTest {

    /** Stateless services: their state is in PostgreSQL, Kafka or the shared store. slurm-bridge is the singleton. */
    private static final List<String> STATELESS = List.of("tap-service", "uws-service", "resolver-service", "web-ui");

    private final Manifests prod = Manifests.render("overlays/prod");

    /** The fewest pods a Deployment runs: its HPA's minReplicas when it has one, else its replicas (default 1). */
    private int minimumReplicas(Deployment d) {
        var hpa = prod.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(d.getMetadata().getName())).findFirst();
        if (hpa.isPresent()) {
            return hpa.get().getSpec().getMinReplicas() == null ? 1 : hpa.get().getSpec().getMinReplicas();
        }
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    @Test
    void statelessServicesRunTwiceSpreadOverNodes() {
        for (String s : STATELESS) {
            Deployment d = prod.one(Deployment.class, s);
            assertTrue(minimumReplicas(d) >= 2, s + ": >= 2 replicas");
            var anti = d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
            assertNotNull(anti, s + ": pod anti-affinity");
            var terms = anti.getPreferredDuringSchedulingIgnoredDuringExecution();
            assertTrue(terms.stream().anyMatch(t -> t.getPodAffinityTerm().getTopologyKey().equals("kubernetes.io/hostname")
                    && Map.of("app.kubernetes.io/name", s).equals(t.getPodAffinityTerm().getLabelSelector().getMatchLabels())),
                    s + ": spread over nodes, selecting its own pods");
        }
        Deployment bridge = prod.one(Deployment.class, "slurm-bridge");
        assertEquals(1, bridge.getSpec().getReplicas(), "slurm-bridge is a singleton");
        assertEquals("Recreate", bridge.getSpec().getStrategy().getType(), "two slurm-bridges never overlap");
    }

    @Test
    void tapAndResolverAutoscale() {
        Map<String, HorizontalPodAutoscaler> hpas = prod.all(HorizontalPodAutoscaler.class).stream()
                .collect(Collectors.toMap(h -> h.getSpec().getScaleTargetRef().getName(), h -> h));
        assertEquals(Set.of("tap-service", "resolver-service"), hpas.keySet(), "HPA targets");
        hpas.forEach((target, h) -> {
            assertEquals("Deployment", h.getSpec().getScaleTargetRef().getKind(), target);
            Deployment d = prod.one(Deployment.class, target);
            assertEquals(null, d.getSpec().getReplicas(), target + ": no replicas field, or each apply would reset the HPA's choice");
            assertTrue(h.getSpec().getMinReplicas() >= 2, target + ": minReplicas >= 2");
            assertTrue(h.getSpec().getMaxReplicas() > h.getSpec().getMinReplicas(), target + ": room to scale");
            assertTrue(h.getSpec().getMetrics().stream().anyMatch(mt -> mt.getResource() != null
                    && mt.getResource().getName().equals("cpu")), target + ": scales on CPU (relative to its requests)");
        });
    }

    @Test
    void everyReplicatedDeploymentHasADisruptionBudgetThatLetsADrainProceed() {
        for (Deployment d : prod.all(Deployment.class)) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            List<PodDisruptionBudget> pdbs = prod.all(PodDisruptionBudget.class).stream()
                    .filter(p -> labels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            int replicas = minimumReplicas(d);
            if (replicas >= 2) {
                assertEquals(1, pdbs.size(), d.getMetadata().getName() + ": one PodDisruptionBudget");
                var min = pdbs.get(0).getSpec().getMinAvailable();
                assertTrue(min != null && min.getIntVal() != null && min.getIntVal() < replicas,
                        d.getMetadata().getName() + ": minAvailable below replicas, or no node could ever drain");
            } else {
                assertEquals(List.of(), pdbs, d.getMetadata().getName() + ": a PDB on one replica would block drains");
            }
        }
    }

    @Test
    void productionAuthenticatesOwnersWithOidc() {
        ConfigMap config = prod.all(ConfigMap.class).get(0);
        assertEquals("true", config.getData().get("GAMMAVO_OIDC_ENABLED"));
        assertTrue(config.getData().get("GAMMAVO_OIDC_ISSUER").startsWith("https://"));
    }

    @Test
    void devRunsOneSmallCopyOfEverything() {
        Manifests dev = Manifests.render("overlays/dev");
        for (Deployment d : dev.all(Deployment.class)) {
            assertEquals(1, d.getSpec().getReplicas(), d.getMetadata().getName() + ": one replica in dev");
        }
        assertEquals(List.of(), dev.all(HorizontalPodAutoscaler.class), "no HPA in dev");
        assertEquals(1, dev.custom("Cluster").get(0).path("spec").path("instances").asInt(), "one PostgreSQL instance");
        assertEquals(1, dev.custom("KafkaNodePool").get(0).path("spec").path("replicas").asInt(), "one Kafka node");
    }
}
