package org.gammavo.adql.translate;

import org.gammavo.adql.meta.UserFunction;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL flavour the translator writes for. Geometry columns are stored the same way in both
 * (DALI arrays in degrees: point double[2], circle double[3], polygon double[2n]); they differ in how
 * geometry predicates are computed and which index serves them.
 */
public enum Dialect {
    /** pgSphere installed: geometry via spoint/scircle/spoly operators, GiST indexes on pgSphere expressions. */
    PGSPHERE {
        @Override
        public PostgresTranslator translator(List<UserFunction> userFunctions) {
            return new PgSphereTranslator(userFunctions);
        }
    },
    /**
     * Plain PostgreSQL: geometry via the SQL functions of {@link PlainGeometry#installSql()} (schema adqlfn),
     * cone/polygon searches narrowed with a Dec range that a B-tree index on the Dec column serves.
     */
    PLAIN_POSTGRES {
        @Override
        public PostgresTranslator translator(List<UserFunction> userFunctions) {
            return new PlainPostgresTranslator(userFunctions);
        }
    };

    /** The translator that writes this dialect (VOLLT's shape: one translator class per dialect). */
    public abstract PostgresTranslator translator(List<UserFunction> userFunctions);

    /** PGSPHERE if the pg_sphere extension is installed in the connection's database, else PLAIN_POSTGRES. */
    public static Dialect detect(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_sphere'")) {
            return r.next() ? PGSPHERE : PLAIN_POSTGRES;
        }
    }
}
