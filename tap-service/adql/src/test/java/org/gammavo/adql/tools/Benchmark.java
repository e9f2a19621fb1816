package org.gammavo.adql.tools;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.AdqlException;
import org.gammavo.adql.QuerySets;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.Dialect;

/**
 * Parse + check + translate throughput (queries/s, one thread, after warm-up) over the lyonetia queries,
 * side by side with VOLLT's ADQLLib when its jar is installed (Debian package adql-java:
 * /usr/share/java/adql.jar, ADQL 2.0 only), loaded at run time — it is not a Maven dependency.
 * Both engines check against the same invented metadata (see {@link Harvest}) and translate to pgSphere SQL;
 * the comparison uses only the queries both accept.
 *
 * <pre>mvn -q exec:java -Dexec.mainClass=org.gammavo.adql.tools.Benchmark [-Dexec.args="seconds"]</pre>
 */
public final class Benchmark {
    interface Engine { void run(String adql) throws Exception; }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        Harvest h = new Harvest();
        TableSet tables = h.tableSet();
        AdqlEngine ours = new AdqlEngine(h.functions);
        Engine oursPgSphere = q -> ours.translate(q, org.gammavo.adql.AdqlVersion.V2_1, tables, Dialect.PGSPHERE, OptionalLong.empty());
        Engine oursPlain = q -> ours.translate(q, org.gammavo.adql.AdqlVersion.V2_1, tables, Dialect.PLAIN_POSTGRES, OptionalLong.empty());

        List<String> all = h.queries.stream().map(QuerySets.TestQuery::adql).toList();
        List<String> oursOk = accepted(oursPgSphere, all);
        System.out.printf("lyonetia valid queries: %d; accepted by our parse+check+translate with invented metadata: %d%n", all.size(), oursOk.size());

        Engine vollt = vollt(h);
        List<String> common = oursOk;
        if (vollt != null) {
            List<String> volltOk = accepted(vollt, all);
            common = new ArrayList<>(volltOk);
            common.retainAll(oursOk);
            System.out.printf("accepted by VOLLT ADQLLib 1.5 (ADQL 2.0): %d; by both: %d%n", volltOk.size(), common.size());
        } else {
            System.out.println("VOLLT ADQLLib not found at /usr/share/java/adql.jar (apt-get install adql-java): comparison skipped");
        }

        if (vollt != null) {
            // the machine is shared: alternate short rounds of both engines and compare medians
            int rounds = 7;
            double[] a = new double[rounds], b = new double[rounds];
            run(oursPgSphere, common, seconds / 2);
            run(vollt, common, seconds / 2);
            for (int r = 0; r < rounds; r++) {
                a[r] = run(oursPgSphere, common, seconds / rounds);
                b[r] = run(vollt, common, seconds / rounds);
            }
            java.util.Arrays.sort(a);
            java.util.Arrays.sort(b);
            System.out.printf("%-65s %,10.0f queries/s (median of %d alternating rounds, %d queries)%n",
                    "gammavo, pgSphere dialect, queries accepted by both", a[rounds / 2], rounds, common.size());
            System.out.printf("%-65s %,10.0f queries/s%n", "VOLLT ADQLLib 1.5, PgSphereTranslator, same queries", b[rounds / 2]);
            System.out.printf("RATIO gammavo / VOLLT = %.2f (per-round ratios of sorted values: %.1f .. %.1f)%n",
                    a[rounds / 2] / b[rounds / 2], a[0] / b[0], a[rounds - 1] / b[rounds - 1]);
        } else {
            measure("gammavo, pgSphere dialect", oursPgSphere, common, seconds);
        }
        measure("gammavo, pgSphere dialect, all accepted lyonetia queries", oursPgSphere, oursOk, seconds);
        measure("gammavo, plain dialect, all accepted lyonetia queries", oursPlain, oursOk, seconds);
    }

    /** Runs the queries in a loop for about {@code seconds}; returns queries/s. */
    static double run(Engine e, List<String> qs, double seconds) throws Exception {
        long n = 0, t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (String q : qs) e.run(q);
            n += qs.size();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    static List<String> accepted(Engine e, List<String> qs) {
        List<String> ok = new ArrayList<>();
        for (String q : qs) {
            try { e.run(q); ok.add(q); } catch (Exception | Error ignored) { }
        }
        return ok;
    }

    static double measure(String label, Engine e, List<String> qs, double seconds) throws Exception {
        if (qs.isEmpty()) { System.out.println(label + ": no queries"); return 0; }
        long end = System.nanoTime() + (long) (seconds / 2 * 1e9);       // warm-up: half the measuring time
        while (System.nanoTime() < end) for (String q : qs) e.run(q);
        long n = 0;
        long t0 = System.nanoTime();
        end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (String q : qs) e.run(q);
            n += qs.size();
        }
        double qps = n / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("%-65s %,10.0f queries/s (%d queries, %,d runs)%n", label, qps, qs.size(), n);
        return qps;
    }

    /** VOLLT parser + DBChecker + PgSphereTranslator through reflection, or null if the jar is absent. */
    static Engine vollt(Harvest h) throws Exception {
        File jar = new File("/usr/share/java/adql.jar");
        if (!jar.isFile()) return null;
        ClassLoader cl = new URLClassLoader(new URL[] {jar.toURI().toURL()}, Benchmark.class.getClassLoader());
        Class<?> dbTable = cl.loadClass("adql.db.DefaultDBTable");
        Class<?> dbColumn = cl.loadClass("adql.db.DefaultDBColumn");
        Class<?> dbTableI = cl.loadClass("adql.db.DBTable");
        Class<?> dbColumnI = cl.loadClass("adql.db.DBColumn");
        Class<?> dbType = cl.loadClass("adql.db.DBType");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Enum> datatype = (Class<Enum>) cl.loadClass("adql.db.DBType$DBDatatype");
        Constructor<?> typeCtor = dbType.getConstructor(datatype);
        Constructor<?> colCtor = dbColumn.getConstructor(String.class, dbType, dbTableI);
        Method addColumn = dbTable.getMethod("addColumn", dbColumnI);
        List<Object> vTables = new ArrayList<>();
        for (Harvest.TableDef t : h.tables.values()) {
            Object vt = t.schema() == null ? dbTable.getConstructor(String.class).newInstance(t.name())
                    : dbTable.getConstructor(String.class, String.class).newInstance(t.schema(), t.name());
            for (String c : t.columns()) {
                String[] k = Harvest.kind(c);
                @SuppressWarnings("unchecked")
                Object dt = Enum.valueOf(datatype, "polygon".equals(k[2]) ? "REGION" : "timestamp".equals(k[2]) ? "TIMESTAMP"
                        : k[0].equals("char") ? "VARCHAR" : "DOUBLE");
                addColumn.invoke(vt, colCtor.newInstance(c, typeCtor.newInstance(dt), vt));
            }
            vTables.add(vt);
        }
        Class<?> functionDef = cl.loadClass("adql.db.FunctionDef");
        List<Object> udfs = new ArrayList<>();
        for (var f : h.functions) {
            List<String> ps = new ArrayList<>();
            for (int i = 0; i < f.params().size(); i++) ps.add("p" + i + " " + f.params().get(i));
            String form = f.name() + "(" + String.join(", ", ps) + ") -> " + f.returnType();
            try { udfs.add(functionDef.getMethod("parse", String.class).invoke(null, form)); } catch (Exception ignored) { }
        }
        Object checker = cl.loadClass("adql.db.DBChecker").getConstructor(Collection.class, Collection.class).newInstance(vTables, udfs);
        Class<?> queryChecker = cl.loadClass("adql.parser.QueryChecker");
        Object parser = cl.loadClass("adql.parser.ADQLParser").getConstructor(queryChecker).newInstance(checker);
        Method parse = parser.getClass().getMethod("parseQuery", String.class);
        Object translator = cl.loadClass("adql.translator.PgSphereTranslator").getConstructor().newInstance();
        Method translate = translator.getClass().getMethod("translate", cl.loadClass("adql.query.ADQLQuery"));
        return q -> translate.invoke(translator, parse.invoke(parser, q));
    }
}
