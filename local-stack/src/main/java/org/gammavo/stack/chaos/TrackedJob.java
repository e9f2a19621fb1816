package org.gammavo.stack.chaos;

import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * One UWS job the chaos run created (accepted with 303) and follows to its end, with what was found out about it
 * afterwards: the evidence {@link #judge()} decides on.
 */
final class TrackedJob {

    /** How a job ended, judged against the evidence. Only {@link #OK} passes. */
    enum Verdict { OK, LOST, RAN_TWICE, MISREPORTED }

    final Workload.Kind kind;
    final String id;
    final URI url;
    final Instant acceptedAt;
    /** The fault in progress when it was accepted, or null. */
    final String faultAtAccept;
    /** Submitted by the fault driver to measure recovery, or created by a refused submission (found in the list). */
    final String origin;

    volatile String phase = "PENDING";
    volatile Instant finalAt;
    final CountDownLatch finished = new CountDownLatch(1);

    // evidence, gathered at the end
    String errorSummary;
    /** The results could be listed and each fetched (non-empty, and for some kinds with the expected content). */
    boolean resultsServed;
    String resultsProblem;
    /** The job's own outputs exist in its directory (result.txt, manifest.json, result.sha256). */
    boolean outputsOnDisk;
    /** Lines in {@code .job/runs} (one per start of the batch script); -1 when the executor keeps no such record. */
    int runs = -1;
    /** The exit status the batch script recorded, or null. */
    String exitStatus;
    /** SLURM job ids under the job's name; null when the job is not run on SLURM. */
    Set<String> slurmIds;

    String reason = "";

    TrackedJob(Workload.Kind kind, String id, URI url, Instant acceptedAt, String faultAtAccept, String origin) {
        this.kind = kind;
        this.id = id;
        this.url = url;
        this.acceptedAt = acceptedAt;
        this.faultAtAccept = faultAtAccept;
        this.origin = origin;
    }

    static boolean isFinal(String phase) {
        return "COMPLETED".equals(phase) || "ERROR".equals(phase) || "ABORTED".equals(phase);
    }

    void observe(String newPhase) {
        if (newPhase == null || newPhase.isBlank()) {
            return;
        }
        phase = newPhase.trim();
        if (isFinal(phase) && finalAt == null) {
            finalAt = Instant.now();
            finished.countDown();
        }
    }

    /** How many times it ran, from its own record or else SLURM's; -1 when neither knows. */
    int timesRun() {
        int slurm = slurmIds == null ? -1 : slurmIds.size();
        return Math.max(runs, slurm);
    }

    /**
     * The verdict: a job must end (LOST otherwise), run at most once (its own record and SLURM's), and its phase
     * must be true: COMPLETED with its results served and on disk, ERROR without them. Nobody aborts a job in the
     * chaos run, so ABORTED is never true.
     */
    Verdict judge() {
        if (!isFinal(phase)) {
            reason = "never ended: still " + phase;
            return Verdict.LOST;
        }
        if (runs > 1 || (slurmIds != null && slurmIds.size() > 1)) {
            reason = "ran " + runs + " time(s) by its own record, SLURM jobs " + slurmIds;
            return Verdict.RAN_TWICE;
        }
        switch (phase) {
            case "ABORTED" -> {
                reason = "ABORTED although nobody aborted it";
                return Verdict.MISREPORTED;
            }
            case "COMPLETED" -> {
                if (!resultsServed) {
                    reason = "COMPLETED but its results are not served: " + resultsProblem;
                    return Verdict.MISREPORTED;
                }
                if (!outputsOnDisk) {
                    reason = "COMPLETED but its outputs are not in its directory";
                    return Verdict.MISREPORTED;
                }
                if (runs == 0) {
                    reason = "COMPLETED but its batch script never started";
                    return Verdict.MISREPORTED;
                }
            }
            case "ERROR" -> {
                if (outputsOnDisk || (exitStatus != null && exitStatus.startsWith("0 "))) {
                    reason = "ERROR (" + errorSummary + ") but it produced its results (exit status " + exitStatus + ")";
                    return Verdict.MISREPORTED;
                }
            }
            default -> throw new IllegalStateException(phase);
        }
        reason = "ERROR".equals(phase) ? "ERROR, truly: " + errorSummary : "";
        return Verdict.OK;
    }
}
