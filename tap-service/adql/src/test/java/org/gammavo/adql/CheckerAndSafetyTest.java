package org.gammavo.adql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;

import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.Dialect;
import org.gammavo.adql.translate.TranslatedQuery;
import org.junit.jupiter.api.Test;

/** Checker messages, version rules, the endpoint-shaped results and the safety rules of the translator. */
class CheckerAndSafetyTest {
    final AdqlEngine engine = new AdqlEngine();
    final TableSet tables = TestTables.tables();

    AdqlException error(String adql) {
        return assertThrows(AdqlException.class, () -> engine.translate(adql, AdqlVersion.V2_1, tables, Dialect.PLAIN_POSTGRES, OptionalLong.empty()));
    }

    String sql(String adql) throws AdqlException {
        return engine.translate(adql, AdqlVersion.V2_1, tables, Dialect.PLAIN_POSTGRES, OptionalLong.empty()).sql();
    }

    @Test
    void unknownColumnSuggestsTheClosestName() {
        AdqlException e = error("SELECT s_raa\n  FROM ivoa.obscore");
        assertEquals("column 's_raa' does not exist in ivoa.obscore; did you mean s_ra?", e.getMessage());
        assertEquals(1, e.line());
        assertEquals(8, e.column());
    }

    @Test
    void unknownTableAndSchema() {
        assertEquals("table 'obscor' does not exist in schema ivoa; did you mean obscore?", error("SELECT * FROM ivoa.obscor").getMessage());
        assertEquals("schema 'ivo' does not exist; did you mean ivoa?", error("SELECT * FROM ivo.obscore").getMessage());
        assertEquals("table 'sourcess' does not exist; did you mean sources?", error("SELECT * FROM sourcess").getMessage());
    }

    @Test
    void allErrorsAreReported() {
        AdqlException e = error("SELECT foo, bar FROM ivoa.sources WHERE baz > 1");
        assertEquals(3, e.all().size());
        assertEquals(List.of(8, 13, 41), e.all().stream().map(AdqlException::column).toList());
    }

    @Test
    void ambiguityAndAliases() {
        assertTrue(error("SELECT id FROM ivoa.sources, ivoa.shapes").getMessage()
                .startsWith("column 'id' is ambiguous: it exists in ivoa.sources and ivoa.shapes; qualify it"));
        assertTrue(error("SELECT x.id FROM ivoa.sources AS s").getMessage().startsWith("'x' is not a table or alias of the FROM clause"));
        assertTrue(error("SELECT * FROM ivoa.sources AS s, ivoa.shapes AS s").getMessage().contains("appears twice"));
    }

    @Test
    void typeAndArityErrors() {
        assertEquals("operator + needs a number, but name is a string", error("SELECT name + 1 FROM ivoa.sources").getMessage());
        assertEquals("cannot compare a number with a string", error("SELECT id FROM ivoa.sources WHERE ra = 'x'").getMessage());
        assertTrue(error("SELECT DISTANCE(s_region, POINT(1, 2)) FROM ivoa.obscore").getMessage().startsWith("DISTANCE() needs two points, but s_region is a polygon"));
        assertEquals("ABS() takes 1 argument(s), not 2", error("SELECT ABS(ra, dec) FROM ivoa.sources").getMessage());
        assertTrue(error("SELECT id FROM ivoa.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(0, 0, 1))").getMessage()
                .startsWith("a condition is expected here, not a value; write 1 = CONTAINS"));
        assertTrue(error("SELECT id FROM ivoa.sources UNION SELECT id, ra FROM ivoa.sources").getMessage().contains("same number of columns"));
        assertEquals("cannot convert deg to m", error("SELECT IN_UNIT(ra, 'm') FROM ivoa.sources").getMessage());
        assertEquals("ORDER BY 3: there are only 1 output columns", error("SELECT id FROM ivoa.sources ORDER BY 3").getMessage());
    }

    @Test
    void groupingRules() throws AdqlException {
        assertEquals("column 'name' must appear in GROUP BY or be used in an aggregate function (COUNT, SUM, AVG, MIN, MAX)",
                error("SELECT name, COUNT(*) FROM ivoa.sources").getMessage());
        assertEquals("column 'mag' must appear in GROUP BY or be used in an aggregate function (COUNT, SUM, AVG, MIN, MAX)",
                error("SELECT dec, COUNT(*) FROM ivoa.sources GROUP BY dec HAVING mag > 1").getMessage());
        assertEquals("aggregate functions are not allowed in WHERE; use HAVING", error("SELECT id FROM ivoa.sources WHERE COUNT(*) > 1").getMessage());
        assertTrue(error("SELECT * FROM ivoa.sources GROUP BY id").getMessage().startsWith("* includes column 'name', which is neither in GROUP BY"));
        sql("SELECT s.dec AS d, COUNT(*), MAX(mag) + 1 FROM ivoa.sources AS s GROUP BY dec HAVING AVG(mag) > 1 ORDER BY d");
        sql("SELECT dec / 2 AS h, COUNT(*) FROM ivoa.sources GROUP BY h");
        sql("SELECT id FROM ivoa.sources AS s WHERE mag > (SELECT AVG(mag) FROM ivoa.sources WHERE dec = s.dec)");
    }

    @Test
    void versionRules() throws AdqlException {
        for (String q : List.of("SELECT id FROM t OFFSET 1", "SELECT name FROM t WHERE name ILIKE 'a'", "SELECT 0x1F FROM t",
                "SELECT a FROM t UNION SELECT a FROM u", "WITH w AS (SELECT a FROM t) SELECT a FROM w", "SELECT CAST(a AS INTEGER) FROM t",
                "SELECT POINT(1, 2) FROM t", "SELECT LOWER(a) FROM t", "SELECT a & 1 FROM t", "SELECT COALESCE(a, 1) FROM t")) {
            engine.parse(q, AdqlVersion.V2_1);
            AdqlException e = assertThrows(AdqlException.class, () -> engine.parse(q, AdqlVersion.V2_0), q);
            assertTrue(e.getMessage().contains("not part of ADQL 2.0"), e.getMessage());
        }
        engine.parse("SELECT TOP 5 POINT('ICRS', ra, dec) FROM t WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1, 2, 3))", AdqlVersion.V2_0);
    }

    @Test
    void endpointResults() {
        ValidationResult ok = engine.validateSyntax("SELECT * FROM nowhere", "2.1");
        assertTrue(ok.valid());
        assertNull(ok.message());
        ValidationResult bad = engine.validateSyntax("SELECT\nFROM x", null);
        assertFalse(bad.valid());
        assertEquals(2, bad.line());
        assertEquals(1, bad.column());
        assertEquals("syntax error at 'FROM'", bad.message());
        assertFalse(engine.validateSyntax("SELECT 1 FROM x", "3.0").valid());
        ValidationResult t = engine.validateTranslation("SELECT TOP 3 id FROM ivoa.sources", "ADQL-2.1", tables, Dialect.PGSPHERE);
        assertTrue(t.valid());
        assertEquals("SELECT \"sources\".\"id\" AS \"id\" FROM \"adql_test\".\"sources\" AS \"sources\" LIMIT 3", t.sql());
        ValidationResult u = engine.validateTranslation("SELECT nope FROM ivoa.sources", "2.1", tables, Dialect.PGSPHERE);
        assertFalse(u.valid());
        assertEquals(1, u.line());
        assertEquals(8, u.column());
    }

    @Test
    void onlyPublishedTablesAreReachable() {
        assertTrue(error("SELECT * FROM pg_catalog.pg_tables").getMessage().startsWith("schema 'pg_catalog' does not exist"));
        assertTrue(error("SELECT * FROM information_schema.tables").getMessage().startsWith("schema 'information_schema' does not exist"));
        assertTrue(error("SELECT * FROM pg_user").getMessage().startsWith("table 'pg_user' does not exist"));
        assertTrue(error("SELECT * FROM adql_test.sources").getMessage().startsWith("schema 'adql_test' does not exist"));
        assertTrue(error("SELECT pg_sleep(10) FROM ivoa.sources").getMessage().startsWith("unknown function pg_sleep()"));
        assertTrue(error("SELECT * FROM \"ivoa\".\"Sources\"").getMessage().contains("does not exist"));
    }

    @Test
    void onlyOneStatementAndNoSqlInjection() throws AdqlException {
        assertTrue(error("SELECT * FROM ivoa.sources; DROP TABLE ivoa.sources").getMessage().startsWith("syntax error"));
        assertTrue(error("SELECT * FROM ivoa.sources -- ok\n; DELETE FROM x").getMessage().startsWith("syntax error"));
        String s = sql("SELECT id FROM ivoa.sources WHERE name = 'x''; DROP TABLE t; --' AND name LIKE 'a\\'");
        assertTrue(s.contains("'x''; DROP TABLE t; --'"), s);
        assertTrue(s.contains("E'a\\\\'"), s);
        String q = sql("SELECT id AS \"a\"\"; DROP TABLE x; --\" FROM ivoa.sources");
        assertTrue(q.endsWith("AS \"a\"\"; DROP TABLE x; --\" FROM \"adql_test\".\"sources\" AS \"sources\""), q);
        assertTrue(error("SELECT id FROM ivoa.sources WHERE id = 1 /* */").getMessage().startsWith("syntax error"));
    }

    @Test
    void uploadTablesArePerQuery() throws AdqlException {
        Table up = Table.builder("TAP_UPLOAD", "mine").db("tap_upload_job42", "mine")
                .column(Column.builder("ra", "double").unit("deg")).column(Column.builder("dec", "double").unit("deg")).build();
        TableSet withUpload = tables.withUploads(List.of(up));
        TranslatedQuery t = engine.translate("SELECT s.id FROM TAP_UPLOAD.mine AS m JOIN ivoa.sources AS s "
                        + "ON 1 = CONTAINS(POINT(s.ra, s.dec), CIRCLE(m.ra, m.dec, 0.1))", AdqlVersion.V2_1, withUpload,
                Dialect.PGSPHERE, OptionalLong.of(101));
        assertTrue(t.sql().contains("\"tap_upload_job42\".\"mine\" AS \"m\""), t.sql());
        assertTrue(t.sql().endsWith("LIMIT 101"), t.sql());
        assertTrue(error("SELECT * FROM TAP_UPLOAD.mine").getMessage().contains("does not exist"));
    }
}
