package org.gammavo.adql;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** One embedded PostgreSQL (zonky, PG 17) shared by the test classes of the run, stopped at JVM exit. */
final class EmbeddedPg {
    private static EmbeddedPostgres pg;

    private EmbeddedPg() { }

    static synchronized EmbeddedPostgres get() throws IOException {
        if (pg == null) {
            pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try { pg.close(); } catch (IOException ignored) { }
            }));
        }
        return pg;
    }
}
