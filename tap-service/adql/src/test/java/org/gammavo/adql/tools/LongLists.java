package org.gammavo.adql.tools;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.OptionalLong;
import java.util.function.IntFunction;

import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.AdqlException;
import org.gammavo.adql.AdqlVersion;
import org.gammavo.adql.TestTablesAccess;
import org.gammavo.adql.check.CheckedQuery;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.Dialect;
import org.gammavo.adql.tree.Statement;

/**
 * Parse, check and translate times of queries with long lists (issue #20: IN lists were quadratic).
 * Prints one line per shape and size: the CPU time of this thread per phase (robust against other processes on a
 * shared machine; garbage collection runs on other threads and is not included) and the wall time of the three
 * phases together, each the fastest of 3 runs. A linear engine shows times growing 10 x per 10 x items.
 *
 * <pre>mvn -q exec:java -Dexec.mainClass=org.gammavo.adql.tools.LongLists [-Dexec.args="1000 10000 100000"]</pre>
 */
public final class LongLists {
    /** The query shapes measured, each a function of the number of items. */
    public static final String[] SHAPES = {"IN list", "select list", "OR chain", "AND chain", "|| chain", "comma join", "+ chain"};

    public static String query(String shape, int n) {
        StringBuilder sb = new StringBuilder(n * 12);
        switch (shape) {
            case "IN list" -> { sb.append("SELECT id FROM ivoa.sources WHERE id IN ("); sep(sb, n, ", ", i -> String.valueOf(i)); sb.append(')'); }
            case "select list" -> { sb.append("SELECT "); sep(sb, n, ", ", i -> "ra + " + i + " AS c" + i); sb.append(" FROM ivoa.sources"); }
            case "OR chain" -> { sb.append("SELECT id FROM ivoa.sources WHERE "); sep(sb, n, " OR ", i -> "id = " + i); }
            case "AND chain" -> { sb.append("SELECT id FROM ivoa.sources WHERE "); sep(sb, n, " AND ", i -> "id <> " + i); }
            case "|| chain" -> { sb.append("SELECT name"); for (int i = 0; i < n; i++) sb.append(" || 'x").append(i).append('\''); sb.append(" AS s FROM ivoa.sources"); }
            case "+ chain" -> { sb.append("SELECT ra"); for (int i = 0; i < n; i++) sb.append(" + ").append(i); sb.append(" AS s FROM ivoa.sources"); }
            case "comma join" -> { sb.append("SELECT t0.id FROM "); sep(sb, n, ", ", i -> "ivoa.sources AS t" + i); }
            default -> throw new IllegalArgumentException(shape);
        }
        return sb.toString();
    }

    private static void sep(StringBuilder sb, int n, String sep, IntFunction<String> item) {
        for (int i = 0; i < n; i++) { if (i > 0) sb.append(sep); sb.append(item.apply(i)); }
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1000, 10000, 100000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        AdqlEngine e = new AdqlEngine();
        TableSet tables = TestTablesAccess.tables();
        for (int i = 0; i < 3; i++) run(e, tables, query("IN list", 2000), false);   // warm-up
        System.out.printf("%-12s %8s %10s %10s %10s %10s %10s   %s%n", "shape", "items", "chars", "parse ms", "check ms", "transl ms", "wall ms", "result");
        for (String shape : SHAPES) for (int n : sizes) {
            String q = query(shape, n);
            // the machine is shared: the fastest of 3 runs (the first also warms up this shape)
            String best = null;
            double bestMs = Double.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                long t0 = System.nanoTime();
                String line = run(e, tables, q, true);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (ms < bestMs) { bestMs = ms; best = line; }
                if (ms > 20_000) break;
            }
            System.out.printf("%-12s %,8d %,10d %s%n", shape, n, q.length(), best);
        }
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** One run: "parse check translate wall result" (CPU ms per phase, wall ms in total). */
    static String run(AdqlEngine e, TableSet tables, String q, boolean print) {
        long w0 = System.nanoTime();
        long t0 = CPU.getCurrentThreadCpuTime(), t1 = -1, t2 = -1, t3 = -1;
        String result = "ok";
        try {
            Statement s = e.parse(q, AdqlVersion.V2_1);
            t1 = CPU.getCurrentThreadCpuTime();
            CheckedQuery c = new org.gammavo.adql.check.Checker(tables, java.util.List.of()).check(s);
            t2 = CPU.getCurrentThreadCpuTime();
            e.translate(c, Dialect.PGSPHERE, OptionalLong.empty());
            t3 = CPU.getCurrentThreadCpuTime();
        } catch (AdqlException x) {
            result = "refused: " + x.getMessage();
        } catch (StackOverflowError x) {
            result = "StackOverflowError";
        }
        long end = CPU.getCurrentThreadCpuTime(), wall = System.nanoTime() - w0;
        if (t1 < 0) t1 = end;
        if (t2 < 0) t2 = end;
        if (t3 < 0) t3 = end;
        return String.format("%10.1f %10.1f %10.1f %10.1f   %s", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, wall / 1e6,
                result.length() > 90 ? result.substring(0, 90) : result);
    }
}
