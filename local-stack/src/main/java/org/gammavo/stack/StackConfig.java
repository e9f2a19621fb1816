package org.gammavo.stack;

import org.gammavo.stack.infra.RepoLayout;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the launcher can be told, from environment variables (documented in the README).
 * Unset means "the embedded default".
 */
public record StackConfig(Path repoRoot, Path workDir, int gatewayPort, int kafkaPort, int kafkaControllerPort,
                          int dbPort, Optional<String> externalKafka, Optional<String> externalDbUrl, String dbUser,
                          String dbPassword, List<ServiceSpec> services, String javaOpts, Path webRoot,
                          String bindAddress, URI publicUrl, Map<String, String> dbLogins,
                          Optional<Integer> keycloakPort) {

    public static StackConfig fromEnv(Map<String, String> env) {
        Path root = RepoLayout.root();
        Path work = Path.of(env.getOrDefault("GAMMAVO_WORK_DIR", root.resolve("work").toString())).toAbsolutePath();
        int gatewayPort = port(env, "GAMMAVO_PORT", 8080);
        List<ServiceSpec> services = List.of(
                new ServiceSpec("tap-service", port(env, "GAMMAVO_TAP_PORT", 8091), "/tap"),
                new ServiceSpec("uws-service", port(env, "GAMMAVO_UWS_PORT", 8092), "/uws"),
                new ServiceSpec("resolver-service", port(env, "GAMMAVO_RESOLVER_PORT", 8093), "/resolver"),
                new ServiceSpec("slurm-bridge", port(env, "GAMMAVO_BRIDGE_PORT", 8094), "/"));
        return new StackConfig(root, work,
                gatewayPort,
                port(env, "GAMMAVO_KAFKA_PORT", 19092),
                port(env, "GAMMAVO_KAFKA_CONTROLLER_PORT", 19093),
                port(env, "GAMMAVO_DB_PORT", 15432),
                nonBlank(env.get("GAMMAVO_KAFKA_BOOTSTRAP")),
                nonBlank(env.get("GAMMAVO_DB_URL")),
                env.getOrDefault("GAMMAVO_DB_USER", "postgres"),
                env.getOrDefault("GAMMAVO_DB_PASSWORD", "postgres"),
                services,
                env.getOrDefault("GAMMAVO_JAVA_OPTS", "-XX:+UseSerialGC -Xms32m -Xmx384m -XX:+ExitOnOutOfMemoryError"),
                Path.of(env.getOrDefault("GAMMAVO_WEB_ROOT", root.resolve("web-ui/dist").toString())).toAbsolutePath(),
                nonBlank(env.get("GAMMAVO_BIND_ADDRESS")).orElse("127.0.0.1"),
                publicUrl(nonBlank(env.get("GAMMAVO_PUBLIC_URL")).orElse("http://localhost:" + gatewayPort)),
                dbLogins(env),
                // GAMMAVO_KEYCLOAK=local: a real OIDC issuer on this machine (KeycloakServer), opt-in
                "local".equalsIgnoreCase(env.getOrDefault("GAMMAVO_KEYCLOAK", "").trim())
                        ? Optional.of(port(env, "GAMMAVO_KEYCLOAK_PORT", 18180)) : Optional.empty());
    }

    /** The database login settings of the environment (GAMMAVO_DB_TAP_USER, …), only those that are set. */
    private static Map<String, String> dbLogins(Map<String, String> env) {
        Map<String, String> m = new java.util.TreeMap<>();
        for (String k : List.of("GAMMAVO_DB_TAP_USER", "GAMMAVO_DB_TAP_PASSWORD", "GAMMAVO_DB_UWS_USER",
                "GAMMAVO_DB_UWS_PASSWORD")) {
            nonBlank(env.get(k)).ifPresent(v -> m.put(k, v));
        }
        return Map.copyOf(m);
    }

    /** GAMMAVO_PUBLIC_URL: an absolute http(s) URL with a host, without a trailing slash. */
    private static URI publicUrl(String v) {
        try {
            URI u = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty()) || u.getRawQuery() != null) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GAMMAVO_PUBLIC_URL=" + v
                    + " is not a base URL like http://localhost:8080 or https://vo.example.org");
        }
    }

    private static int port(Map<String, String> env, String key, int def) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a TCP port (1-65535)");
        }
    }

    private static Optional<String> nonBlank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public ServiceSpec service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    public Path logsDir() {
        return workDir.resolve("logs");
    }

    public Path pidFile() {
        return workDir.resolve("stack.pids");
    }
}
