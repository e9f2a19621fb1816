package org.gammavo.adql.tools;

import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.AdqlException;
import org.gammavo.adql.AdqlVersion;
import org.gammavo.adql.QuerySets;
import org.gammavo.adql.check.CheckedQuery;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.Dialect;

/**
 * Random-mutation fuzzer over the lyonetia queries: each execution mutates a query (characters, tokens,
 * splices, nesting, extreme numbers), then parses it (ADQL 2.0 or 2.1) and, if it parses, checks it against
 * invented metadata and translates it to both dialects. Anything thrown other than AdqlException is a bug.
 *
 * <pre>mvn -q exec:java -Dexec.mainClass=org.gammavo.adql.tools.Fuzzer -Dexec.args="1000000 42"</pre>
 */
public final class Fuzzer {
    private static final String[] TOKENS = {"SELECT", "FROM", "WHERE", "(", ")", ",", "'", "\"", "*", "+", "-", "/",
        "||", "&", "|", "^", "~", "=", "<>", "<=", ".", "AND", "OR", "NOT", "NULL", "IN", "BETWEEN", "LIKE", "ILIKE",
        "ESCAPE", "IS", "EXISTS", "JOIN", "NATURAL", "USING", "ON", "LEFT", "OUTER", "CROSS", "UNION", "INTERSECT",
        "EXCEPT", "ALL", "DISTINCT", "TOP", "OFFSET", "ORDER BY", "GROUP BY", "HAVING", "AS", "WITH", "CASE", "WHEN",
        "THEN", "ELSE", "END", "CAST", "INTEGER", "POINT", "CIRCLE", "POLYGON", "BOX", "CONTAINS", "INTERSECTS",
        "DISTANCE", "AREA", "CENTROID", "COORD1", "COORDSYS", "REGION", "COUNT", "AVG", "IN_UNIT", "COALESCE", "0x1F",
        "1e308", "1e-400", "99999999999999999999", "0", "-1", "3.5", "''", "'ICRS'", "--\n", "\n", ";", "/*", "\u00e9", "\0",
        "ra", "dec", "s_region", "TAP_UPLOAD.t", "ivo_healpix_index"};

    private final Random rnd;
    private final List<String> corpus;

    Fuzzer(long seed, List<String> corpus) {
        this.rnd = new Random(seed);
        this.corpus = corpus;
    }

    String mutate(String s) {
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) s = mutateOnce(s);
        return s;
    }

    private String mutateOnce(String s) {
        int len = s.length();
        int p = len == 0 ? 0 : rnd.nextInt(len + 1);
        switch (rnd.nextInt(9)) {
            case 0: { int q = Math.min(len, p + 1 + rnd.nextInt(8)); return s.substring(0, p) + s.substring(q); }
            case 1: return s.substring(0, p) + TOKENS[rnd.nextInt(TOKENS.length)] + s.substring(p);
            case 2: return s.substring(0, p) + " " + TOKENS[rnd.nextInt(TOKENS.length)] + " " + s.substring(p);
            case 3: return s.substring(0, p) + (char) (32 + rnd.nextInt(95)) + s.substring(p);
            case 4: { // splice with another query
                String o = corpus.get(rnd.nextInt(corpus.size()));
                int a = rnd.nextInt(o.length() + 1);
                return s.substring(0, p) + o.substring(a, Math.min(o.length(), a + rnd.nextInt(40))) + s.substring(p);
            }
            case 5: { // duplicate a slice
                int q = Math.min(len, p + rnd.nextInt(30));
                return s.substring(0, q) + s.substring(p, q) + s.substring(q);
            }
            case 6: { // deep nesting
                int k = rnd.nextInt(20) == 0 ? 100 + rnd.nextInt(3000) : rnd.nextInt(40);
                return s.substring(0, p) + "(".repeat(k) + "1" + ")".repeat(rnd.nextBoolean() ? k : k / 2) + s.substring(p);
            }
            case 7: { // long operator chains
                int k = rnd.nextInt(50) == 0 ? 1000 + rnd.nextInt(2000) : rnd.nextInt(30);
                return s.substring(0, p) + " 1" + " + 1".repeat(k) + " " + s.substring(p);
            }
            default: { // swap two chunks
                if (len < 4) return s;
                int a = rnd.nextInt(len / 2), b = len / 2 + rnd.nextInt(len / 2);
                int la = Math.min(1 + rnd.nextInt(10), len / 2 - a), lb = Math.min(1 + rnd.nextInt(10), len - b);
                if (la <= 0 || lb <= 0) return s;
                return s.substring(0, a) + s.substring(b, b + lb) + s.substring(a + la, b) + s.substring(a, a + la) + s.substring(b + lb);
            }
        }
    }

    /** Runs {@code n} executions; returns the number of non-AdqlException failures (printed). */
    static long run(long n, long seed, boolean verbose) {
        Harvest h = new Harvest();
        List<String> corpus = h.queries.stream().map(QuerySets.TestQuery::adql).toList();
        TableSet tables = h.tableSet();
        AdqlEngine engine = new AdqlEngine(h.functions);
        Fuzzer f = new Fuzzer(seed, corpus);
        long failures = 0, parsed = 0, translated = 0;
        long t0 = System.nanoTime();
        for (long i = 0; i < n; i++) {
            String q = f.mutate(corpus.get(f.rnd.nextInt(corpus.size())));
            AdqlVersion v = f.rnd.nextInt(4) == 0 ? AdqlVersion.V2_0 : AdqlVersion.V2_1;
            try {
                engine.parse(q, v);
                parsed++;
                CheckedQuery c = engine.check(q, v, tables);
                engine.translate(c, Dialect.PLAIN_POSTGRES, OptionalLong.of(1001));
                engine.translate(c, Dialect.PGSPHERE, OptionalLong.empty());
                translated++;
            } catch (AdqlException expected) {
                // rejected cleanly
            } catch (Throwable t) {
                failures++;
                if (failures <= 20) {
                    System.out.println("FAILURE #" + failures + " (" + t + ") on:\n" + (q.length() > 2000 ? q.substring(0, 2000) + "..." : q));
                    t.printStackTrace(System.out);
                }
            }
            if (verbose && (i + 1) % 100_000 == 0)
                System.out.printf("%,d executions, %,d parsed, %,d translated, %d failures, %.0f s%n", i + 1, parsed, translated, failures, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("fuzz: %,d executions (seed %d): %,d parsed, %,d checked+translated, %d failures other than AdqlException, %.1f s%n",
                n, seed, parsed, translated, failures, (System.nanoTime() - t0) / 1e9);
        return failures;
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        long failures = run(n, seed, true);
        System.exit(failures == 0 ? 0 : 1);
    }
}
