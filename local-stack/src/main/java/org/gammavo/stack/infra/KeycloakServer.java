package org.gammavo.stack.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real OpenID Connect issuer on this machine: Keycloak (the {@code org.keycloak:keycloak-quarkus-dist} zip from
 * Maven Central, unpacked once into {@code ~/.cache/gammavo/}) in dev mode with an in-memory database, importing the
 * demo realm {@code gammavo} ({@code keycloak/gammavo-realm.json}: users alice, bob, operator; the web UI's public
 * client {@code gammavo-web} with PKCE S256; {@code gammavo-cli} for curl and pyvo; audience {@code gammavo}).
 *
 * <p>Keycloak 26 needs Java 21 or newer; the platform runs on 17, so Keycloak gets a JDK of its own
 * ({@code GAMMAVO_KEYCLOAK_JAVA_HOME}, else the newest JDK ≥ 21 under {@code /usr/lib/jvm}). Every start imports the
 * realm afresh (dev-mem): nothing of a previous run is kept, which is what tests and a demo want. Not for
 * production: a site runs its own issuer (docs/security.md, "OpenID Connect").
 */
public final class KeycloakServer implements AutoCloseable {

    /** The Keycloak release, as on Maven Central (.ci and the web-ui pom fetch the same one). */
    public static final String VERSION = "26.5.6";
    public static final String REALM = "gammavo";
    /** The audience the services require in access tokens (the realm's audience mapper puts it there). */
    public static final String AUDIENCE = "gammavo";
    /** The web UI's client (public, authorization code + PKCE). */
    public static final String WEB_CLIENT = "gammavo-web";

    private final int port;
    private final int managementPort;
    private final Path home;
    private final Path javaHome;
    private final Path logFile;
    private final String adminPassword;
    private final String webOrigin;
    private Process process;

    /**
     * @param port           the HTTP port on 127.0.0.1 (the issuer is {@code http://localhost:<port>/realms/gammavo})
     * @param managementPort Keycloak's management interface (health), on 127.0.0.1 too
     * @param home           an unpacked distribution ({@link #distribution})
     * @param javaHome       a JDK 21+
     * @param logFile        where Keycloak's output is appended
     * @param adminPassword  the master realm's temporary admin (user {@code admin}), for tests that change the realm
     * @param webOrigin      the web UI's origin (the platform's public URL): the only redirect target and CORS origin
     *                       of the web client
     */
    public KeycloakServer(int port, int managementPort, Path home, Path javaHome, Path logFile, String adminPassword,
                          String webOrigin) {
        this.port = port;
        this.managementPort = managementPort;
        this.home = home;
        this.javaHome = javaHome;
        this.logFile = logFile;
        this.adminPassword = adminPassword;
        this.webOrigin = webOrigin.replaceAll("/+$", "");
    }

    /** {@code http://localhost:<port>}: the name browsers and services both use, so the token's iss is the same. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts Keycloak and returns once the realm's discovery document is served. */
    public synchronized KeycloakServer start(Duration timeout) throws IOException, InterruptedException {
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        try (InputStream realm = KeycloakServer.class.getResourceAsStream("/keycloak/gammavo-realm.json")) {
            Path tmp = Files.createTempFile(imports, ".realm", ".tmp");
            Files.writeString(tmp, new String(realm.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("@WEB_ORIGIN@", webOrigin));
            Files.move(tmp, imports.resolve("gammavo-realm.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        Files.createDirectories(logFile.getParent());
        List<String> cmd = List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev", "--db=dev-mem",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
                "--hostname=" + baseUrl(), "--import-realm", "--log-console-color=false");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("JAVA", javaHome.resolve("bin/java").toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        // Measured: ~350 MB resident after a login; the default heap (25 % of RAM) would take far more.
        pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        process = pb.start();
        // kc.sh runs Keycloak's JVM as its child: should the owner exit without close() (a test JVM ending after a
        // failed start), the child would outlive it, reparented to init, still holding its port.
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }, "keycloak-stop"));
        awaitReady(timeout);
        return this;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create("http://127.0.0.1:" + port + "/realms/" + REALM + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak did not serve the realm within " + timeout.toSeconds() + " s; see "
                + logFile);
    }

    /** SIGTERM (Keycloak's graceful shutdown), forcibly after 20 s. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * The unpacked distribution: {@code GAMMAVO_KEYCLOAK_HOME} when set, else the Maven Central zip in the local
     * repository unpacked into {@code ~/.cache/gammavo/keycloak-<version>} (once; later starts reuse it, and the
     * build step Keycloak runs at its first start).
     */
    public static Path distribution(Map<String, String> env) throws IOException {
        Optional<String> given = Optional.ofNullable(env.get("GAMMAVO_KEYCLOAK_HOME")).filter(s -> !s.isBlank());
        if (given.isPresent()) {
            Path home = Path.of(given.get());
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                throw new IllegalStateException("GAMMAVO_KEYCLOAK_HOME=" + home + " has no bin/kc.sh");
            }
            return home;
        }
        Path m2 = Path.of(env.getOrDefault("GAMMAVO_M2_REPOSITORY",
                System.getProperty("user.home") + "/.m2/repository"));
        Path zip = m2.resolve("org/keycloak/keycloak-quarkus-dist/" + VERSION + "/keycloak-quarkus-dist-" + VERSION
                + ".zip");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "gammavo");
        Path home = cache.resolve("keycloak-" + VERSION);
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak " + VERSION + " is not in " + m2 + ": fetch it once with "
                    + "mvn dependency:get -Dtransitive=false -Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION
                    + ":zip");
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, ".keycloak-unpack");
        unzip(zip, tmp);
        try (Stream<Path> top = Files.list(tmp)) {
            Path unpacked = top.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException(zip + " holds no directory"));
            try {
                Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException
                     | AccessDeniedException raced) {
                // another launcher unpacked it at the same time: use theirs
            }
        } finally {
            deleteTree(tmp);
        }
        return home;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    if (target.toString().endsWith(".sh")) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A JDK for Keycloak: {@code GAMMAVO_KEYCLOAK_JAVA_HOME} when set, else this JVM when it is 21+, else the newest
     * JDK 21+ under {@code /usr/lib/jvm} (e.g. Temurin 25 beside the platform's 17).
     */
    public static Path javaHome(Map<String, String> env) throws IOException {
        String given = env.get("GAMMAVO_KEYCLOAK_JAVA_HOME");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        List<Map.Entry<Integer, Path>> found = new ArrayList<>();
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                for (Path d : dirs.toList()) {
                    Path release = d.resolve("release");
                    if (Files.isRegularFile(release) && Files.isExecutable(d.resolve("bin/java"))) {
                        featureVersion(Files.readString(release)).filter(v -> v >= 21)
                                .ifPresent(v -> found.add(Map.entry(v, d)));
                    }
                }
            }
        }
        return found.stream().max(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                .orElseThrow(() -> new IllegalStateException("Keycloak needs Java 21 or newer: install one (e.g. "
                        + "apt-get install openjdk-21-jdk-headless) or set GAMMAVO_KEYCLOAK_JAVA_HOME"));
    }

    /** The feature version of a JDK's {@code release} file ({@code JAVA_VERSION="25.0.1"} → 25). */
    static Optional<Integer> featureVersion(String release) {
        var m = java.util.regex.Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)").matcher(release);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
