package org.gammavo.adql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.translate.Dialect;
import org.gammavo.adql.translate.OutputColumn;
import org.gammavo.adql.translate.TranslatedQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Translated queries run on a real PostgreSQL; geometry results are compared with values computed by
 * hand near RA 0/360, at the poles and for polygons of both orientations. Subclasses give the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GeometryAndSqlCases {
    static final double EPS = 1e-9;

    final AdqlEngine engine = new AdqlEngine(List.of(new UserFunction("gavo_twice", List.of("DOUBLE"), "DOUBLE", "adql_test.twice", null),
            // result type not declared (issue #18): the checker accepts it anywhere, || casts it to text
            new UserFunction("ivo_foo", List.of("INTEGER"), null, "adql_test.ivo_foo", null)));
    final TableSet tables = TestTables.tables();

    abstract Connection connection();

    abstract Dialect dialect();

    static void setUpData(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(TestTables.DDL);
            s.execute("CREATE FUNCTION adql_test.twice(x double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS 'SELECT 2 * x'");
            s.execute("CREATE FUNCTION adql_test.ivo_foo(x integer) RETURNS double precision LANGUAGE sql IMMUTABLE AS 'SELECT 1.5 * x'");
        }
    }

    static void dropData(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS adql_test CASCADE");
        }
    }

    TranslatedQuery translate(String adql, OptionalLong limit) {
        try {
            return engine.translate(adql, AdqlVersion.V2_1, tables, dialect(), limit);
        } catch (AdqlException e) {
            throw new AssertionError(adql + " -> " + e, e);
        }
    }

    List<List<Object>> rows(String adql) { return rows(translate(adql, OptionalLong.empty())); }

    List<List<Object>> rows(TranslatedQuery t) {
        try (Statement s = connection().createStatement(); ResultSet r = s.executeQuery(t.sql())) {
            ResultSetMetaData md = r.getMetaData();
            assertEquals(t.columns().size(), md.getColumnCount(), "column count of " + t.sql());
            for (int i = 0; i < md.getColumnCount(); i++) assertEquals(t.columns().get(i).name(), md.getColumnLabel(i + 1));
            List<List<Object>> out = new ArrayList<>();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object o = r.getObject(i);
                    if (o instanceof Array a) {
                        List<Double> l = new ArrayList<>();
                        for (Object x : (Object[]) a.getArray()) l.add(x == null ? null : ((Number) x).doubleValue());
                        o = l;
                    } else if (o instanceof Number n && !(o instanceof Long) && !(o instanceof Integer)) o = n.doubleValue();
                    else if (o instanceof Integer n) o = n.longValue();
                    row.add(o);
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError("SQL failed: " + e.getMessage() + "\n" + t.sql(), e);
        }
    }

    List<Object> ids(String adql) {
        List<Object> l = new ArrayList<>();
        for (List<Object> r : rows(adql)) l.add(r.get(0));
        return l;
    }

    double scalar(String adql) { return ((Number) rows(adql).get(0).get(0)).doubleValue(); }

    // ------------------------------------------------------------------ cones

    @Test
    void coneAcrossRaZero() {
        assertEquals(List.of(1L, 2L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 0, 0, 0.2)) ORDER BY id"));
        assertEquals(List.of(1L, 2L), ids("SELECT id FROM ivoa.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(359.95, 0, 0.2)) = 1 ORDER BY id"));
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L), ids("SELECT id FROM ivoa.sources WHERE 0 = CONTAINS(POINT(ra, dec), CIRCLE(359.95, 0, 0.2)) ORDER BY id"));
    }

    @Test
    void coneAtThePoles() {
        assertEquals(List.of(4L, 5L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(0, 90, 0.2)) ORDER BY id"));
        // both pole sources are 0.1 deg from the pole whatever the centre's RA
        assertEquals(List.of(4L, 5L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(123, 90, 0.1000001)) ORDER BY id"));
        assertEquals(List.of(6L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(300, -90, 0.06)) ORDER BY id"));
        assertEquals(List.of(4L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(pos, CIRCLE(0, 89.85, 0.06)) ORDER BY id"));
    }

    @Test
    void distances() {
        assertEquals(1.0, scalar("SELECT DISTANCE(POINT(359.5, 0), POINT(0.5, 0)) FROM ivoa.sources WHERE id = 1"), EPS);
        assertEquals(90.0, scalar("SELECT DISTANCE(POINT(0, 0), POINT(90, 0)) FROM ivoa.sources WHERE id = 1"), EPS);
        assertEquals(0.2, scalar("SELECT DISTANCE(a.pos, b.pos) FROM ivoa.sources AS a, ivoa.sources AS b WHERE a.id = 4 AND b.id = 5"), EPS);
        assertEquals(0.2, scalar("SELECT DISTANCE(a.ra, a.dec, b.ra, b.dec) FROM ivoa.sources AS a JOIN ivoa.sources AS b ON a.id = 1 AND b.id = 2"), EPS);
    }

    // ------------------------------------------------------------------ polygons

    @Test
    void polygonsOfBothOrientations() {
        assertEquals(List.of(7L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), POLYGON(9,9, 11,9, 11,11, 9,11))"));
        assertEquals(List.of(7L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), POLYGON(9,11, 11,11, 11,9, 9,9))"));
        // across RA 0/360, both orientations
        assertEquals(List.of(1L, 2L), ids("SELECT s.id FROM ivoa.sources AS s, ivoa.shapes AS p WHERE p.id = 3 AND 1 = CONTAINS(s.pos, p.poly) ORDER BY s.id"));
        assertEquals(List.of(1L, 2L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), POLYGON(359,1, 1,1, 1,-1, 359,-1)) ORDER BY id"));
    }

    @Test
    void polarPolygons() {
        // lyonetia X1: a polygon of four vertices at +80 contains the north pole, not the south one, either orientation
        List<Object> r = rows("SELECT CONTAINS(POINT(0, 90), POLYGON(0,80, 270,80, 180,80, 90,80)), "
                + "CONTAINS(POINT(0, -90), POLYGON(0,80, 270,80, 180,80, 90,80)), "
                + "CONTAINS(POINT(0, 90), POLYGON(0,80, 90,80, 180,80, 270,80)), "
                + "CONTAINS(POINT(0, -90), POLYGON('', 0,-80, 90,-80, 180,-80, 270,-80)) FROM ivoa.sources WHERE id = 1").get(0);
        assertEquals(List.of(1L, 0L, 1L, 1L), r);
        assertEquals(List.of(4L, 5L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), POLYGON(0,80, 270,80, 180,80, 90,80)) ORDER BY id"));
    }

    @Test
    void areas() {
        // hand-computed: cap 2*pi*(1-cos 1deg) sr; great-circle squares by the triangle-fan formula
        assertEquals(3.1415129057449094, scalar("SELECT AREA(CIRCLE(0, 0, 1)) FROM ivoa.sources WHERE id = 1"), 1e-6);
        assertEquals(0.9999746077407125, scalar("SELECT AREA(POLYGON(0,0, 1,0, 1,1, 0,1)) FROM ivoa.sources WHERE id = 1"), 1e-6);
        assertEquals(0.9999746077407125, scalar("SELECT AREA(POLYGON(0,1, 1,1, 1,0, 0,0)) FROM ivoa.sources WHERE id = 1"), 1e-6);
        assertEquals(201.01586505408872, scalar("SELECT AREA(poly) FROM ivoa.shapes WHERE id = 2"), 1e-6);
    }

    @Test
    void containsAndIntersectsBetweenShapes() {
        List<Object> r = rows("SELECT INTERSECTS(CIRCLE(10, 10, 1), poly), INTERSECTS(CIRCLE(20, 20, 1), poly), "
                + "CONTAINS(POLYGON(9.5,9.5, 10.5,9.5, 10.5,10.5, 9.5,10.5), circ), CONTAINS(circ, poly), "
                + "CONTAINS(CIRCLE(10, 10, 0.5), poly), INTERSECTS(circ, CIRCLE(12.5, 10, 1.49)), INTERSECTS(poly, POLYGON(10.5,10.5, 12,10.5, 12,12)) "
                + "FROM ivoa.shapes WHERE id = 1").get(0);
        assertEquals(List.of(1L, 0L, 1L, 0L, 1L, 1L, 1L), r);
    }

    @Test
    void adql21ShapeForms() {
        // CIRCLE(point, radius) and POLYGON(point, point, point) (ADQL 2.1 §4.2.3, §4.2.5)
        assertEquals(List.of(7L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(pos, CIRCLE(POINT(10, 10.5), 0.6))"));
        assertEquals(List.of(7L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), POLYGON(POINT(9, 9), POINT(11, 9), POINT(10, 11)))"));
        assertEquals(List.of(1L, 2L), ids("SELECT id FROM ivoa.sources WHERE 1 = CONTAINS(POINT(ra, dec), BOX('ICRS', 0, 0, 1, 1)) ORDER BY id"));
    }

    // ------------------------------------------------------------------ DALI output

    @Test
    void geometryOutputIsDali() {
        TranslatedQuery t = translate("SELECT POINT(10, 20) AS p, CIRCLE('ICRS', 1, 2, 3) AS c, POLYGON(0,0, 1,0, 1,1) AS g, pos, "
                + "CENTROID(CIRCLE(5, 6, 1)) AS ctr, COORD1(pos), COORD2(pos) FROM ivoa.sources WHERE id = 7", OptionalLong.empty());
        List<Object> r = rows(t).get(0);
        assertEquals(List.of(10.0, 20.0), r.get(0));
        assertEquals(List.of(1.0, 2.0, 3.0), r.get(1));
        assertEquals(List.of(0.0, 0.0, 1.0, 0.0, 1.0, 1.0), r.get(2));
        assertEquals(List.of(10.0, 10.0), r.get(3));
        assertEquals(List.of(5.0, 6.0), r.get(4));
        assertEquals(List.of(10.0, 10.0), r.subList(5, 7));
        List<OutputColumn> c = t.columns();
        assertEquals(new OutputColumn("p", "double", "2", "point", "deg", null, null, null), c.get(0));
        assertEquals(new OutputColumn("c", "double", "3", "circle", "deg", null, null, null), c.get(1));
        assertEquals(new OutputColumn("g", "double", "*", "polygon", "deg", null, null, null), c.get(2));
        assertEquals("point", c.get(3).xtype());
        assertEquals("coord1", c.get(5).name());
    }

    @Test
    void columnMetadataComesFromTheTable() {
        TranslatedQuery t = translate("SELECT s_ra AS ra, o.s_dec, COUNT(*) AS n, MAX(s_ra) FROM ivoa.obscore AS o GROUP BY s_ra, o.s_dec", OptionalLong.empty());
        OutputColumn ra = t.columns().get(0);
        assertEquals("ra", ra.name());
        assertEquals("double", ra.datatype());
        assertEquals("deg", ra.unit());
        assertEquals("pos.eq.ra", ra.ucd());
        assertEquals("Central right ascension, ICRS", ra.description());
        assertTrue(ra.utype().startsWith("obscore:"));
        assertEquals("s_dec", t.columns().get(1).name());
        assertEquals("long", t.columns().get(2).datatype());
        assertEquals(2, rows(t).size());
    }

    @Test
    void jdbcValuesMatchTheAnnouncedDatatypes() throws SQLException {
        TranslatedQuery t = translate("SELECT AVG(id), SUM(id), SUM(mag), COUNT(*), MIN(id), 1.5, 2 * 3, CAST(id AS REAL), ABS(id), DISTANCE(0, 0, 1, 1), mag "
                + "FROM ivoa.sources GROUP BY id, mag HAVING id = 1", OptionalLong.empty());
        try (Statement s = connection().createStatement(); ResultSet r = s.executeQuery(t.sql())) {
            r.next();
            for (int i = 0; i < t.columns().size(); i++) {
                Object o = r.getObject(i + 1);
                String dt = t.columns().get(i).datatype();
                boolean ok = switch (dt) {
                    case "double" -> o instanceof Double;
                    case "long" -> o instanceof Long;
                    default -> true;
                };
                assertTrue(ok, t.columns().get(i).name() + " announced " + dt + " but JDBC gave " + o.getClass().getSimpleName());
            }
        }
    }

    // ------------------------------------------------------------------ other SQL

    @Test
    void rowLimitAndTop() {
        assertEquals(3, rows(translate("SELECT TOP 5 id FROM ivoa.sources ORDER BY id", OptionalLong.of(3))).size());
        assertEquals(2, rows(translate("SELECT TOP 2 id FROM ivoa.sources ORDER BY id", OptionalLong.of(3))).size());
        assertEquals(3, rows(translate("SELECT id FROM ivoa.sources UNION SELECT id FROM ivoa.shapes", OptionalLong.of(3))).size());
        assertEquals(List.of(3L, 4L), ids("SELECT id FROM ivoa.sources ORDER BY id OFFSET 2").subList(0, 2));
    }

    @Test
    void languageFeaturesRun() {
        assertEquals(List.of(8L), ids("SELECT id FROM ivoa.sources WHERE name = 'it''s'"));
        assertEquals(List.of(1L, 2L), ids("SELECT id FROM ivoa.sources WHERE name ILIKE 'NEAR0%' ORDER BY 1"));
        assertEquals(List.of(), ids("SELECT id FROM ivoa.sources WHERE name LIKE 'near!_%' ESCAPE '!'"));
        assertEquals(List.of(1L, 2L, 3L), ids("WITH w AS (SELECT id FROM ivoa.sources WHERE id < 4) SELECT id FROM w ORDER BY id"));
        assertEquals(List.of(1L, 2L, 3L), ids("WITH w AS (SELECT id FROM ivoa.sources WHERE id < 4) SELECT id FROM W ORDER BY id"));
        assertEquals(List.of(1L, 2L, 3L), ids("SELECT ID FROM (SELECT id FROM ivoa.sources) AS a JOIN (SELECT id FROM ivoa.shapes) AS b USING (ID) ORDER BY 1"));
        assertEquals(List.of(1L, 2L, 3L), ids("SELECT id FROM ivoa.shapes UNION SELECT id FROM ivoa.sources WHERE id < 3 ORDER BY id"));
        assertEquals(List.of(3L), ids("SELECT id FROM ivoa.sources WHERE id < 4 EXCEPT SELECT id FROM ivoa.shapes WHERE id < 3"));
        assertEquals(List.of(1L, 2L, 3L), ids("SELECT id FROM ivoa.sources NATURAL JOIN ivoa.shapes ORDER BY id"));
        assertEquals(List.of(1L, 2L, 3L), ids("SELECT id FROM ivoa.sources JOIN ivoa.shapes USING (id) ORDER BY id"));
        assertEquals(8, ids("SELECT s.id FROM ivoa.sources AS s LEFT OUTER JOIN ivoa.shapes AS p ON s.id = p.id").size());
        assertEquals(List.of(1L, 2L, 3L), ids("SELECT id FROM ivoa.sources AS s WHERE EXISTS (SELECT 1 FROM ivoa.shapes AS p WHERE p.id = s.id) ORDER BY id"));
        assertEquals(List.of(3L), ids("SELECT id FROM ivoa.sources WHERE id = (SELECT MAX(id) FROM ivoa.shapes)"));
        assertEquals(List.of(2L), ids("SELECT id FROM ivoa.sources WHERE id IN (SELECT id FROM ivoa.shapes WHERE id BETWEEN 2 AND 2)"));
        List<Object> r = rows("SELECT CASE WHEN mag IS NULL THEN 'none' ELSE 'some' END, COALESCE(mag, -1), CAST(id AS VARCHAR(5)), "
                + "IN_UNIT(ra, 'arcmin'), 0x1F & 7, 5 | 2, 6 ^ 3, ~0, LOWER('AbC') || UPPER('x'), gavo_twice(2.5), "
                + "ROUND(2.567, 2), TRUNCATE(2.567, 1), MOD(7, 4), MOD(7.5, 2), LOG(EXP(1)), LOG10(1000), POWER(2, 10), "
                + "CAST('12.5 -30' AS POINT) FROM ivoa.sources WHERE id = 8").get(0);
        assertEquals(List.of("none", -1.0, "8", 1200.0, 7L, 7L, 5L, -1L, "abcX", 5.0, 2.57, 2.5, 3L, 1.5, 1.0, 3.0, 1024.0,
                List.of(12.5, -30.0)), r);
        assertEquals(List.of(List.of(3L, 3L)), rows("SELECT COUNT(*) AS n, MAX(id) FROM ivoa.sources WHERE id < 5 GROUP BY dec HAVING COUNT(*) > 1"));
        assertEquals(List.of("near0a"), ids("SELECT \"name\" FROM ivoa.sources WHERE id = 1"));
    }

    /** Issue #18: the families of valid queries the engine refused (parse-level cases in GrammarFamiliesTest). */
    @Test
    void joinsWithoutSpecificationCommentsAndConcatenationRun() {
        // a join without ON/USING is a cross join: 8 sources x 3 shapes
        for (String join : List.of("JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT OUTER JOIN", "FULL OUTER JOIN", "FULL JOIN", "CROSS JOIN"))
            assertEquals(List.of(24L), ids("SELECT COUNT(*) FROM ivoa.sources AS s " + join + " ivoa.shapes AS p"), join);
        // ON TRUE reading of an outer join: the rows of the preserved side survive an empty other side
        assertEquals(List.of(8L), ids("SELECT COUNT(*) FROM ivoa.sources AS s LEFT JOIN (SELECT id FROM ivoa.shapes WHERE id > 99) AS p"));
        assertEquals(List.of(8L), ids("SELECT COUNT(*) FROM (SELECT id FROM ivoa.shapes WHERE id > 99) AS p FULL OUTER JOIN ivoa.sources AS s"));
        assertEquals(List.of(0L), ids("SELECT COUNT(*) FROM ivoa.sources AS s JOIN (SELECT id FROM ivoa.shapes WHERE id > 99) AS p"));
        assertEquals(List.of(8L * 3 * 2 * 8), ids("SELECT COUNT(*) FROM (ivoa.sources AS a JOIN ivoa.shapes AS b) "
                + "FULL OUTER JOIN (ivoa.obscore AS c JOIN ivoa.sources AS d)"));
        // the nearest JOIN takes the specification: (a JOIN b) JOIN c ON ...
        assertEquals(List.of(8L * 3), ids("SELECT COUNT(*) FROM ivoa.sources AS a JOIN ivoa.shapes AS b JOIN ivoa.sources AS c ON c.id = a.id"));
        // comma joins, derived tables and JOIN mixed in subqueries
        assertEquals(List.of(8L * 3 * (8 * 2) * (8 * 3)), ids("SELECT COUNT(*) FROM (SELECT a.id AS aid, b.id AS bid, q.name "
                + "FROM ivoa.sources AS a, ivoa.shapes AS b, (SELECT c.name FROM ivoa.sources AS c, ivoa.obscore AS d) AS q) AS r "
                + "JOIN (SELECT x.ra FROM ivoa.sources AS x, ivoa.shapes AS y) AS p"));
        // a comment may contain quotes; string literals separated by white space or comments are one literal
        assertEquals(List.of(1L), ids("SELECT id FROM ivoa.sources WHERE name = 'near0a' -- cmt 'tsch'"));
        assertEquals(List.of(1L), ids("SELECT id FROM ivoa.sources WHERE name = 'near0a' -- it's a \"comment\"\n AND id < 5"));
        assertEquals(List.of(1L), ids("SELECT id FROM ivoa.sources WHERE name = 'near' -- cmt 'tsch'\n '0a'"));
        assertEquals(List.of(8L), ids("SELECT id FROM ivoa.sources WHERE name = 'it'\n'''s'"));
        // || casts what is not a string to text: PostgreSQL has no double || integer
        assertEquals(List.of("99"), ids("SELECT ivo_foo(6) || 9 FROM ivoa.sources WHERE id = 1"));
        assertEquals(List.of("near0a12.5x"), ids("SELECT name || 1 || 2.5 || 'x' FROM ivoa.sources WHERE id = 1"));
        assertEquals(List.of(18.0), ids("SELECT ivo_foo(6) + ivo_foo(6) FROM ivoa.sources WHERE id = 1"));
    }
}
