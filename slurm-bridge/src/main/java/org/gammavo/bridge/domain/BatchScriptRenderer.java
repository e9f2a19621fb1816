package org.gammavo.bridge.domain;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the batch script of a job from its kind's template ({@code jobs/<jobList>.sh}).
 *
 * <p>A template is a bash script; the renderer puts a fixed preamble in front of it (strict mode, the job's work
 * directory) and replaces {@code @ARGS@} with the validated parameters as {@code --name 'value'} words. Every value
 * is single-quoted, so no character of it is ever interpreted by the shell.
 *
 * <p>The template runs in a subshell, and when it ends the script writes {@code "<exit status> <SLURM job id>"} to
 * {@code .job/exit-status} ({@link #EXIT_STATUS}). That file is the job's own word that it ran to its end: the bridge
 * reports COMPLETED only with it, never on the cluster's word alone (a controller that crashed can give a lost job's
 * id to another job). A subshell rather than an EXIT trap, because templates end with {@code exec}. A script that
 * finds that file already written exits with its status without running the template again: the only way a job ends
 * and starts again is a controller that crashed and recovered it from an older state.
 */
public final class BatchScriptRenderer {

    /** Where the batch script writes its exit status, relative to the job's directory. */
    public static final String EXIT_STATUS = ".job/exit-status";

    /** One line per start of the script ({@code "<SLURM job id> <UTC time>"}): how often a job ran (chaos run). */
    public static final String RUNS = ".job/runs";

    /**
     * One line per start under SLURM that the script refused because the job had started before and never finished
     * ({@code "<SLURM job id> <UTC time>"}); the script then exits with {@link #REFUSED_STATUS}.
     */
    public static final String REFUSED_STARTS = ".job/refused-starts";

    /** Exit status of a refused second start (EX_TEMPFAIL). */
    public static final int REFUSED_STATUS = 75;

    private BatchScriptRenderer() {
    }

    /**
     * @param jobList    the job's kind, for the header comment
     * @param jobId      the UWS job id
     * @param template   the kind's template
     * @param parameters validated parameters (see {@link JobPreparer#validate})
     */
    public static String render(String jobList, String jobId, String template, Map<String, String> parameters) {
        return render(jobList, jobId, template, parameters, null);
    }

    /**
     * As {@link #render(String, String, String, Map)}, and the job's description (the job catalogue's JSON form) in
     * the environment variable {@code GAMMAVO_JOB_DESCRIPTION}: the analysis code builds its command line and takes
     * its defaults from it, so they are written once, in the description.
     *
     * @param description the description as JSON, or null for none
     */
    public static String render(String jobList, String jobId, String template, Map<String, String> parameters,
                                String description) {
        String args = parameters.entrySet().stream()
                .map(e -> "--" + e.getKey() + " " + quote(e.getValue()))
                .collect(Collectors.joining(" "));
        String body = template.startsWith("#!") ? template.substring(template.indexOf('\n') + 1) : template;
        body = body.replace("@ARGS@", args);
        return "#!/bin/bash\n"
                + "# UWS job " + jobId + " (" + jobList + "), rendered by slurm-bridge\n"
                + "set -euo pipefail\n"
                + "cd \"$GAMMAVO_JOB_DIR\"\n"
                + (description == null ? "" : "export GAMMAVO_JOB_DESCRIPTION=" + quote(description) + "\n")
                // A job that already ran to its end is not run again: slurmctld killed -9 within seconds of a job's
                // end recovers it from its last saved state as pending and starts it once more (docs/chaos.md).
                + "if [ -s " + EXIT_STATUS + " ]; then read -r status _ < " + EXIT_STATUS + "; exit \"$status\"; fi\n"
                // Nor one that started and was cut off: slurmctld killed -9 after the start but before saving it
                // recovers the job as pending, kills the run slurmd reports, and launches it again. Under SLURM only:
                // the local executor runs again on purpose the jobs its own restart cut off.
                + "if [ -n \"${SLURM_JOB_ID:-}\" ] && [ -s " + RUNS + " ]; then printf '%s %s\\n' \"$SLURM_JOB_ID\" "
                + "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" >> " + REFUSED_STARTS + "; echo \"slurm-bridge: this job started "
                + "before ($(head -n 1 " + RUNS + ")) and never finished: not run a second time\" >&2; exit "
                + REFUSED_STATUS + "; fi\n"
                + "printf '%s %s\\n' \"${SLURM_JOB_ID:-}\" \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" >> " + RUNS + "\n"
                + "set +e\n"
                + "(\n"
                + "set -euo pipefail\n"
                + body + (body.endsWith("\n") ? "" : "\n")
                + ")\n"
                + "status=$?\n"
                + "printf '%s %s\\n' \"$status\" \"${SLURM_JOB_ID:-}\" > " + EXIT_STATUS + ".tmp && mv -f "
                + EXIT_STATUS + ".tmp " + EXIT_STATUS + "\n"
                + "exit \"$status\"\n";
    }

    /** A POSIX shell word that stands for exactly {@code value}. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
