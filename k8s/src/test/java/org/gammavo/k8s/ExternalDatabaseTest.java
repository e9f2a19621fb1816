package org.gammavo.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** components/external-database, used as docs/kubernetes.md says (fixture: k8s/src/test/kustomize/external-database). */
class ExternalDatabaseTest {

    @Test
    void replacesTheCnpgClusterByTheConfiguredUrlAndTheSameSecret() {
        Manifests m = Manifests.render("src/test/kustomize/external-database");
        assertEquals(List.of(), m.custom("Cluster"), "no CloudNativePG cluster");
        assertTrue(m.all(NetworkPolicy.class).stream().noneMatch(p -> p.getMetadata().getName().equals("postgres-from-services")),
                "no policy for database pods that do not exist");
        ConfigMap config = m.all(ConfigMap.class).get(0);
        assertEquals("jdbc:postgresql://db.example.org:5432/gammavo", config.getData().get("QUARKUS_DATASOURCE_JDBC_URL"));
        for (String s : List.of("tap-service", "uws-service")) {
            EnvVar password = m.one(Deployment.class, s).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD")).findFirst().orElseThrow();
            assertEquals(s.equals("tap-service") ? "gammavo-db-tap" : "gammavo-db-uws",
                    password.getValueFrom().getSecretKeyRef().getName(), s + " password Secret");
        }
    }
}
