package org.gammavo.adql.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gammavo.adql.QuerySets;

/**
 * Runs the parser over every lyonetia query file (queries.xsd) below the given directories, with the same
 * valid/invalid judgement as LyonetiaConformanceTest ({@link QuerySets#disagreement}), and prints per set
 * (file): total, agree, disagree, then each disagreement with its query text, expected, got and message.
 * For the sets beyond shared/data/adql/ivoa, which are not in the repository (GPL test data):
 * {@code mvn -q exec:java -Dexec.mainClass=org.gammavo.adql.tools.ExtraSets -Dexec.args="/tmp/lyonetia-extra"}.
 * Files that are not well-formed XML are read leniently ({@link QuerySets#readLenient}).
 */
public final class ExtraSets {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) args = new String[] {QuerySets.dataDir().resolve("ivoa").toString()};
        List<String> report = new ArrayList<>();
        int total = 0, agree = 0;
        System.out.printf("%-40s %5s %5s %8s%n", "set", "total", "agree", "disagree");
        for (String a : args) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(Path.of(a))) {
                files = s.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
            }
            for (Path f : files) {
                String set = Path.of(a).relativize(f).toString();
                int n = 0, ok = 0;
                for (QuerySets.TestQuery q : QuerySets.readLenient(f)) {
                    n++;
                    String d = QuerySets.disagreement(q);
                    if (d == null) {
                        ok++;
                        continue;
                    }
                    report.add(set + " " + q.uuid() + " [" + q.description() + "] " + q.version()
                            + "\n  expected " + (q.valid() ? "valid" : "invalid") + ", got "
                            + (q.valid() ? "rejected" : "accepted") + (d.startsWith("rejected") ? ": " + d.substring(d.indexOf(':') + 2) : "")
                            + "\n  query: " + q.adql().strip().replace("\n", "\n         "));
                }
                System.out.printf("%-40s %5d %5d %8d%n", set, n, ok, n - ok);
                total += n;
                agree += ok;
            }
        }
        System.out.printf("%-40s %5d %5d %8d  (%.1f %%)%n", "TOTAL", total, agree, total - agree, 100.0 * agree / Math.max(1, total));
        System.out.println();
        report.forEach(System.out::println);
    }
}
