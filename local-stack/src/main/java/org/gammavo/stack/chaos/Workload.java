package org.gammavo.stack.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clients of the chaos run: they create jobs through the gateway as alice, retrying a refusal (503, connection
 * refused, 5xx, timeout) the way a UWS/TAP client would, follow every accepted job's phase, and finally collect the
 * evidence each {@link TrackedJob} is judged on.
 */
final class Workload {

    /** The job kinds of the run: the trivial SLURM job, one real gammapy analysis, an asynchronous TAP query. */
    enum Kind {
        SELFTEST("selftest", "/uws/selftest", Map.of("PHASE", "RUN"), "result.txt"),
        // cutout of one H.E.S.S. run (~6 s): the cheapest gammapy kind; the target name goes through the resolver
        CUTOUT("cutout", "/uws/cutout", Map.of("PHASE", "RUN", "collection", "hess-dl3-dr1", "obs_id", "23523",
                "target", "Crab", "radius", "0.3"), "manifest.json"),
        ASYNC("async", "/tap/async", Map.of("PHASE", "RUN", "LANG", "ADQL", "REQUEST", "doQuery",
                "QUERY", "SELECT TOP 10 obs_id, target_name FROM ivoa.obscore ORDER BY obs_id"), "result.sha256");

        final String list;
        final String path;
        final Map<String, String> form;
        /** The file in the job's directory that only a successful run writes. */
        final String output;

        Kind(String list, String path, Map<String, String> form, String output) {
            this.list = list;
            this.path = path;
            this.form = form;
            this.output = output;
        }

        boolean onSlurmBridge() {
            return this != ASYNC;
        }
    }

    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8));
    private static final Pattern HREF = Pattern.compile("xlink:href=\"([^\"]+)\"");
    private static final Pattern TAP_ERROR = Pattern.compile("QUERY_STATUS\" value=\"ERROR\"[^>]*>([^<]*)");
    private static final Pattern JOBREF = Pattern.compile("<uws:jobref id=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Path resultsDir;
    final List<TrackedJob> jobs = new CopyOnWriteArrayList<>();
    /** Refused submissions per fault window ("-" between faults). */
    final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
    private final Supplier<String> currentFault;

    Workload(String base, Path resultsDir, Supplier<String> currentFault) {
        this.base = base;
        this.resultsDir = resultsDir;
        this.currentFault = currentFault;
    }

    /**
     * Creates one job, retrying refusals (each counted against the fault in progress) until it is accepted with a
     * 303; gives up after {@code patience}.
     */
    TrackedJob submit(Kind kind, String origin, Duration patience) throws InterruptedException {
        String body = form(kind.form);
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            String fault = currentFault.get();
            String problem;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + kind.path))
                                .timeout(Duration.ofSeconds(30)).header("Authorization", AUTH)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 303 && r.headers().firstValue("Location").isPresent()) {
                    URI url = URI.create(base).resolve(r.headers().firstValue("Location").get());
                    String p = url.getPath();
                    TrackedJob job = new TrackedJob(kind, p.substring(p.lastIndexOf('/') + 1), url, Instant.now(),
                            currentFault.get(), origin);
                    jobs.add(job);
                    return job;
                }
                problem = "HTTP " + r.statusCode() + ": " + firstLine(r.body());
                if (r.statusCode() < 500) {
                    throw new IllegalStateException(kind.list + " refused with " + problem + " (not a fault's refusal)");
                }
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            refused.computeIfAbsent(fault == null ? "-" : fault, k -> new AtomicInteger()).incrementAndGet();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(kind.list + " submissions refused for " + patience.toSeconds()
                        + " s; last: " + problem);
            }
            Thread.sleep(1000); // a client's retry interval (Retry-After is 1-5 s)
        }
    }

    /** One round of phase polling for every job that has not ended; all requests in parallel. */
    void pollPhases() {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (TrackedJob j : jobs) {
            if (TrackedJob.isFinal(j.phase)) {
                continue;
            }
            calls.add(http.sendAsync(get(URI.create(j.url + "/phase")), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> {
                        if (r.statusCode() == 200) {
                            j.observe(r.body());
                        }
                    }).exceptionally(e -> null));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Jobs of alice's lists created since {@code since} that no submission was told about (a refused or timed-out
     * request that created its job anyway); they are followed and judged like the others.
     */
    List<TrackedJob> adoptUnknownJobs(Instant since) throws Exception {
        Set<String> known = ConcurrentHashMap.newKeySet();
        jobs.forEach(j -> known.add(j.id));
        List<TrackedJob> found = new ArrayList<>();
        for (Kind k : Kind.values()) {
            HttpResponse<String> r = http.send(get(URI.create(base + "/uws/" + k.list + "?AFTER="
                    + URLEncoder.encode(since.minusSeconds(5).toString(), StandardCharsets.UTF_8))),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /uws/" + k.list + " answered " + r.statusCode());
            }
            Matcher m = JOBREF.matcher(r.body());
            while (m.find()) {
                if (!known.contains(m.group(1))) {
                    TrackedJob j = new TrackedJob(k, m.group(1), URI.create(base + "/uws/" + k.list + "/" + m.group(1)),
                            Instant.now(), null, "refused-but-created");
                    jobs.add(j);
                    found.add(j);
                }
            }
        }
        return found;
    }

    /** Everything a job is judged on except SLURM's records: its phase, results as served, its directory. */
    void collectEvidence(TrackedJob j) throws Exception {
        j.observe(text(URI.create(j.url + "/phase")));
        if ("ERROR".equals(j.phase)) {
            String error = text(URI.create(j.url + "/error"));
            Matcher m = TAP_ERROR.matcher(error); // TAP's error document is a VOTable
            j.errorSummary = firstLine(m.find() ? m.group(1) : error);
        }
        if ("COMPLETED".equals(j.phase)) {
            checkResults(j);
        }
        Path dir = resultsDir.resolve(j.id);
        j.outputsOnDisk = Files.isRegularFile(dir.resolve(j.kind.output));
        Path runs = dir.resolve(".job/runs");
        if (j.kind.onSlurmBridge()) {
            j.runs = Files.exists(runs) ? (int) Files.readAllLines(runs).stream().filter(l -> !l.isBlank()).count() : 0;
            Path exit = dir.resolve(".job/exit-status");
            j.exitStatus = Files.exists(exit) ? Files.readString(exit).strip() : null;
        } else {
            j.runs = j.outputsOnDisk ? 1 : 0; // tap-service keeps no count of its runs
        }
    }

    private void checkResults(TrackedJob j) throws Exception {
        HttpResponse<String> list = http.send(get(URI.create(j.url + "/results")), HttpResponse.BodyHandlers.ofString());
        if (list.statusCode() != 200) {
            j.resultsProblem = "GET results answered " + list.statusCode();
            return;
        }
        Map<String, String> hrefs = new LinkedHashMap<>();
        Matcher m = HREF.matcher(list.body());
        while (m.find()) {
            String href = m.group(1).replace("&amp;", "&");
            hrefs.put(href.substring(href.lastIndexOf('/') + 1), href);
        }
        if (hrefs.isEmpty()) {
            j.resultsProblem = "no results listed";
            return;
        }
        for (String href : hrefs.values()) {
            HttpResponse<byte[]> r = http.send(get(URI.create(base).resolve(href)), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200 || r.body().length == 0) {
                j.resultsProblem = href + " answered " + r.statusCode() + " with " + r.body().length + " bytes";
                return;
            }
            String head = new String(r.body(), 0, Math.min(r.body().length, 4096), StandardCharsets.UTF_8);
            if (j.kind == Kind.SELFTEST && href.endsWith("result.txt") && !head.contains(j.id)) {
                j.resultsProblem = "result.txt does not name the job: " + firstLine(head);
                return;
            }
            if (j.kind == Kind.ASYNC && (!head.contains("VOTABLE") || head.contains("value=\"ERROR\""))) {
                j.resultsProblem = "the result is not a VOTable with rows: " + firstLine(head);
                return;
            }
        }
        if (j.kind == Kind.CUTOUT && !hrefs.containsKey("cutout_23523.fits.gz")) {
            j.resultsProblem = "no cutout_23523.fits.gz among " + hrefs.keySet();
            return;
        }
        j.resultsServed = true;
    }

    private String text(URI uri) throws Exception {
        HttpResponse<String> r = http.send(get(uri), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "";
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", AUTH).GET().build();
    }

    private static String form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 160 ? t.substring(0, 160) + "…" : t;
    }
}
