package org.gammavo.adql.tools;

import java.util.OptionalLong;

import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.AdqlException;
import org.gammavo.adql.AdqlVersion;
import org.gammavo.adql.QuerySets;
import org.gammavo.adql.translate.Dialect;

/** Lists the valid lyonetia queries that the checker/translator rejects with the invented metadata, and why. */
public final class Rejected {
    public static void main(String[] args) {
        Harvest h = new Harvest();
        AdqlEngine e = new AdqlEngine(h.functions);
        for (QuerySets.TestQuery q : h.queries) {
            try {
                e.translate(q.adql(), AdqlVersion.V2_1, h.tableSet(), Dialect.PGSPHERE, OptionalLong.empty());
            } catch (AdqlException x) {
                System.out.println(q.file() + " " + x + " :: " + q.adql().strip().replaceAll("\\s+", " ").substring(0, Math.min(120, q.adql().strip().replaceAll("\\s+", " ").length())));
            }
        }
    }
}
