package org.gammavo.stack.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository root and the shared data beside it, from any module's working directory. */
public final class RepoLayout {

    private RepoLayout() {
    }

    /** The nearest directory at or above {@code from} that holds {@code k8s/base/kafka/topics.yaml}. */
    public static Path root(Path from) {
        for (Path p = from.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("k8s/base/kafka/topics.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("not inside the gammavo repository: " + from.toAbsolutePath());
    }

    public static Path root() {
        return root(Path.of(""));
    }

    public static Path topicsYaml(Path root) {
        return root.resolve("k8s/base/kafka/topics.yaml");
    }

    /** {@code ../shared/data} beside the repository, when it is there. */
    public static Optional<Path> sharedData(Path root) {
        Path p = root.resolveSibling("shared").resolve("data");
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
}
