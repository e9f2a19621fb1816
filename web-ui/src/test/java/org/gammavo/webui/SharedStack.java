package org.gammavo.webui;

import org.gammavo.stack.LocalStack;
import org.gammavo.stack.StackConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One running stack for every test class that uses {@code @ExtendWith(SharedStack.class)}: starting the platform takes
 * a minute or two, so it is started once, on free ports, and stopped when the whole test run ends (JUnit closes
 * resources kept in the root store last).
 */
public final class SharedStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static SharedStack instance;

    private final LocalStack stack;
    private final String base;
    private final Path workDir;
    private final StackConfig config;

    private SharedStack(LocalStack stack, String base, Path workDir, StackConfig config) {
        this.stack = stack;
        this.base = base;
        this.workDir = workDir;
        this.config = config;
    }

    /** Used by JUnit only; the running stack is {@link #get()}. */
    public SharedStack() {
        this(null, null, null, null);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedStack.class) {
            if (instance == null) {
                instance = start();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedStack.class.getName(), instance);
            }
        }
    }

    /** The running shared stack; only valid inside a class extended with this extension. */
    public static SharedStack get() {
        if (instance == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedStack.class)");
        }
        return instance;
    }

    /** The shared stack if a test class has started it, else null. */
    static synchronized SharedStack runningOrNull() {
        return instance;
    }

    /** The gateway's URL, e.g. http://localhost:41234 (no trailing slash). */
    public String base() {
        return base;
    }

    /** The stack's configuration: the services' own ports, the embedded database's port. */
    public StackConfig config() {
        return config;
    }

    /** The local OIDC issuer (Keycloak with the demo realm). */
    public org.gammavo.stack.infra.KeycloakServer keycloak() {
        return stack.keycloak();
    }

    /** Where the stack writes its logs, pid file and job files. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        stack.stop();
    }

    /** A stack on free ports, so the tests run beside a developer's own ./platform up. */
    static Map<String, String> freshEnvironment(Path work) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String key : List.of("GAMMAVO_PORT", "GAMMAVO_TAP_PORT", "GAMMAVO_UWS_PORT", "GAMMAVO_RESOLVER_PORT",
                "GAMMAVO_BRIDGE_PORT", "GAMMAVO_KAFKA_PORT", "GAMMAVO_KAFKA_CONTROLLER_PORT", "GAMMAVO_DB_PORT")) {
            env.put(key, String.valueOf(freePort()));
        }
        env.put("GAMMAVO_WORK_DIR", work.toString());
        // A real OIDC issuer beside HTTP Basic, as a site would run it (OidcIT, the workbench scenario).
        env.put("GAMMAVO_KEYCLOAK", "local");
        env.put("GAMMAVO_KEYCLOAK_PORT", String.valueOf(freePort()));
        env.remove("GAMMAVO_KAFKA_BOOTSTRAP");
        env.remove("GAMMAVO_DB_URL");
        env.remove("GAMMAVO_WEB_ROOT");
        return env;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static SharedStack start() throws Exception {
        Path work = Files.createTempDirectory("gammavo-stack-it-");
        StackConfig cfg = StackConfig.fromEnv(freshEnvironment(work));
        LocalStack stack = new LocalStack(cfg);
        try {
            stack.up(Duration.ofSeconds(240));
        } catch (Exception | Error e) {
            stack.stop(); // nothing half-started is left behind for the next test class to trip over
            throw e;
        }
        return new SharedStack(stack, "http://localhost:" + cfg.gatewayPort(), work, cfg);
    }
}
