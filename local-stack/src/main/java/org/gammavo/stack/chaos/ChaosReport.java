package org.gammavo.stack.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The tables at the end of a chaos run: per job kind, per fault, and every job that did not pass. */
final class ChaosReport {

    private final List<TrackedJob> jobs;
    private final List<ChaosRun.FaultResult> faults;
    private final Map<String, AtomicInteger> refused;
    private final Duration took;
    private final boolean slurm;
    private final Map<TrackedJob, TrackedJob.Verdict> verdicts = new LinkedHashMap<>();

    ChaosReport(List<TrackedJob> jobs, List<ChaosRun.FaultResult> faults, Map<String, AtomicInteger> refused,
                Duration took, boolean slurm) {
        this.jobs = jobs;
        this.faults = faults;
        this.refused = refused;
        this.took = took;
        this.slurm = slurm;
        jobs.forEach(j -> verdicts.put(j, j.judge()));
    }

    boolean passed() {
        return verdicts.values().stream().allMatch(v -> v == TrackedJob.Verdict.OK)
                && faults.stream().allMatch(f -> f.problem == null);
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-9s %8s %9s %5s %7s %8s | %5s %5s %6s | %4s %9s %11s%n", "kind", "accepted",
                "COMPLETED", "ERROR", "ABORTED", "unended", "ran 0", "ran 1", "ran 2+", "lost", "ran twice",
                "misreported"));
        int[] total = new int[11];
        for (Workload.Kind k : Workload.Kind.values()) {
            int[] c = new int[11];
            for (var e : verdicts.entrySet()) {
                TrackedJob j = e.getKey();
                if (j.kind != k) {
                    continue;
                }
                c[0]++;
                switch (j.phase) {
                    case "COMPLETED" -> c[1]++;
                    case "ERROR" -> c[2]++;
                    case "ABORTED" -> c[3]++;
                    default -> c[4]++;
                }
                int runs = j.timesRun();
                if (runs == 0) c[5]++;
                if (runs == 1) c[6]++;
                if (runs > 1) c[7]++;
                switch (e.getValue()) {
                    case LOST -> c[8]++;
                    case RAN_TWICE -> c[9]++;
                    case MISREPORTED -> c[10]++;
                    default -> { }
                }
            }
            for (int i = 0; i < c.length; i++) {
                total[i] += c[i];
            }
            sb.append(row(k.list + (k.onSlurmBridge() ? "" : "*"), c));
        }
        sb.append(row("total", total));
        sb.append("ran = starts of the batch script (.job/runs) or SLURM jobs under the job's name (scontrol, jobcomp), "
                + "whichever is more").append(slurm ? "" : " (no SLURM: batch script starts only)").append(";\n")
                .append("* async TAP runs inside tap-service: ran 1 = its result was written (a re-run after a crash "
                        + "is not visible)\n\n");

        sb.append(String.format("%-22s %9s %10s %10s %8s %13s  %s%n", "fault", "killed at", "restarted", "recovered",
                "refused", "failed probes", "problem"));
        Instant0 start = new Instant0(faults.isEmpty() ? null : faults.get(0).killedAt);
        for (ChaosRun.FaultResult f : faults) {
            AtomicInteger n = refused.get(f.name);
            sb.append(String.format("%-22s %8.1fs %10s %10s %8d %13d  %s%n", f.name, start.since(f.killedAt),
                    f.restartedAt == null ? "—" : String.format("%.1f s", ChaosRun.secs(f.killedAt, f.restartedAt)),
                    f.recoveredAt == null ? "NO" : String.format("%.1f s", ChaosRun.secs(f.killedAt, f.recoveredAt)),
                    n == null ? 0 : n.get(), f.failedProbes, f.problem == null ? "" : f.problem));
        }
        AtomicInteger between = refused.get("-");
        sb.append(String.format("restarted/recovered: seconds after the kill (recovered = a probe job of each kind "
                + "submitted after the restart is COMPLETED; a failed probe is submitted again); refused submissions "
                + "outside faults: %d%n%n",
                between == null ? 0 : between.get()));

        List<String> bad = new ArrayList<>();
        Map<String, Integer> errors = new TreeMap<>();
        verdicts.forEach((j, v) -> {
            if (v != TrackedJob.Verdict.OK) {
                bad.add(String.format("  %-11s %-8s %s accepted %s%s [%s], faults around it: %s: %s; runs=%d "
                                + "slurm=%s exit=%s", v, j.kind.list, j.id, j.acceptedAt,
                        j.faultAtAccept == null ? "" : " during " + j.faultAtAccept, j.origin, faultsAround(j), j.reason,
                        j.runs, j.slurmIds, j.exitStatus));
            } else if ("ERROR".equals(j.phase)) {
                errors.merge(j.kind.list + " (faults around it: " + faultsAround(j) + "): " + j.errorSummary, 1,
                        Integer::sum);
            }
        });
        if (!bad.isEmpty()) {
            sb.append("jobs that did not pass (").append(bad.size()).append("):\n");
            bad.forEach(b -> sb.append(b).append('\n'));
        }
        if (!errors.isEmpty()) {
            sb.append("jobs that ended ERROR truthfully (no results; not a failure of the run):\n");
            errors.forEach((m, n) -> sb.append(String.format("  %3d × %s%n", n, m)));
        }
        sb.append(String.format("%d jobs, %d faults, %.0f s in all; %s%n", jobs.size(), Math.max(0, faults.size() - 1),
                took.toMillis() / 1000.0, passed() ? "no job lost, run twice or misreported"
                        : "FAILED: see above"));
        return sb.toString();
    }

    /**
     * The faults that may have touched the job: the one in progress when it was accepted, and those killed from its
     * acceptance to 30 s after its end (a controller that loses its last state can run a finished job again).
     */
    private List<String> faultsAround(TrackedJob j) {
        List<String> names = new ArrayList<>();
        if (j.faultAtAccept != null) {
            names.add(j.faultAtAccept);
        }
        faults.stream().filter(f -> f.killedAt != null && !f.name.startsWith("(") && !names.contains(f.name)
                        && f.killedAt.isAfter(j.acceptedAt)
                        && (j.finalAt == null || f.killedAt.isBefore(j.finalAt.plusSeconds(30))))
                .forEach(f -> names.add(f.name));
        return names;
    }

    private static String row(String name, int[] c) {
        return String.format("%-9s %8d %9d %5d %7d %8d | %5d %5d %6d | %4d %9d %11d%n", name, c[0], c[1], c[2], c[3],
                c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
    }

    /** Every job, one line each (tab-separated), for a closer look. */
    String jobsTsv() {
        StringBuilder sb = new StringBuilder("kind\tjob\torigin\tfault_at_accept\taccepted\tended\tphase\truns\tslurm_ids"
                + "\texit_status\tverdict\treason\n");
        verdicts.forEach((j, v) -> sb.append(String.join("\t", j.kind.list, j.id, j.origin,
                String.valueOf(j.faultAtAccept), j.acceptedAt.toString(), String.valueOf(j.finalAt), j.phase,
                String.valueOf(j.runs), String.valueOf(j.slurmIds), String.valueOf(j.exitStatus), v.name(),
                j.reason)).append('\n'));
        return sb.toString();
    }

    /** Seconds since the first fault (the warm-up). */
    private record Instant0(java.time.Instant origin) {
        double since(java.time.Instant t) {
            return origin == null || t == null ? 0 : ChaosRun.secs(origin, t);
        }
    }
}
