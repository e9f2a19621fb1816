package org.gammavo.stack.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PostgreSQL 17) started as a child process.
 *
 * <p>It needs no root and no system install, which is why it is the local default. It has no pgSphere: the ADQL
 * translator then uses its plain-PostgreSQL geometry dialect. The data directory is kept between runs.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Database the services share, one schema per service. */
    public static final String DATABASE = "gammavo";

    private final int port;
    private final Path dataDir;
    private EmbeddedPostgres postgres;

    public EmbeddedDatabase(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    public synchronized EmbeddedDatabase start() throws IOException, SQLException {
        Files.createDirectories(dataDir);
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                .start();
        try (Connection c = Jdbc.connect(adminUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
        return this;
    }

    private String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    /** The postmaster's PID (from postmaster.pid): pg_ctl daemonizes it, so it is not a child of this JVM. */
    public java.util.OptionalLong serverPid() {
        try {
            String first = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
            return java.util.OptionalLong.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (postgres != null) {
            var pid = serverPid();
            postgres.close();
            postgres = null;
            // pg_ctl returns while the postmaster is still exiting; "closed" should mean the server is gone.
            if (pid.isPresent()) {
                var handle = ProcessHandle.of(pid.getAsLong());
                long deadline = System.currentTimeMillis() + 15_000;
                while (handle.map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < deadline) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
