package org.gammavo.jobs.catalogue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine-readable description of one job list (one kind of job): its parameters, results, executor and
 * time limits. Loaded from {@code job-descriptions/<id>.json}; used to validate parameters, to tell clients
 * (and the web UI's forms) what a job takes, and to quote run times.
 *
 * @param id                       job list name, the path segment under {@code /uws}
 * @param version                  version of the description; RunJob carries {@code id@version}
 * @param title                    short human title
 * @param description              a paragraph for humans
 * @param executor                 who runs the jobs: {@code slurm} or {@code tap}
 * @param anonymous                whether callers without credentials may create jobs in this list
 * @param typicalRuntime           seconds a job usually runs; the UWS quote is based on it
 * @param defaultExecutionDuration seconds, when the client gives none; 0 = unlimited
 * @param maxExecutionDuration     seconds a client may ask for at most; 0 = unlimited
 * @param defaultDestruction       how long after creation a job is destroyed
 * @param parameters               the parameters, in the order forms show them
 * @param results                  the results a completed job has
 */
public record JobDescription(String id, String version, String title, String description, String executor,
                             boolean anonymous, long typicalRuntime, long defaultExecutionDuration,
                             long maxExecutionDuration, Duration defaultDestruction,
                             List<ParameterDescription> parameters, List<ResultDescription> results) {

    /** Executors that read the command topic. */
    public static final List<String> EXECUTORS = List.of("slurm", "tap");

    public JobDescription {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** {@code id@version}, the descriptionId of RunJob. */
    public String descriptionId() {
        return id + "@" + version;
    }

    /** The parameter called {@code name} in any letter case (DALI 1.1 §3: parameter names are case-insensitive). */
    public Optional<ParameterDescription> parameter(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return parameters.stream().filter(p -> p.name().toLowerCase(Locale.ROOT).equals(n)).findFirst();
    }

    /**
     * Whether parameters this description does not name are passed through rather than refused. TAP services
     * must accept parameters they do not know (DALI 1.1 §3); analysis jobs refuse them, so a typo is caught.
     */
    public boolean acceptsUnknownParameters() {
        return "tap".equals(executor);
    }

    /** The execution duration a job gets when the client asks for {@code requested} seconds (null: none). */
    public long executionDurationFor(Long requested) {
        long d = requested == null ? defaultExecutionDuration : requested;
        if (maxExecutionDuration > 0 && (d <= 0 || d > maxExecutionDuration)) {
            return maxExecutionDuration;
        }
        return Math.max(d, 0);
    }
}
