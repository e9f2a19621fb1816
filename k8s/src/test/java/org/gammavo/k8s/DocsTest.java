package org.gammavo.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/kubernetes.md names every setting of the platform ConfigMap and every piece an operator must provide. */
class DocsTest {

    @Test
    void everyConfigMapKeyIsDocumented() throws IOException {
        String docs = Files.readString(Repo.ROOT.resolve("docs/kubernetes.md"));
        List<String> keys = Files.readAllLines(Repo.K8S.resolve("base/config/platform.env")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.substring(0, l.indexOf('='))).toList();
        for (String key : keys) {
            assertTrue(docs.contains("`" + key),
                    "docs/kubernetes.md documents " + key);
        }
        for (String secret : List.of("gammavo-slurm", "gammavo-db-app", "gammavo-db-tap", "gammavo-db-uws", "gammavo-tls")) {
            assertTrue(docs.contains(secret), "docs/kubernetes.md tells how to provide Secret " + secret);
        }
    }
}
