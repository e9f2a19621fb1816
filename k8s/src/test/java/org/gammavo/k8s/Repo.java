package org.gammavo.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository, found from the k8s module directory (Maven runs the tests there) or the root. */
final class Repo {

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("k8s");

    /** The Quarkus services whose generated manifests k8s/base keeps a copy of. */
    static final java.util.List<String> QUARKUS_SERVICES =
            java.util.List.of("tap-service", "uws-service", "resolver-service", "slurm-bridge");

    private Repo() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s/base")) && Files.isRegularFile(p.resolve("docs/events.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (with k8s/base and docs/events.md) above " + dir);
    }
}
