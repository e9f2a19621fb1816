package org.gammavo.bridge.adapters;

import org.gammavo.bridge.domain.SlurmClient;
import org.gammavo.bridge.domain.SlurmJob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link SlurmClient} over the command line ({@code sbatch}, {@code scontrol}, {@code scancel}), for sites without
 * slurmrestd — the way OPUS drives SLURM. The commands find the cluster through {@code SLURM_CONF} or
 * {@code /etc/slurm/slurm.conf}; when the bridge runs as root, jobs are submitted {@code --uid} the job user.
 */
public class SlurmCliClient implements SlurmClient {

    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S*)");

    private final String binDir;
    private final String user;

    /**
     * @param binDir directory of the SLURM commands, or empty to take them from PATH
     * @param user   the user jobs run as (used with {@code --uid} when the bridge is root), may be empty
     */
    public SlurmCliClient(String binDir, String user) {
        this.binDir = binDir == null || binDir.isBlank() ? "" : binDir.endsWith("/") ? binDir : binDir + "/";
        this.user = user == null ? "" : user;
    }

    @Override
    public String submit(Submission s) {
        List<String> cmd = new ArrayList<>(List.of(binDir + "sbatch", "--parsable", "--job-name=" + s.name(),
                "--comment=" + s.comment(), "--chdir=" + s.workDir(), "--output=" + s.stdout(),
                "--error=" + s.stderr(), "--export=ALL"));
        if (s.timeLimitMinutes() > 0) {
            cmd.add("--time=" + s.timeLimitMinutes());
        }
        if (!user.isBlank() && "root".equals(System.getProperty("user.name"))) {
            cmd.add("--uid=" + user);
        }
        Map<String, String> env = new HashMap<>(s.environment());
        String conf = System.getenv("SLURM_CONF");
        if (conf != null) {
            env.put("SLURM_CONF", conf);
        }
        String out;
        try {
            out = exec(cmd, env, s.script()).strip();
        } catch (SlurmException e) {
            // sbatch failed: a definite refusal only if SLURM says the request is wrong; otherwise unknown.
            throw new SlurmException(e.getMessage(), !SlurmRefusals.isRefusal(0, e.getMessage()), e);
        }
        // --parsable prints "<id>" or "<id>;<cluster>", possibly after warnings (stderr is merged): the last such line.
        String[] lines = out.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String id = lines[i].strip().split(";")[0];
            if (id.matches("\\d+")) {
                return id;
            }
        }
        // Exit 0 without an id: SLURM may have the job.
        throw new SlurmException("sbatch printed no job id: " + out, true, null);
    }

    @Override
    public List<SlurmJob> jobs() {
        String out = exec(List.of(binDir + "scontrol", "--oneliner", "show", "job"), null, null);
        List<SlurmJob> jobs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.startsWith("JobId=")) {
                continue;
            }
            Map<String, String> f = new HashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                f.putIfAbsent(m.group(1), m.group(2));
            }
            String[] exit = f.getOrDefault("ExitCode", "-1:0").split(":");
            jobs.add(new SlurmJob(f.get("JobId"), f.get("JobName"), f.get("Comment"), f.get("JobState"),
                    Integer.parseInt(exit[0]), exit.length > 1 ? Integer.parseInt(exit[1]) : 0,
                    epoch(f.get("SubmitTime")), epoch(f.get("StartTime")), f.get("Reason")));
        }
        return jobs;
    }

    // scontrol prints local times without a zone; "Unknown" or "None" before the job starts.
    private static long epoch(String time) {
        try {
            return time == null ? 0 : LocalDateTime.parse(time).atZone(ZoneId.systemDefault()).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    @Override
    public void cancel(String slurmJobId) {
        exec(List.of(binDir + "scancel", slurmJobId), null, null);
    }

    @Override
    public String describe() {
        return "SLURM command line (" + (binDir.isEmpty() ? "PATH" : binDir) + ", SLURM_CONF="
                + System.getenv().getOrDefault("SLURM_CONF", "default") + ")";
    }

    private static String exec(List<String> cmd, Map<String, String> env, String stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (env != null) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SlurmException(cmd.get(0) + " did not answer in 60 s", true, null);
            }
            if (p.exitValue() != 0) {
                boolean transientFailure = out.contains("Unable to contact slurm controller")
                        || out.contains("Socket timed out");
                throw new SlurmException(String.join(" ", cmd.subList(0, Math.min(2, cmd.size()))) + " failed ("
                        + p.exitValue() + "): " + out.strip(), transientFailure, null);
            }
            return out;
        } catch (IOException e) {
            throw new SlurmException("cannot run " + cmd.get(0) + ": " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException("interrupted", true, e);
        }
    }
}
