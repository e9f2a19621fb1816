package org.gammavo.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The commands of docs/kubernetes.md that can run without a cluster or a registry run here: every kustomization
     * it renders or applies renders, and every script or ./platform subcommand it names exists (the podman ones run
     * in .ci/kube.sh).
     */
    @Test
    void theDocumentsCommandsRunHere() throws IOException {
        String docs = Files.readString(Repo.ROOT.resolve("docs/kubernetes.md"));
        Matcher k = Pattern.compile("kubectl (?:kustomize|apply -k|delete -k) (k8s/[\\w/-]+)").matcher(docs);
        int rendered = 0;
        while (k.find()) {
            String dir = k.group(1).substring("k8s/".length());
            if (!dir.endsWith("…")) {
                Manifests.render(dir);
                rendered++;
            }
        }
        assertTrue(rendered >= 3, "docs/kubernetes.md renders the overlays with kubectl kustomize");
        Matcher scripts = Pattern.compile("(?m)^(?:\\$ )?((?:k8s|\\.ci)/[\\w/.-]+\\.(?:sh|py))").matcher(docs);
        while (scripts.find()) {
            assertTrue(Files.isExecutable(Repo.ROOT.resolve(scripts.group(1))), "docs/kubernetes.md runs " + scripts.group(1));
        }
        Matcher platform = Pattern.compile("\\./platform (\\w+)").matcher(docs);
        String launcher = Files.readString(Repo.ROOT.resolve("platform"));
        while (platform.find()) {
            assertTrue(launcher.contains("\n  " + platform.group(1) + ")") || launcher.contains("|" + platform.group(1) + ")")
                    || launcher.contains(" " + platform.group(1) + "|"), "./platform has no subcommand " + platform.group(1));
        }
    }
}
