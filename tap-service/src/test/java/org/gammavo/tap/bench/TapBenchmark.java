package org.gammavo.tap.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark harness (not a test): sync latency of three queries through TAP beside the same SQL by plain JDBC, then
 * BINARY2 streaming throughput and the service's RSS for a 10 M-row result. Run against a running service:
 * <pre>
 * java -cp "$(cat /tmp/tap-bench.cp):tap-service/target/classes:tap-service/target/test-classes" org.gammavo.tap.bench.TapBenchmark \
 *      http://localhost:8080/tap jdbc:postgresql://127.0.0.1:15432/gammavo user password [tap-service pid]
 * </pre>
 * (docs/tap.md says how to build the classpath file).
 */
public final class TapBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        if (args[0].equals("writer")) {
            writer(Long.parseLong(args[1]));
            return;
        }
        String tap = args[0];
        String jdbc = args[1], user = args[2], password = args[3];
        String pid = args.length > 4 ? args[4] : null;
        String[][] queries = {
                {"TOP 10", "SELECT TOP 10 obs_id, s_ra, s_dec, t_min FROM ivoa.obscore"},
                {"cone 3 deg + energy", "SELECT o.obs_id, o.s_ra, o.s_dec, h.energy_min FROM ivoa.obscore AS o JOIN ivoa.obscore_hea AS h "
                        + "ON o.obs_publisher_did = h.obs_publisher_did WHERE 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), "
                        + "CIRCLE('ICRS', 83.6331, 22.0145, 3)) AND h.energy_min < 1e12"},
                {"COUNT(*)", "SELECT COUNT(*) AS n FROM ivoa.obscore"}};
        System.out.printf(Locale.ROOT, "%-22s %-5s %10s %10s %10s | %10s %10s %10s%n", "query", "mode", "TAP p50", "TAP p95", "TAP req/s",
                "JDBC p50", "JDBC p95", "JDBC q/s");
        try (Connection c = DriverManager.getConnection(jdbc, user, password)) {
            for (String[] q : queries) {
                String sql = translate(tap, q[1]);
                for (int threads : new int[] {1, 8}) {
                    int n = threads == 1 ? 200 : 400;
                    Stats t = run(threads, n, () -> tapOnce(tap, q[1]));
                    Stats j = run(threads, n, () -> jdbcOnce(jdbc, user, password, sql, threads == 1 ? c : null));
                    System.out.printf(Locale.ROOT, "%-22s %-5s %8.2fms %8.2fms %10.0f | %8.2fms %8.2fms %10.0f%n", q[0],
                            threads == 1 ? "seq" : threads + "x", t.p50, t.p95, t.rate, j.p50, j.p95, j.rate);
                }
            }
        }
        binary2(tap, pid);
    }

    interface Call {
        void run() throws Exception;
    }

    record Stats(double p50, double p95, double rate) {
    }

    private static Stats run(int threads, int n, Call call) throws Exception {
        for (int i = 0; i < 20; i++) call.run();  // warm-up
        List<Double> ms = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(pool.submit(() -> {
                long s = System.nanoTime();
                call.run();
                ms.add((System.nanoTime() - s) / 1e6);
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return new Stats(sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1), n / secs);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * One sync query over a kept-alive HTTP/1.1 connection (HttpURLConnection reuses it when the body is read to the
     * end). java.net.http.HttpClient was used before: its asynchronous machinery added 1-5 ms of client time per
     * request on this 2-core machine, which the figures then wrongly charged to the service.
     */
    private static void tapOnce(String tap, String adql) throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(tap + "/sync?LANG=ADQL&QUERY=" + enc(adql))
                .toURL().openConnection();
        int status = c.getResponseCode();
        InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream();
        byte[] body = in.readAllBytes();
        in.close();
        if (status != 200) throw new IllegalStateException("HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
    }

    private static final ThreadLocal<Connection> CONNECTIONS = new ThreadLocal<>();

    private static void jdbcOnce(String url, String user, String password, String sql, Connection shared) throws Exception {
        Connection c = shared;
        if (c == null) {
            c = CONNECTIONS.get();
            if (c == null) {
                c = DriverManager.getConnection(url, user, password);
                CONNECTIONS.set(c);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) for (int i = 1; i <= cols; i++) rs.getObject(i);
        }
    }

    private static String translate(String tap, String adql) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(tap + "/adql/translate"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("QUERY=" + enc(adql))).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"sql\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r.body());
        if (!m.find()) throw new IllegalStateException("no SQL for " + adql + ": " + r.body());
        return m.group(1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
    }

    /** 10 M rows (a cross join of ivoa.obscore with itself, cut by MAXREC) as BINARY2; RSS sampled meanwhile. */
    private static void binary2(String tap, String pid) throws Exception {
        String adql = "SELECT a.obs_id, a.s_ra, a.s_dec, b.t_min, b.t_max, c.em_min, c.access_estsize "
                + "FROM ivoa.obscore AS a, ivoa.obscore AS b, ivoa.obscore AS c";
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong maxRss = new AtomicLong();
        long rss0 = rss(pid);
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                maxRss.accumulateAndGet(rss(pid), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(tap + "/sync?LANG=ADQL&MAXREC=10000000"
                + "&RESPONSEFORMAT=votable/b2&QUERY=" + enc(adql))).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int k; (k = in.read(buf)) > 0; ) bytes += k;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        done.set(true);
        sampler.join();
        System.out.printf(Locale.ROOT, "%nBINARY2 10 M rows x 7 columns: %.1f MB in %.1f s = %.1f MB/s (%.2f M rows/s); "
                        + "service RSS before %d MB, max during %d MB, after %d MB%n",
                bytes / 1e6, secs, bytes / 1e6 / secs, 10 / secs, rss0 / 1024, maxRss.get() / 1024, rss(pid) / 1024);
    }

    /**
     * The BINARY2 writer alone (no database, no network): {@code rows} synthetic rows of 7 columns through
     * ResultWriter to a counting sink; wall time and this thread's CPU time (meaningful on a shared machine).
     */
    private static void writer(long rows) throws Exception {
        java.util.List<org.gammavo.adql.translate.OutputColumn> cols = java.util.List.of(
                new org.gammavo.adql.translate.OutputColumn("obs_id", "char", "*", null, null, null, null, null),
                new org.gammavo.adql.translate.OutputColumn("s_ra", "double", null, null, "deg", null, null, null),
                new org.gammavo.adql.translate.OutputColumn("s_dec", "double", null, null, "deg", null, null, null),
                new org.gammavo.adql.translate.OutputColumn("t_min", "double", null, null, "d", null, null, null),
                new org.gammavo.adql.translate.OutputColumn("t_max", "double", null, null, "d", null, null, null),
                new org.gammavo.adql.translate.OutputColumn("em_min", "double", null, null, "m", null, null, null),
                new org.gammavo.adql.translate.OutputColumn("access_estsize", "long", null, null, "kbyte", null, null, null));
        Object[] row = new Object[7];
        org.gammavo.tap.domain.ResultCursor cursor = new org.gammavo.tap.domain.ResultCursor() {
            long n;

            public java.util.List<org.gammavo.adql.translate.OutputColumn> columns() { return cols; }

            public boolean next() {
                if (n >= rows) return false;
                row[0] = Long.toString(20000 + n % 100000);
                row[1] = 83.6 + n * 1e-7;
                row[2] = 22.0 - n * 1e-7;
                row[3] = 53000.0 + n * 1e-5;
                row[4] = 53000.02 + n * 1e-5;
                row[5] = 1.2e-18;
                row[6] = n;
                n++;
                return true;
            }

            public Object[] row() { return row; }

            public boolean overflow() { return false; }
        };
        AtomicLong bytes = new AtomicLong();
        java.io.OutputStream sink = new java.io.OutputStream() {
            public void write(int b) { bytes.incrementAndGet(); }

            public void write(byte[] b, int off, int len) { bytes.addAndGet(len); }
        };
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        org.gammavo.tap.api.ResultWriter.write(org.gammavo.tap.domain.ResultFormat.VOTABLE_BINARY2, cursor, null, sink);
        double wall = (System.nanoTime() - t0) / 1e9, cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "BINARY2 writer, %d rows x 7 columns: %.1f MB; wall %.1f s = %.1f MB/s; CPU %.1f s = %.1f MB per CPU-second; "
                        + "heap used after %d MB%n", rows, bytes.get() / 1e6, wall, bytes.get() / 1e6 / wall, cpu, bytes.get() / 1e6 / cpu,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }

    /** VmRSS of the process in kB, 0 when unknown. */
    private static long rss(String pid) {
        if (pid == null) return 0;
        try {
            for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (Exception ignored) {
            // process gone
        }
        return 0;
    }
}
