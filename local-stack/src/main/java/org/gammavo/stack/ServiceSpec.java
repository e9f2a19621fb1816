package org.gammavo.stack;

import java.nio.file.Path;

/**
 * One platform service as the launcher runs it.
 *
 * @param name       module and service name
 * @param port       its HTTP port on 127.0.0.1
 * @param rootPath   its {@code quarkus.http.root-path}; health is at {@code rootPath + "/q/health/ready"}
 */
public record ServiceSpec(String name, int port, String rootPath) {

    public Path jar(Path repoRoot) {
        return repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + ("/".equals(rootPath) ? "" : rootPath);
    }

    public String readinessUrl() {
        return baseUrl() + "/q/health/ready";
    }
}
