package org.gammavo.stack;

import org.gammavo.stack.gateway.Gateway;
import org.gammavo.stack.gateway.HealthAggregator;
import org.gammavo.stack.infra.DatabaseRoles;
import org.gammavo.stack.infra.EmbeddedDatabase;
import org.gammavo.stack.infra.EmbeddedKafka;
import org.gammavo.stack.infra.KafkaProcess;
import org.gammavo.stack.infra.KeycloakServer;
import org.gammavo.stack.infra.PlatformTopics;
import org.gammavo.stack.infra.RepoLayout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code up | down | status}: the whole platform on one machine.
 *
 * <p>{@code up} starts Kafka and PostgreSQL (embedded unless external ones are configured), creates the topics,
 * starts each service as its own JVM (logs in {@code work/logs}), then the gateway; it stays in the foreground and
 * stops everything on Ctrl-C or {@code down}. The PIDs it started are in {@code work/stack.pids}, so {@code down}
 * can also clean up after a launcher that was killed.
 */
public final class LocalStack {

    private final StackConfig cfg;
    private final boolean kafkaInOwnProcess;
    /** Service name → its running JVM, and how to start it again (the chaos run restarts killed services). */
    private final Map<String, Process> children = new LinkedHashMap<>();
    private final Map<String, ProcessBuilder> launchers = new LinkedHashMap<>();
    private EmbeddedKafka kafka;
    private KafkaProcess kafkaProcess;
    private EmbeddedDatabase db;
    private KeycloakServer keycloak;
    private Gateway gateway;
    private HealthAggregator health;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public LocalStack(StackConfig cfg) {
        this(cfg, false);
    }

    /**
     * @param kafkaInOwnProcess run the embedded broker as a JVM of its own ({@link KafkaProcess}), so that it can be
     *                          killed and restarted alone; {@code up} keeps it in the launcher's JVM
     */
    public LocalStack(StackConfig cfg, boolean kafkaInOwnProcess) {
        this.cfg = cfg;
        this.kafkaInOwnProcess = kafkaInOwnProcess;
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length > 0 ? args[0] : "up";
        quietInfraLogs();
        StackConfig cfg;
        try {
            cfg = StackConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        switch (cmd) {
            case "up" -> new LocalStack(cfg).upAndWait();
            case "down" -> System.exit(down(cfg));
            case "status" -> System.exit(status(cfg));
            case "chaos" -> System.exit(org.gammavo.stack.chaos.ChaosRun.main(cfg,
                    java.util.Arrays.copyOfRange(args, 1, args.length)));
            default -> {
                System.err.println("usage: local-stack up|down|status|chaos [short|long] [--jobs N]");
                System.exit(2);
            }
        }
    }

    /** Starts everything and blocks until stopped (Ctrl-C, SIGTERM, {@code down}). */
    public void upAndWait() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-stack-stop"));
        try {
            // A cold start on a busy 2-core machine (CI beside other builds) measured up to ~4 min; a quiet one ~15 s.
            up(Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("GAMMAVO_UP_TIMEOUT", "420"))));
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("logs: " + cfg.logsDir());
            System.exit(1);
        }
        stopped.await();
    }

    /** Starts everything and returns when {@code /health} says UP. */
    public void up(Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(cfg.logsDir());
        Path existing = cfg.pidFile();
        if (Files.exists(existing) && ProcessHandle.of(readPids(existing).get(0)).map(ProcessHandle::isAlive)
                .orElse(false)) {
            throw new IllegalStateException("a local stack is already running (pid " + readPids(existing).get(0)
                    + "); stop it with ./platform down");
        }
        checkPortsFree();

        // Kafka and PostgreSQL start side by side; the services need only the database to start (Flyway), and
        // their Kafka clients wait for the broker, so they are launched as soon as the database answers.
        var kafkaReady = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                if (cfg.externalKafka().isPresent()) {
                    return cfg.externalKafka().get();
                }
                if (kafkaInOwnProcess) {
                    kafkaProcess = new KafkaProcess(cfg.kafkaPort(), cfg.kafkaControllerPort(),
                            cfg.workDir().resolve("kafka"), cfg.logsDir().resolve("kafka.log"),
                            "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:+ExitOnOutOfMemoryError")
                            .start(Duration.ofSeconds(120));
                    return kafkaProcess.bootstrapServers();
                }
                kafka = new EmbeddedKafka(cfg.kafkaPort(), cfg.kafkaControllerPort(), cfg.workDir().resolve("kafka"))
                        .start();
                return kafka.bootstrapServers();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });

        // The opt-in local issuer starts beside them; the services are launched after it answers, so their OIDC
        // discovery finds it at once.
        var keycloakReady = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            if (cfg.keycloakPort().isEmpty()) {
                return null;
            }
            try {
                keycloak = new KeycloakServer(cfg.keycloakPort().get(), freeLoopbackPort(),
                        KeycloakServer.distribution(System.getenv()), KeycloakServer.javaHome(System.getenv()),
                        cfg.logsDir().resolve("keycloak.log"),
                        System.getenv().getOrDefault("GAMMAVO_KEYCLOAK_ADMIN_PASSWORD", "admin"),
                        cfg.publicUrl().toString());
                return keycloak.start(timeout);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });

        String dbUrl;
        String dbUser = cfg.dbUser();
        String dbPassword = cfg.dbPassword();
        Map<String, DatabaseRoles.Login> logins;
        if (cfg.externalDbUrl().isPresent()) {
            dbUrl = cfg.externalDbUrl().get();
            logins = externalLogins(cfg);
        } else {
            db = new EmbeddedDatabase(cfg.dbPort(), cfg.workDir().resolve("postgres")).start();
            dbUrl = db.jdbcUrl();
            dbUser = db.username();
            dbPassword = db.password();
            logins = DatabaseRoles.bootstrap(dbUrl, dbUser, dbPassword,
                    cfg.dbLogins().getOrDefault("GAMMAVO_DB_TAP_PASSWORD", DatabaseRoles.TAP),
                    cfg.dbLogins().getOrDefault("GAMMAVO_DB_UWS_PASSWORD", DatabaseRoles.UWS));
        }
        String bootstrap = cfg.externalKafka().orElse("127.0.0.1:" + cfg.kafkaPort());
        log("database   %s (%s)", dbUrl, db == null ? "external" : "embedded PostgreSQL 17");

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        common.put("QUARKUS_DATASOURCE_JDBC_URL", dbUrl);
        common.put("GAMMAVO_WORK_DIR", cfg.workDir().toString());
        common.put("GAMMAVO_RESULTS_DIR", cfg.workDir().resolve("results").toString());
        common.put("GAMMAVO_PUBLIC_URL", cfg.publicUrl().toString());
        RepoLayout.sharedData(cfg.repoRoot()).ifPresent(p -> common.put("GAMMAVO_SHARED_DATA", p.toString()));
        common.put("GAMMAVO_DEMO_DATA", cfg.repoRoot().resolve("tap-service/demo-data").toString());
        for (ServiceSpec s : cfg.services()) {
            common.put("GAMMAVO_" + s.name().toUpperCase().replace("-SERVICE", "").replace('-', '_') + "_URL",
                    s.baseUrl());
        }

        try {
            if (keycloakReady.join() != null) {
                common.put("GAMMAVO_OIDC_ENABLED", "true");
                common.put("GAMMAVO_OIDC_ISSUER", keycloak.issuer());
                log("keycloak   %s (local OIDC issuer, demo realm)", keycloak.issuer());
            }
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("Keycloak did not start: " + e.getCause().getMessage(), e.getCause());
        }

        for (ServiceSpec s : cfg.services()) {
            Path jar = s.jar(cfg.repoRoot());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build first (./platform up builds it)");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(cfg.javaOpts().trim().split("\\s+")));
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder pb = new ProcessBuilder(command).directory(cfg.repoRoot().resolve(s.name()).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(cfg.logsDir().resolve(s.name() + ".log").toFile()));
            pb.environment().putAll(serviceEnvironment(s, common, logins, db != null));
            launchers.put(s.name(), pb);
            children.put(s.name(), pb.start());
        }
        try {
            bootstrap = kafkaReady.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("Kafka did not start: " + e.getCause().getMessage(), e.getCause());
        }
        // Topics exist before any client may use them: the broker does not auto-create (wrong settings otherwise).
        PlatformTopics.ensure(bootstrap, PlatformTopics.read(RepoLayout.topicsYaml(cfg.repoRoot())));
        log("kafka      %s (%s)", bootstrap, kafkaProcess != null ? "embedded KRaft, own JVM"
                : kafka == null ? "external" : "embedded KRaft");
        writePids();

        Map<String, String> readiness = new LinkedHashMap<>();
        Map<String, Integer> backends = new LinkedHashMap<>();
        for (ServiceSpec s : cfg.services()) {
            readiness.put(s.name(), s.readinessUrl());
            backends.put(s.name(), s.port());
        }
        health = new HealthAggregator(readiness, bootstrap, dbUrl, dbUser, dbPassword);
        gateway = new Gateway().start(cfg.gatewayPort(), backends, cfg.webRoot(), health,
                new Gateway.Options(cfg.bindAddress(), cfg.publicUrl(), keycloak == null ? null
                        : new Gateway.Oidc(keycloak.issuer(), KeycloakServer.WEB_CLIENT)));

        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (var c : children.entrySet()) {
                if (!c.getValue().isAlive()) {
                    throw new IllegalStateException(c.getKey() + " exited with code " + c.getValue().exitValue()
                            + "; see " + cfg.logsDir().resolve(c.getKey() + ".log"));
                }
            }
            var h = health.check();
            last = h.toString();
            if ("UP".equals(h.path("status").asText())) {
                printUrls(Duration.ofNanos(System.nanoTime() - t0));
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not UP after " + timeout.toSeconds() + " s: " + last);
    }

    /**
     * The environment of one service process: the common settings, its own port on 127.0.0.1, and for the services
     * with a database their own login (never the superuser's). With the launcher's roles, tap-service also learns
     * the role it runs ADQL queries as.
     */
    static Map<String, String> serviceEnvironment(ServiceSpec s, Map<String, String> common,
                                                  Map<String, DatabaseRoles.Login> logins, boolean launcherRoles) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(s.port()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        DatabaseRoles.Login login = logins.get(s.name());
        if (login != null) {
            env.put("QUARKUS_DATASOURCE_USERNAME", login.user());
            env.put("QUARKUS_DATASOURCE_PASSWORD", login.password());
        }
        if (launcherRoles && "tap-service".equals(s.name())) {
            env.put("GAMMAVO_TAP_QUERY_ROLE", DatabaseRoles.QUERY);
        }
        return env;
    }

    /**
     * With an external database the operator's roles: GAMMAVO_DB_TAP_USER/_PASSWORD and GAMMAVO_DB_UWS_USER/_PASSWORD
     * when set, else GAMMAVO_DB_USER/_PASSWORD for both.
     */
    static Map<String, DatabaseRoles.Login> externalLogins(StackConfig cfg) {
        Map<String, String> l = cfg.dbLogins();
        return Map.of(
                "tap-service", new DatabaseRoles.Login(l.getOrDefault("GAMMAVO_DB_TAP_USER", cfg.dbUser()),
                        l.getOrDefault("GAMMAVO_DB_TAP_PASSWORD", cfg.dbPassword())),
                "uws-service", new DatabaseRoles.Login(l.getOrDefault("GAMMAVO_DB_UWS_USER", cfg.dbUser()),
                        l.getOrDefault("GAMMAVO_DB_UWS_PASSWORD", cfg.dbPassword())));
    }

    private void printUrls(Duration took) {
        String base = cfg.publicUrl().toString();
        log("");
        log("The platform is UP (started in %.1f s):", took.toMillis() / 1000.0);
        log("  web UI     %s/", base);
        log("  TAP        %s/tap          (availability, capabilities, tables, sync, async)", base);
        log("  UWS        %s/uws/", base);
        log("  resolver   %s/resolver/", base);
        log("  health     %s/health", base);
        if (keycloak != null) {
            log("  sign-in    %s (Keycloak, users alice/alice, bob/bob, operator/operator; admin console %s/admin)",
                    keycloak.issuer(), keycloak.baseUrl());
        }
        log("  logs       %s", cfg.logsDir());
        log("Stop with Ctrl-C (or ./platform down from another shell).");
    }

    /** Stops everything this launcher started, services first; safe to call twice. */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        if (gateway != null) {
            gateway.close();
        }
        for (Process p : children.values()) {
            p.destroy();
        }
        for (Process p : children.values()) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (health != null) {
            health.close();
        }
        try {
            if (db != null) {
                db.close();
            }
        } catch (IOException e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
        }
        if (kafka != null) {
            kafka.close();
        }
        if (kafkaProcess != null) {
            kafkaProcess.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        try {
            Files.deleteIfExists(cfg.pidFile());
        } catch (IOException ignored) {
            // nothing left to clean
        }
        stopped.countDown();
        System.out.println("local stack stopped");
    }

    private void checkPortsFree() {
        List<Integer> ports = new ArrayList<>(List.of(cfg.gatewayPort()));
        cfg.services().forEach(s -> ports.add(s.port()));
        if (cfg.externalKafka().isEmpty()) {
            ports.addAll(List.of(cfg.kafkaPort(), cfg.kafkaControllerPort()));
        }
        if (cfg.externalDbUrl().isEmpty()) {
            ports.add(cfg.dbPort());
        }
        cfg.keycloakPort().ifPresent(ports::add);
        for (int p : ports) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", p));
            } catch (IOException e) {
                throw new IllegalStateException("port " + p + " is taken; set the matching GAMMAVO_*_PORT "
                        + "(see README) or stop what uses it (ss -ltnp 'sport = :" + p + "')");
            }
        }
    }

    /**
     * One line per process: {@code <name> <pid>}, the launcher first. PostgreSQL is listed too: pg_ctl daemonizes
     * it, so only its PID lets {@code down} stop it after a launcher that was killed with -9.
     */
    private synchronized void writePids() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("launcher " + ProcessHandle.current().pid());
        children.forEach((name, p) -> lines.add(name + " " + p.pid()));
        if (kafkaProcess != null) {
            lines.add("kafka " + kafkaProcess.pid());
        }
        if (db != null) {
            db.serverPid().ifPresent(pid -> lines.add("postgres " + pid));
        }
        if (keycloak != null) {
            lines.add("keycloak " + keycloak.pid());
        }
        Files.write(cfg.pidFile(), lines);
    }

    // --- for the chaos run: kill -9 and restart single parts of a running stack ---

    /** The local OIDC issuer ({@code GAMMAVO_KEYCLOAK=local}), else null. */
    public KeycloakServer keycloak() {
        return keycloak;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The configuration this stack runs with. */
    public StackConfig config() {
        return cfg;
    }

    /** SIGKILL to one service's JVM (as in a crash); returns when it is gone. */
    public void killService(String name) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = children.get(name);
        }
        p.destroyForcibly().waitFor();
    }

    /** Starts a service again with the command and environment of its first start; does not wait for it. */
    public synchronized void startService(String name) throws IOException {
        Process old = children.get(name);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + old.pid() + ")");
        }
        children.put(name, launchers.get(name).start());
        writePids();
    }

    /** Whether the service's JVM is alive. */
    public synchronized boolean serviceAlive(String name) {
        Process p = children.get(name);
        return p != null && p.isAlive();
    }

    /** The broker when it runs in its own JVM ({@code kafkaInOwnProcess}), else null. */
    public KafkaProcess kafkaProcess() {
        return kafkaProcess;
    }

    /** The embedded PostgreSQL, or null with an external database. */
    public EmbeddedDatabase database() {
        return db;
    }

    /** Re-records the PIDs after a restart (so {@code down} still finds everything). */
    public void pidsChanged() throws IOException {
        writePids();
    }

    /** The PIDs of the pid file, launcher first. */
    public static List<Long> readPids(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> Long.parseLong(s.substring(s.lastIndexOf(' ') + 1))).toList();
    }

    /** Stops a stack started by {@code up} from another shell: TERM to the launcher, then to anything left. */
    static int down(StackConfig cfg) throws Exception {
        if (!Files.exists(cfg.pidFile())) {
            System.out.println("no local stack is running (no " + cfg.pidFile() + ")");
            return 0;
        }
        List<Long> pids = readPids(cfg.pidFile());
        ProcessHandle.of(pids.get(0)).ifPresent(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + 40_000;
        for (long pid : pids) {
            var h = ProcessHandle.of(pid);
            while (h.isPresent() && h.get().isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
        }
        // A launcher killed with -9 leaves its children (and PostgreSQL) running: stop them directly, gently first.
        List<ProcessHandle> left = pids.subList(1, pids.size()).stream().map(ProcessHandle::of)
                .flatMap(java.util.Optional::stream).filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroy);
        long gentle = System.currentTimeMillis() + 15_000;
        while (left.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < gentle) {
            Thread.sleep(200);
        }
        left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        Files.deleteIfExists(cfg.pidFile());
        System.out.println("local stack stopped");
        return 0;
    }

    static int status(StackConfig cfg) {
        String url = "http://127.0.0.1:" + cfg.gatewayPort() + "/health";
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(r.body());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            System.out.println("not running: nothing answers at " + url);
            return 3;
        }
    }

    /** Kafka's and Vert.x's own logs go to work/logs/local-stack.log; the console keeps only what we print. */
    private static void quietInfraLogs() {
        try {
            Path logs = StackConfig.fromEnv(System.getenv()).logsDir();
            Files.createDirectories(logs);
            System.setProperty("org.slf4j.simpleLogger.logFile", logs.resolve("local-stack.log").toString());
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        } catch (Exception e) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    private static void log(String fmt, Object... args) {
        System.out.println(args.length == 0 ? fmt : String.format(fmt, args));
    }
}
