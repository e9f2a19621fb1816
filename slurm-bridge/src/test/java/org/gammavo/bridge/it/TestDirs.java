package org.gammavo.bridge.it;

import org.gammavo.stack.infra.RepoLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/** Directories for tests: a results store the SLURM job user can reach, the shared DL3 data. */
public final class TestDirs {

    private TestDirs() {
    }

    /** A fresh results directory under /tmp, world-traversable: jobs run as the cluster's job user. */
    public static Path resultsDir(String label) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gammavo-bridge-" + label + "-"
                    + UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared data directory ({@code ../shared/data} or GAMMAVO_SHARED_DATA), or empty. */
    public static String sharedData() {
        String env = System.getenv("GAMMAVO_SHARED_DATA");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return RepoLayout.sharedData(RepoLayout.root()).map(Path::toString).orElse("");
    }
}
