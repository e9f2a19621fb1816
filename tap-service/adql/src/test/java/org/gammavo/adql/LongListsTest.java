package org.gammavo.adql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.DecisionInfo;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.parser.AdqlLexer;
import org.gammavo.adql.parser.AdqlParser;
import org.gammavo.adql.tools.LongLists;
import org.gammavo.adql.translate.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Issue #20: parse + check + translate must be linear in the length of lists and operator chains (an IN list of
 * 100 000 items held a core for minutes; OR chains of 1 000 overflowed the stack). For each shape of
 * {@link LongLists}, a query 10 times longer must cost about 10 times as much, measured three ways:
 * ANTLR's prediction lookahead (deterministic), bytes allocated by this thread (deterministic up to JIT
 * decisions) and CPU time of this thread (not wall time: the machine is shared). A quadratic step gives 100 x.
 */
class LongListsTest {
    static final int SMALL = 2_000, LARGE = 20_000, RATIO = LARGE / SMALL;
    final AdqlEngine engine = new AdqlEngine();
    final TableSet tables = TestTables.tables();

    static List<String> shapes() { return List.of(LongLists.SHAPES); }

    @ParameterizedTest
    @MethodSource("shapes")
    void costIsLinearInTheLength(String shape) {
        String small = LongLists.query(shape, SMALL), large = LongLists.query(shape, LARGE);
        // lookahead: an ambiguous grammar makes adaptivePredict scan to the end of the list at every item
        long la1 = lookahead(small), la2 = lookahead(large);
        assertTrue(la2 <= 1.5 * RATIO * la1, shape + ": prediction lookahead " + la1 + " -> " + la2);

        // the old code took minutes on these: fail after 30 s rather than hang
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            run(small);
            run(large);     // warm-up
            long[] s = best(small), l = best(large);
            System.out.printf("%-12s %,6d -> %,6d items: CPU %.1f -> %.1f ms, allocated %,d -> %,d KB%n", shape, SMALL, LARGE,
                    s[0] / 1e6, l[0] / 1e6, s[1] / 1024, l[1] / 1024);
            assertTrue(l[1] <= 2 * RATIO * s[1], shape + ": allocated " + s[1] + " -> " + l[1] + " bytes");
            assertTrue(l[0] <= 3 * RATIO * Math.max(s[0], 1_000_000), shape + ": CPU " + s[0] + " -> " + l[0] + " ns");
        });
    }

    @Test
    void hundredThousandInItemsTakeWellUnderASecond() {
        String q = LongLists.query("IN list", 100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            run(q);
            long cpu = best(q)[0];
            System.out.printf("IN list of 100,000 items: parse + check + translate %.1f ms CPU%n", cpu / 1e6);
            assertTrue(cpu < 1_000_000_000L, "100k IN items took " + cpu / 1e6 + " ms CPU");
        });
        String sql = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> sql(q));
        assertTrue(sql.endsWith(", 99998, 99999)"), sql.substring(sql.length() - 40));
    }

    @Test
    void errorsOfALongListAreCapped() {
        String q = LongLists.query("IN list", 100_000).replaceAll("(\\d+)(?=[,)])", "'$1'");
        AdqlException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(AdqlException.class, () -> sql(q)));
        assertEquals("IN list value is a string but the tested value is an integer", e.getMessage());
        assertEquals(org.gammavo.adql.check.Checker.MAX_ERRORS, e.all().size());
    }

    @Test
    void longChainsKeepTheirMeaning() throws AdqlException {
        assertEquals("SELECT \"sources\".\"id\" AS \"id\" FROM \"adql_test\".\"sources\" AS \"sources\" WHERE "
                        + "((\"sources\".\"id\") = (1)) OR ((\"sources\".\"id\") = (2)) OR (((\"sources\".\"id\") = (3)) AND ((\"sources\".\"ra\") > (4)))",
                sql("SELECT id FROM ivoa.sources WHERE id = 1 OR (id = 2 OR id = 3 AND ra > 4)"));
        // same-level operators stay left to right; a parenthesised right operand stays a separate node
        assertEquals("SELECT CAST((\"sources\".\"id\") - (1) + ((2) - (3)) AS bigint) AS \"expr\" FROM \"adql_test\".\"sources\" AS \"sources\"",
                sql("SELECT id - 1 + (2 - 3) FROM ivoa.sources"));
        assertEquals("SELECT CAST(((\"sources\".\"id\") * (2)) + (3) AS bigint) AS \"expr\" FROM \"adql_test\".\"sources\" AS \"sources\"",
                sql("SELECT id * 2 + 3 FROM ivoa.sources"));
    }

    @Test
    void deepNestingFailsFastWithAClearMessage() {
        String n = "1 = 1";
        for (String[] deep : new String[][] {
                {"(".repeat(10_000) + "1" + ")".repeat(10_000), "levels of parentheses"},
                {"NOT ".repeat(10_000) + n, "operators in a row"},
                {"1 = " + "- ".repeat(10_000) + "1", "operators in a row"},
                {"1 = " + "CASE WHEN 1 = 1 THEN ".repeat(10_000) + "1" + " END".repeat(10_000), "nested CASE expressions"}}) {
            String q = "SELECT id FROM ivoa.sources WHERE " + deep[0];
            AdqlException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(AdqlException.class, () -> sql(q)));
            assertTrue(e.getMessage().startsWith("the query is nested too deeply") && e.getMessage().contains(deep[1]), e.getMessage());
        }
    }

    String sql(String q) throws AdqlException {
        return engine.translate(q, AdqlVersion.V2_1, tables, Dialect.PGSPHERE, OptionalLong.empty()).sql();
    }

    void run(String q) throws AdqlException { sql(q); }

    /** {fastest CPU ns, fewest allocated bytes} of 3 runs of parse + check + translate. */
    long[] best(String q) throws AdqlException {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu = Long.MAX_VALUE, bytes = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long c0 = mx.getCurrentThreadCpuTime(), b0 = mx.getCurrentThreadAllocatedBytes();
            run(q);
            cpu = Math.min(cpu, mx.getCurrentThreadCpuTime() - c0);
            bytes = Math.min(bytes, mx.getCurrentThreadAllocatedBytes() - b0);
        }
        return new long[] {cpu, bytes};
    }

    /** Total SLL + LL lookahead (tokens examined by adaptive prediction) of one profiled parse. */
    static long lookahead(String q) {
        AdqlParser p = new AdqlParser(new CommonTokenStream(new AdqlLexer(CharStreams.fromString(q))));
        p.setProfile(true);
        p.getInterpreter().setPredictionMode(PredictionMode.SLL);
        p.setErrorHandler(new BailErrorStrategy());
        p.statement();
        long total = 0;
        for (DecisionInfo d : p.getParseInfo().getDecisionInfo()) total += d.SLL_TotalLook + d.LL_TotalLook;
        return total;
    }
}
