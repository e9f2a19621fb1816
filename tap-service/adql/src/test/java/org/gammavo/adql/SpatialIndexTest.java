package org.gammavo.adql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.Dialect;
import org.gammavo.adql.translate.PlainGeometry;
import org.gammavo.adql.translate.TranslatedQuery;
import org.junit.jupiter.api.Test;

/**
 * On a generated 1 M-row table, the translated cone and polygon searches on a declared sky position must
 * be answered through an index (EXPLAIN mentions an index scan), in both dialects.
 */
class SpatialIndexTest {
    static final int ROWS = 1_000_000;
    static final TableSet TABLES = TableSet.builder()
            .table(Table.builder("cat", "big").db("adql_idx", "big")
                    .column(Column.builder("id", "int"))
                    .column(Column.builder("ra", "double").unit("deg").indexed())
                    .column(Column.builder("dec", "double").unit("deg").indexed())
                    .position("ra", "dec"))
            .build();
    static final String[] QUERIES = {
        "SELECT id FROM cat.big WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 0.5))",
        "SELECT id FROM cat.big WHERE CONTAINS(POINT(ra, dec), POLYGON(10,20, 11,20, 11,21, 10,21)) = 1",
        "SELECT COUNT(*) FROM cat.big WHERE 1 = INTERSECTS(CIRCLE(359.9, -89.8, 0.3), POINT(ra, dec))",
    };

    static void fill(Connection c, String index) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS adql_idx CASCADE; CREATE SCHEMA adql_idx;"
                    + "CREATE TABLE adql_idx.big AS SELECT i AS id, random() * 360 AS ra, degrees(asin(2 * random() - 1)) AS dec "
                    + "FROM generate_series(1, " + ROWS + ") AS i;" + index + "; ANALYZE adql_idx.big");
        }
    }

    static void checkPlans(Connection c, Dialect d) throws Exception {
        AdqlEngine engine = new AdqlEngine();
        for (String adql : QUERIES) {
            TranslatedQuery t = engine.translate(adql, AdqlVersion.V2_1, TABLES, d, OptionalLong.empty());
            StringBuilder plan = new StringBuilder();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("EXPLAIN " + t.sql())) {
                while (r.next()) plan.append(r.getString(1)).append('\n');
            }
            long t0 = System.nanoTime();
            long n = 0;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(t.sql())) {
                while (r.next()) n++;
            }
            System.out.printf("%s, %d rows: %s%n  SQL: %s%n  %d result rows in %.1f ms%n%s", d, ROWS, adql, t.sql(), n,
                    (System.nanoTime() - t0) / 1e6, plan.toString().indent(4));
            assertTrue(plan.toString().contains("Index"), "no index used for " + adql + ":\n" + plan);
        }
    }

    @Test
    void plainDialectUsesTheDecIndex() throws Exception {
        try (Connection c = EmbeddedPg.get().getPostgresDatabase().getConnection()) {
            PlainGeometry.install(c);
            fill(c, "CREATE INDEX big_dec ON adql_idx.big (dec)");
            try {
                checkPlans(c, Dialect.PLAIN_POSTGRES);
            } finally {
                try (Statement s = c.createStatement()) { s.execute("DROP SCHEMA adql_idx CASCADE"); }
            }
        }
    }

    @Test
    void pgSphereDialectUsesTheGistIndex() throws Exception {
        try (Connection c = PgSphereTest.connect()) {
            fill(c, "CREATE INDEX big_pos ON adql_idx.big USING gist (spoint(radians(ra), radians(dec)))");
            try {
                checkPlans(c, Dialect.PGSPHERE);
            } finally {
                try (Statement s = c.createStatement()) { s.execute("DROP SCHEMA adql_idx CASCADE"); }
            }
        }
    }
}
