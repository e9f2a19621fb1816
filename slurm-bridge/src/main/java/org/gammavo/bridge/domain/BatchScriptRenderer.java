package org.gammavo.bridge.domain;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the batch script of a job from its kind's template ({@code jobs/<jobList>.sh}).
 *
 * <p>A template is a bash script; the renderer puts a fixed preamble in front of it (strict mode, the job's work
 * directory) and replaces {@code @ARGS@} with the validated parameters as {@code --name 'value'} words. Every value
 * is single-quoted, so no character of it is ever interpreted by the shell.
 */
public final class BatchScriptRenderer {

    private BatchScriptRenderer() {
    }

    /**
     * @param jobList    the job's kind, for the header comment
     * @param jobId      the UWS job id
     * @param template   the kind's template
     * @param parameters validated parameters (see {@link ParameterValidator})
     */
    public static String render(String jobList, String jobId, String template, Map<String, String> parameters) {
        String args = parameters.entrySet().stream()
                .map(e -> "--" + e.getKey() + " " + quote(e.getValue()))
                .collect(Collectors.joining(" "));
        String body = template.startsWith("#!") ? template.substring(template.indexOf('\n') + 1) : template;
        return "#!/bin/bash\n"
                + "# UWS job " + jobId + " (" + jobList + "), rendered by slurm-bridge\n"
                + "set -euo pipefail\n"
                + "cd \"$GAMMAVO_JOB_DIR\"\n"
                + body.replace("@ARGS@", args);
    }

    /** A POSIX shell word that stands for exactly {@code value}. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
