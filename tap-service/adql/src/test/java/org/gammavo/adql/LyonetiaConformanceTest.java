package org.gammavo.adql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gammavo.adql.parser.QueryParser;
import org.gammavo.adql.tree.AdqlRenderer;
import org.gammavo.adql.tree.Statement;
import org.junit.jupiter.api.Test;

/**
 * Runs every query of the IVOA lyonetia sets (shared/data/adql/ivoa/*.xml, or {@code -Dlyonetia.dir}): valid ones must parse, invalid
 * ones must be rejected, and every valid one must survive parse -> render ADQL -> parse unchanged.
 */
class LyonetiaConformanceTest {

    /**
     * Queries of the set we consider wrong, by uuid, with the reason. Empty: every query is judged as the
     * set says. (Kept so a future disagreement is documented here rather than silently skipped.)
     */
    static final Map<String, String> EXCLUDED = Map.of();

    @Test
    void everyQueryIsJudgedAsTheSetSays() {
        List<String> failures = new ArrayList<>();
        int total = 0, passed = 0;
        System.out.println("lyonetia exclusions: " + (EXCLUDED.isEmpty() ? "none" : EXCLUDED.size()));
        EXCLUDED.forEach((k, v) -> System.out.println("excluded " + k + ": " + v));
        for (Path f : QuerySets.files()) {
            int n = 0, ok = 0;
            for (QuerySets.TestQuery q : QuerySets.read(f)) {
                if (EXCLUDED.containsKey(q.uuid())) continue;
                n++;
                String outcome = QuerySets.disagreement(q);
                if (outcome == null) ok++;
                else failures.add(f.getFileName() + " " + q.uuid() + " " + outcome + "\n    " + q.adql().strip());
            }
            System.out.printf("lyonetia %-40s %3d/%3d%n", f.getFileName(), ok, n);
            total += n;
            passed += ok;
        }
        System.out.printf("lyonetia total %d/%d%n", passed, total);
        assertTrue(total > 150, "too few queries found: " + total);
        assertEquals(List.of(), failures);
    }

    @Test
    void renderedAdqlParsesToTheSameTree() throws AdqlException {
        int n = 0;
        for (QuerySets.TestQuery q : QuerySets.all()) {
            if (!q.valid()) continue;
            QueryParser p = new QueryParser(q.functions());
            Statement first = p.parse(q.adql(), q.version());
            String text = AdqlRenderer.render(first);
            Statement second;
            try {
                second = p.parse(text, q.version());
            } catch (AdqlException e) {
                throw new AssertionError("rendered ADQL does not parse: " + e + "\n" + text, e);
            }
            assertEquals(first, second, "round trip changed the tree of " + q.uuid() + ":\n" + text);
            assertEquals(text, AdqlRenderer.render(second));
            n++;
        }
        System.out.println("round trip: " + n + " valid queries");
    }
}
