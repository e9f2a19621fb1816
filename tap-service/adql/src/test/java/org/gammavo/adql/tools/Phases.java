package org.gammavo.adql.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.AdqlVersion;
import org.gammavo.adql.QuerySets;
import org.gammavo.adql.check.CheckedQuery;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.Dialect;

/** Time per phase (parse, check, translate) over the accepted lyonetia queries. */
public final class Phases {
    public static void main(String[] args) throws Exception {
        Harvest h = new Harvest();
        TableSet tables = h.tableSet();
        AdqlEngine e = new AdqlEngine(h.functions);
        List<String> ok = new ArrayList<>();
        for (QuerySets.TestQuery q : h.queries) {
            try { e.translate(q.adql(), AdqlVersion.V2_1, tables, Dialect.PGSPHERE, OptionalLong.empty()); ok.add(q.adql()); } catch (Exception x) { }
        }
        for (int round = 0; round < 4; round++) {
            long tp = 0, tc = 0, tt = 0;
            for (int k = 0; k < 40; k++) for (String q : ok) {
                long t0 = System.nanoTime();
                var s = e.parse(q, AdqlVersion.V2_1);
                long t1 = System.nanoTime();
                CheckedQuery c = new org.gammavo.adql.check.Checker(tables, h.functions).check(s);
                long t2 = System.nanoTime();
                e.translate(c, Dialect.PGSPHERE, OptionalLong.empty());
                long t3 = System.nanoTime();
                tp += t1 - t0; tc += t2 - t1; tt += t3 - t2;
            }
            double n = 40.0 * ok.size();
            System.out.printf("per query: parse %.1f us, check %.1f us, translate %.1f us%n", tp / n / 1e3, tc / n / 1e3, tt / n / 1e3);
        }
    }
}
