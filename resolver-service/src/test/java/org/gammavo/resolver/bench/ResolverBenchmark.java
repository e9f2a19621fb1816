package org.gammavo.resolver.bench;

import org.gammavo.resolver.adapters.CatalogueLoader;
import org.gammavo.resolver.adapters.CuratedNames;
import org.gammavo.resolver.domain.NameIndex;
import org.gammavo.resolver.domain.SkyObject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the resolver: index build time, exact and fuzzy look-ups in process, and optionally over HTTP against a
 * running service. Not a test: run it by hand (command in docs/resolver.md).
 *
 * <p>Usage: {@code ResolverBenchmark <catalogs dir> [http://host:port/resolver [threads]]}
 */
public final class ResolverBenchmark {

    private ResolverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path catalogs = Path.of(args.length > 0 ? args[0] : "/work/shared/data/catalogs");
        long t0 = System.nanoTime();
        List<SkyObject> objects = new ArrayList<>(CuratedNames.load());
        objects.addAll(new CatalogueLoader(catalogs).loadAll());
        NameIndex index = NameIndex.of(objects);
        System.out.printf(Locale.ROOT, "index: %d names of %d objects built in %.0f ms (cold JVM)%n",
                index.size(), index.objectCount(), (System.nanoTime() - t0) / 1e6);

        List<String> names = objects.stream().flatMap(o -> o.names().stream()).distinct().toList();
        Random random = new Random(42);
        String[] exact = new String[4096];
        String[] typos = new String[4096];
        for (int i = 0; i < exact.length; i++) {
            String n = names.get(random.nextInt(names.size()));
            exact[i] = random.nextBoolean() ? n.toLowerCase(Locale.ROOT) : n.replace(" ", "");
            typos[i] = typo(n, random);
        }
        measure("exact (in process)", 2_000_000, i -> index.lookup(exact[i & 4095]).isPresent());
        measure("fuzzy (in process)", 100_000, i -> !index.nearMisses(typos[i & 4095], 5).isEmpty());
        measure("suggest (in process)", 200_000, i -> !index.suggest(exact[i & 4095].substring(0,
                Math.min(4, exact[i & 4095].length())), 10).isEmpty());

        if (args.length > 1) {
            int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
            http(args[1], "exact (HTTP api/resolve)", exact, threads);
            http(args[1], "fuzzy (HTTP api/resolve, 404 + suggestions)", typos, threads);
        }
    }

    interface Op {
        boolean run(int i);
    }

    private static void measure(String label, int n, Op op) {
        for (int i = 0; i < n / 4; i++) {
            op.run(i);    // warm-up
        }
        long[] lat = new long[n];
        int hits = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long a = System.nanoTime();
            if (op.run(i)) {
                hits++;
            }
            lat[i] = System.nanoTime() - a;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Arrays.sort(lat);
        System.out.printf(Locale.ROOT, "%-45s %,12.0f lookups/s  p50 %6.1f us  p99 %6.1f us  hits %d/%d%n", label,
                n / secs, lat[n / 2] / 1e3, lat[(int) (n * 0.99)] / 1e3, hits, n);
    }

    private static void http(String base, String label, String[] names, int threads) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        int perThread = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> parts = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t * perThread;
            parts.add(pool.submit(() -> {
                long[] lat = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    String q = URLEncoder.encode(names[(offset + i) & 4095], StandardCharsets.UTF_8);
                    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/resolve?name=" + q)).build();
                    long a = System.nanoTime();
                    client.send(r, HttpResponse.BodyHandlers.discarding());
                    lat[i] = System.nanoTime() - a;
                }
                return lat;
            }));
        }
        long[] all = new long[threads * perThread];
        int k = 0;
        for (Future<long[]> f : parts) {
            for (long v : f.get()) {
                all[k++] = v;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "%-45s %,12.0f requests/s p50 %6.2f ms  p99 %6.2f ms  (%d threads)%n", label,
                all.length / secs, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, threads);
    }

    /** One typing slip: a swapped, dropped or replaced character. */
    private static String typo(String name, Random random) {
        if (name.length() < 4) {
            return name + "x";
        }
        char[] c = name.toCharArray();
        int i = 1 + random.nextInt(c.length - 2);
        switch (random.nextInt(3)) {
            case 0 -> {
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                return new String(c);
            }
            case 1 -> {
                return name.substring(0, i) + name.substring(i + 1);
            }
            default -> {
                c[i] = c[i] == 'x' ? 'y' : 'x';
                return new String(c);
            }
        }
    }
}
