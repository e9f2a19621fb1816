package org.gammavo.stack.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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
                // zonky turns synchronous_commit off (fast tests): a commit would be acknowledged before its WAL is
                // written, and a crash of the server (the chaos run's kill -9) would lose it
                .setServerConfig("synchronous_commit", "on")
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

    /**
     * SIGKILL to the postmaster, as in a crash (the chaos run): no checkpoint, no clean shutdown. Its backends
     * notice the postmaster's death and exit on their own; returns when the postmaster is gone.
     */
    public synchronized void kill() {
        var pid = serverPid();
        if (pid.isEmpty()) {
            return;
        }
        ProcessHandle.of(pid.getAsLong()).ifPresent(h -> {
            List<ProcessHandle> backends = h.descendants().toList();
            h.destroyForcibly();
            h.onExit().join();
            // A new postmaster refuses to start while the old one's backends still hold its shared memory; they exit
            // by themselves when they notice, and are killed after 30 s, as an operator would.
            long deadline = System.currentTimeMillis() + 30_000;
            while (backends.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
                sleep(100);
            }
            backends.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the server again on the same data directory and port after {@link #kill()}: PostgreSQL replays its
     * WAL (crash recovery). Until the killed postmaster's last backends have exited, PostgreSQL refuses to start
     * ("pre-existing shared memory block is still in use"), so this retries until {@code timeout}.
     */
    public synchronized void restart(java.time.Duration timeout) throws IOException, SQLException {
        if (postgres != null) {
            try {
                postgres.close(); // pg_ctl stop fails on the dead server (logged); this releases zonky's data-dir lock
            } catch (IOException | RuntimeException ignored) {
                // nothing left to stop
            }
            postgres = null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                start();
                return;
            } catch (IOException | SQLException | RuntimeException e) {
                if (postgres != null) {
                    try {
                        postgres.close();
                    } catch (IOException | RuntimeException ignored) {
                        // as above
                    }
                    postgres = null;
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while restarting PostgreSQL", ie);
                }
            }
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
