package org.gammavo.adql.translate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL functions (schema {@code adqlfn}) that the PLAIN_POSTGRES dialect calls for ADQL geometry.
 * They are plain SQL/PL/pgSQL, need no extension, and are installed once per database (idempotent):
 * {@code PlainGeometry.install(connection)} at service start, or run {@link #installSql()} in a migration.
 */
public final class PlainGeometry {
    private PlainGeometry() { }

    /** The installation script. */
    public static String installSql() {
        try (InputStream in = PlainGeometry.class.getResourceAsStream("plain-geometry.sql")) {
            if (in == null) throw new IllegalStateException("plain-geometry.sql missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates or replaces the adqlfn functions in the connection's database. */
    public static void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(installSql());
        }
    }
}
