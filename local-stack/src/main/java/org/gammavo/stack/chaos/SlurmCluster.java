package org.gammavo.stack.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local SLURM cluster of {@code slurm-bridge/cluster/local-slurm.sh} as the chaos run sees it: its daemons
 * killed with SIGKILL by the PIDs the script records, started again through the script, and its records of which
 * SLURM jobs ran under which name.
 */
final class SlurmCluster {

    static final List<String> DAEMONS = List.of("slurmctld", "slurmd", "slurmrestd");

    static final Pattern SCONTROL = Pattern.compile("JobId=(\\d+) .*?JobName=(\\S+) .*?JobState=(\\S+)");
    static final Pattern JOBCOMP = Pattern.compile("JobId=(\\d+) .*? Name=(\\S+) JobState=(\\S+)");
    /**
     * States in which a SLURM job has not run its batch script as far as SLURM knows: still waiting, cancelled (the
     * chaos run aborts nothing; the bridge cancels only a job of its own held after a failed launch) or requeued.
     * A job submitted once more after such a record is one run, not two; its own {@code .job/runs} has the last word.
     */
    private static final Set<String> NOT_RUN = Set.of("PENDING", "CANCELLED", "REQUEUED", "REQUEUE_HOLD",
            "REQUEUE_FED", "NODE_FAIL");

    private final Path script;
    private final Path dir;
    private final Path log;

    private SlurmCluster(Path script, Path dir, Path log) {
        this.script = script;
        this.dir = dir;
        this.log = log;
    }

    /** The cluster of {@code GAMMAVO_SLURM_DIR}, when that is set; it must be running. */
    static Optional<SlurmCluster> fromEnv(Path repoRoot, Map<String, String> env, Path log) {
        String d = env.get("GAMMAVO_SLURM_DIR");
        if (d == null || d.isBlank()) {
            return Optional.empty();
        }
        SlurmCluster c = new SlurmCluster(repoRoot.resolve("slurm-bridge/cluster/local-slurm.sh"), Path.of(d), log);
        for (String daemon : DAEMONS) {
            if (c.pid(daemon).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isEmpty()) {
                throw new IllegalStateException(daemon + " of the cluster in " + d
                        + " is not running: bash slurm-bridge/cluster/local-slurm.sh start");
            }
        }
        return Optional.of(c);
    }

    Path dir() {
        return dir;
    }

    private Optional<Long> pid(String daemon) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("run/" + daemon + ".pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL to the daemon; returns when it is gone. */
    void kill(String daemon) throws Exception {
        ProcessHandle h = pid(daemon).flatMap(ProcessHandle::of)
                .orElseThrow(() -> new IllegalStateException(daemon + " is not running"));
        h.destroyForcibly();
        h.onExit().get(10, TimeUnit.SECONDS);
    }

    /**
     * Starts the daemon again and waits until the cluster answers: {@code start-ctld} for the controller,
     * {@code start} (idempotent: starts what is missing, waits for an idle node and slurmrestd) for the others.
     */
    void restart(String daemon) throws Exception {
        run("slurmctld".equals(daemon) ? "start-ctld" : "start");
    }

    private void run(String subcommand) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), subcommand).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("local-slurm.sh " + subcommand + " did not finish in 120 s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("local-slurm.sh " + subcommand + " failed (" + p.exitValue() + "); see " + log);
        }
    }

    /**
     * SLURM's own record of the jobs it ran: job name → the SLURM job ids under that name in a state that means
     * their batch script ran (see {@link #NOT_RUN}), from the controller's
     * memory ({@code scontrol -o show job}; finished jobs stay for a day) and from the completion log
     * ({@code jobcomp/filetxt}, which survives a controller crash).
     */
    Map<String, Set<String>> jobsByName() throws Exception {
        Map<String, Set<String>> byName = new HashMap<>();
        ProcessBuilder pb = new ProcessBuilder("scontrol", "-o", "show", "job").redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", dir.resolve("etc/slurm.conf").toString());
        Process p = pb.start();
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes()).lines().toList());
        p.waitFor(60, TimeUnit.SECONDS);
        collect(lines, SCONTROL, byName);
        Path jobcomp = dir.resolve("log/jobcomp.log");
        if (Files.exists(jobcomp)) {
            collect(Files.readAllLines(jobcomp), JOBCOMP, byName);
        }
        return byName;
    }

    /** How many times {@code local-slurm.sh}, acting as the site operator, resumed a node slurmctld had drained. */
    int operatorResumes() throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return (int) Files.readAllLines(log).stream().filter(l -> l.contains("local-slurm: resumed node")).count();
    }

    static void collect(List<String> lines, Pattern p, Map<String, Set<String>> byName) {
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.find() && !NOT_RUN.contains(m.group(3))) {
                byName.computeIfAbsent(m.group(2), k -> new TreeSet<>()).add(m.group(1));
            }
        }
    }
}
