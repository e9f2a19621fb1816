package org.gammavo.stack.chaos;

import org.gammavo.stack.LocalStack;
import org.gammavo.stack.ServiceSpec;
import org.gammavo.stack.StackConfig;
import org.gammavo.stack.infra.EmbeddedKafka;
import org.gammavo.stack.infra.RepoLayout;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./platform chaos [short|long] [--jobs N] [--period S]}: the platform under crashes (issue #15).
 *
 * <p>Starts a stack of its own (Kafka in its own JVM, so it can be killed alone), creates jobs of three kinds at a
 * steady rate through the gateway, and meanwhile kills with SIGKILL and restarts, one after the other, every
 * service, the SLURM daemons, the Kafka broker and PostgreSQL. After each restart it submits one probe job of each
 * kind; the fault's recovery time is kill → all probes COMPLETED. When everything has ended it judges every
 * accepted job ({@link TrackedJob#judge()}), prints the tables and exits 1 if any job was lost, ran twice or had
 * its phase misreported, or a fault did not recover.
 */
public final class ChaosRun {

    /** A fault: a kill -9 of one part, then its restart (which returns when the part answers again). */
    record Fault(String name, Action kill, Action restart) {
    }

    interface Action {
        void run() throws Exception;
    }

    /** What happened at one fault. */
    static final class FaultResult {
        final String name;
        Instant killedAt;
        Instant restartedAt;
        Instant recoveredAt;
        String problem;
        /** Probes that ended in another phase than COMPLETED (and were submitted again). */
        int failedProbes;
        final List<TrackedJob> probes = new ArrayList<>();

        FaultResult(String name) {
            this.name = name;
        }
    }

    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(300);

    private final StackConfig cfg;
    private final Map<String, String> env;
    private final boolean longForm;
    private final int jobsPerKind;
    private final Duration period;
    private final PrintStream out = System.out;
    private volatile String currentFault;
    private volatile boolean faultsDone;
    private final List<FaultResult> faultResults = new ArrayList<>();
    private Instant t0;

    private ChaosRun(StackConfig cfg, Map<String, String> env, boolean longForm, int jobsPerKind, Duration period) {
        this.cfg = cfg;
        this.env = env;
        this.longForm = longForm;
        this.jobsPerKind = jobsPerKind;
        this.period = period;
    }

    /** Entry from the launcher ({@code chaos} subcommand); returns the exit code. */
    public static int main(StackConfig ignored, String[] args) throws Exception {
        boolean longForm = false;
        Integer jobs = null;
        Double periodS = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "short" -> longForm = false;
                case "long" -> longForm = true;
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--period" -> periodS = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: ./platform chaos [short|long] [--jobs N per kind] [--period S between "
                            + "two jobs of one kind]");
                    return 2;
                }
            }
        }
        Map<String, String> env = chaosEnvironment(System.getenv());
        StackConfig cfg = StackConfig.fromEnv(env);
        int n = jobs != null ? jobs : longForm ? 334 : 20;
        Duration period = Duration.ofMillis((long) (1000 * (periodS != null ? periodS : longForm ? 3.0 : 9.0)));
        return new ChaosRun(cfg, env, longForm, n, period).run();
    }

    /**
     * The stack of the chaos run: its own work directory ({@code GAMMAVO_CHAOS_WORK_DIR}, default
     * {@code work/chaos}, emptied at each run) and ports beside {@code ./platform up}'s unless set.
     */
    static Map<String, String> chaosEnvironment(Map<String, String> sys) {
        Map<String, String> env = new HashMap<>(sys);
        Path root = RepoLayout.root();
        env.put("GAMMAVO_WORK_DIR", sys.getOrDefault("GAMMAVO_CHAOS_WORK_DIR", root.resolve("work/chaos").toString()));
        Map<String, String> ports = Map.of("GAMMAVO_PORT", "28080", "GAMMAVO_TAP_PORT", "28091",
                "GAMMAVO_UWS_PORT", "28092", "GAMMAVO_RESOLVER_PORT", "28093", "GAMMAVO_BRIDGE_PORT", "28094",
                "GAMMAVO_KAFKA_PORT", "29092", "GAMMAVO_KAFKA_CONTROLLER_PORT", "29093", "GAMMAVO_DB_PORT", "25432");
        ports.forEach(env::putIfAbsent);
        env.putIfAbsent("GAMMAVO_PUBLIC_URL", "http://127.0.0.1:" + env.get("GAMMAVO_PORT"));
        // the chaos run kills the embedded Kafka and PostgreSQL: external ones are not its to kill
        env.remove("GAMMAVO_KAFKA_BOOTSTRAP");
        env.remove("GAMMAVO_DB_URL");
        return env;
    }

    private int run() throws Exception {
        t0 = Instant.now();
        Path work = cfg.workDir();
        EmbeddedKafka.deleteTree(work); // a fresh stack: every job in it is one of this run's
        Files.createDirectories(cfg.logsDir());
        Optional<SlurmCluster> slurm = SlurmCluster.fromEnv(cfg.repoRoot(), env, cfg.logsDir().resolve("slurm-chaos.log"));
        if (slurm.isPresent() && (env.get("GAMMAVO_SLURM_URL") == null || env.get("GAMMAVO_SLURM_URL").isBlank())) {
            throw new IllegalStateException("GAMMAVO_SLURM_DIR is set but GAMMAVO_SLURM_URL is not: the bridge would "
                    + "not use that cluster (./platform chaos sets both)");
        }
        log("chaos run (%s): %d jobs of each kind (selftest, cutout, async TAP), one per kind every %.1f s; "
                        + "executor %s; work dir %s", longForm ? "long" : "short", jobsPerKind, period.toMillis() / 1000.0,
                slurm.map(c -> "SLURM (" + c.dir() + ")").orElse("local processes (no GAMMAVO_SLURM_DIR)"), work);

        // The services inherit this JVM's environment: the stack's settings must be in the env map the config came
        // from, which for the ports and work dir is not System.getenv (see chaosEnvironment); LocalStack passes them.
        LocalStack stack = new LocalStack(cfg, true);
        Thread hook = new Thread(stack::stop, "chaos-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int rc;
        try {
            stack.up(Duration.ofSeconds(300));
            rc = drive(stack, slurm);
        } finally {
            stack.stop();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return rc;
    }

    private int drive(LocalStack stack, Optional<SlurmCluster> slurm) throws Exception {
        Workload w = new Workload(cfg.publicUrl().toString(), cfg.workDir().resolve("results"), () -> currentFault);
        Thread monitor = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                w.pollPhases();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "chaos-monitor");
        monitor.setDaemon(true);
        monitor.start();

        // Warm-up: one job of each kind must go through before any fault, or the stack itself is broken.
        log("warm-up: one job of each kind");
        FaultResult warm = new FaultResult("(warm-up, no fault)");
        warm.killedAt = Instant.now();
        warm.restartedAt = warm.killedAt;
        probe(w, warm);
        if (warm.problem != null) {
            log("the stack does not complete jobs without any fault: %s", warm.problem);
            report(w, slurm, true);
            return 1;
        }
        faultResults.add(warm);

        List<Fault> faults = faults(stack, slurm);
        Instant steadyStart = Instant.now();
        List<Thread> submitters = new ArrayList<>();
        Workload.Kind[] kinds = Workload.Kind.values();
        for (int k = 0; k < kinds.length; k++) {
            Workload.Kind kind = kinds[k];
            long offset = period.toMillis() * k / kinds.length;
            Thread t = new Thread(() -> submitSteadily(w, kind, steadyStart.plusMillis(offset)), "chaos-" + kind.list);
            t.start();
            submitters.add(t);
        }
        // The first fault should meet jobs in flight: wait for the first steady job of each kind.
        long firstDeadline = System.nanoTime() + period.multipliedBy(3).toNanos() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < firstDeadline && w.jobs.stream().filter(j -> "steady".equals(j.origin))
                .map(j -> j.kind).distinct().count() < kinds.length) {
            Thread.sleep(100);
        }
        // Faults one after the other (the long form cycles through them) while the jobs come in.
        int cycle = 0;
        boolean broken = false;
        while (!broken) {
            cycle++;
            for (Fault f : faults) {
                FaultResult r = inject(w, f, cycle);
                faultResults.add(r);
                if (r.problem != null && r.recoveredAt == null && r.restartedAt == null) {
                    broken = true; // a part that cannot be restarted: stop injecting, still judge every job
                    break;
                }
            }
            if (!longForm || submitters.stream().noneMatch(Thread::isAlive)) {
                break;
            }
        }
        faultsDone = true;
        for (Thread t : submitters) {
            t.join();
        }
        List<TrackedJob> adopted = w.adoptUnknownJobs(t0);
        if (!adopted.isEmpty()) {
            log("%d job(s) were created by submissions the client was told had failed; they are judged too", adopted.size());
        }
        // Drain: every job must end; the timeout only matters when some never do.
        Duration drain = longForm ? Duration.ofMinutes(40) : Duration.ofMinutes(10);
        log("all faults done (%d); waiting for the %d jobs to end (at most %d min)", faultResults.size() - 1,
                w.jobs.size(), drain.toMinutes());
        long deadline = System.nanoTime() + drain.toNanos();
        for (TrackedJob j : w.jobs) {
            j.finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        monitor.interrupt();
        return report(w, slurm, broken) ? 0 : 1;
    }

    private void submitSteadily(Workload w, Workload.Kind kind, Instant start) {
        try {
            for (int i = 0; ; i++) {
                // the short form keeps the rate until its faults are over; the long form stops at its count, which
                // is what ends its cycles of faults
                if (i >= jobsPerKind && (faultsDone || longForm)) {
                    return;
                }
                Instant due = start.plus(period.multipliedBy(i));
                long wait = Duration.between(Instant.now(), due).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait); // the steady rate
                }
                w.submit(kind, "steady", Duration.ofMinutes(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log("submissions of %s stopped: %s", kind.list, e.getMessage());
        }
    }

    private FaultResult inject(Workload w, Fault f, int cycle) {
        String name = cycle == 1 ? f.name() : f.name() + " #" + cycle;
        FaultResult r = new FaultResult(name);
        long inFlight = w.jobs.stream().filter(j -> !TrackedJob.isFinal(j.phase)).count();
        try {
            currentFault = name;
            r.killedAt = Instant.now();
            f.kill().run();
            log("kill -9 %-16s (%d jobs in flight)", name, inFlight);
            f.restart().run();
            r.restartedAt = Instant.now();
            log("  restarted after %.1f s", secs(r.killedAt, r.restartedAt));
        } catch (Exception e) {
            r.problem = "kill/restart failed: " + e;
            log("  %s", r.problem);
            currentFault = null;
            return r;
        }
        probe(w, r);
        currentFault = null;
        if (r.recoveredAt != null) {
            log("  jobs flowing again %.1f s after the kill", secs(r.killedAt, r.recoveredAt));
        } else {
            log("  not recovered: %s", r.problem);
        }
        return r;
    }

    /**
     * One job of each kind; recovered when one of each kind submitted after the restart is COMPLETED, within
     * {@link #RECOVERY_TIMEOUT} of the kill. A probe that ends otherwise is counted and submitted again, as a user
     * would (the failed one is judged like every job).
     */
    private void probe(Workload w, FaultResult r) {
        Instant deadline = r.killedAt.plus(RECOVERY_TIMEOUT);
        try {
            Instant recovered = r.killedAt;
            for (Workload.Kind k : Workload.Kind.values()) {
                while (true) {
                    TrackedJob p = w.submit(k, "probe", Duration.between(Instant.now(), deadline));
                    r.probes.add(p);
                    long left = Duration.between(Instant.now(), deadline).toMillis();
                    if (!p.finished.await(Math.max(0, left), TimeUnit.MILLISECONDS)) {
                        r.problem = "probe " + k.list + " " + p.id + " still " + p.phase + " "
                                + RECOVERY_TIMEOUT.toSeconds() + " s after the kill";
                        return;
                    }
                    if ("COMPLETED".equals(p.phase)) {
                        recovered = recovered.isAfter(p.finalAt) ? recovered : p.finalAt;
                        break;
                    }
                    r.failedProbes++;
                }
            }
            r.recoveredAt = recovered;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.problem = "interrupted";
        } catch (RuntimeException e) {
            r.problem = e.getMessage();
        }
    }

    private List<Fault> faults(LocalStack stack, Optional<SlurmCluster> slurm) {
        List<Fault> faults = new ArrayList<>();
        for (String s : List.of("tap-service", "uws-service", "resolver-service", "slurm-bridge")) {
            ServiceSpec spec = cfg.service(s);
            faults.add(new Fault(s, () -> stack.killService(s), () -> {
                stack.startService(s);
                awaitReady(stack, spec);
            }));
        }
        if (slurm.isPresent()) {
            for (String d : SlurmCluster.DAEMONS) {
                faults.add(new Fault(d, () -> slurm.get().kill(d), () -> slurm.get().restart(d)));
            }
        } else {
            log("no SLURM cluster (GAMMAVO_SLURM_DIR unset): the slurmctld, slurmd and slurmrestd faults are skipped");
        }
        faults.add(new Fault("kafka", () -> stack.kafkaProcess().kill(), () -> {
            stack.kafkaProcess().start(Duration.ofSeconds(120));
            stack.pidsChanged();
        }));
        faults.add(new Fault("postgresql", () -> stack.database().kill(), () -> {
            stack.database().restart(Duration.ofSeconds(120));
            stack.pidsChanged();
        }));
        return faults;
    }

    private static void awaitReady(LocalStack stack, ServiceSpec s) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!stack.serviceAlive(s.name())) {
                throw new IllegalStateException(s.name() + " exited while starting; see its log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(s.readinessUrl())).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(s.name() + " not ready 240 s after its restart");
    }

    /** Gathers the evidence, judges every job, prints the tables; true when everything passed. */
    private boolean report(Workload w, Optional<SlurmCluster> slurm, boolean broken) throws Exception {
        Map<String, Set<String>> slurmJobs = slurm.isPresent() ? slurm.get().jobsByName() : Map.of();
        for (TrackedJob j : w.jobs) {
            w.collectEvidence(j);
            if (slurm.isPresent() && j.kind.onSlurmBridge()) {
                j.slurmIds = slurmJobs.getOrDefault("uws-" + j.id, Set.of());
            }
        }
        ChaosReport report = new ChaosReport(w.jobs, faultResults, w.refused, Duration.between(t0, Instant.now()),
                slurm.isPresent());
        String text = report.render();
        if (slurm.isPresent()) {
            // Not a fault of the platform, but an operator's hand the run needed: say how often.
            text += String.format("operator actions: %d node(s) drained by slurmctld after its restart resumed by "
                    + "local-slurm.sh (Duplicate jobid)%n", slurm.get().operatorResumes());
        }
        out.println();
        out.print(text);
        Files.writeString(cfg.workDir().resolve("chaos-report.txt"), text);
        Files.writeString(cfg.workDir().resolve("chaos-jobs.tsv"), report.jobsTsv());
        out.println("report: " + cfg.workDir().resolve("chaos-report.txt") + ", every job: "
                + cfg.workDir().resolve("chaos-jobs.tsv") + ", logs: " + cfg.logsDir());
        boolean ok = report.passed() && !broken;
        out.println(ok ? "CHAOS RUN PASSED" : "CHAOS RUN FAILED");
        return ok;
    }

    static double secs(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 1000.0;
    }

    private void log(String fmt, Object... args) {
        out.printf("[%6.1f s] %s%n", t0 == null ? 0.0 : secs(t0, Instant.now()), String.format(fmt, args));
    }
}
