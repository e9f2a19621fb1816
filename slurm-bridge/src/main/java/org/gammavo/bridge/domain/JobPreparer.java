package org.gammavo.bridge.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gammavo.jobs.catalogue.InvalidParameterException;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.jobs.catalogue.JobDescriptionJson;
import org.gammavo.jobs.catalogue.ParameterDescription;
import org.gammavo.jobs.catalogue.ParameterType;
import org.gammavo.jobs.catalogue.ParameterValidator;
import org.gammavo.jobs.contract.JobCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a RunJob into the batch script to run, the same for every executor: validates the parameters against the
 * job description with the job catalogue's validator (the one uws-service used), adds the bridge's command-line
 * checks ({@link CommandLineSafety}), resolves a target name into {@code ra}/{@code dec}, renders the kind's
 * template. Parameters the description does not name are dropped; defaults are filled in.
 */
public final class JobPreparer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobCatalog catalog;
    private final TargetResolver resolver;

    public JobPreparer(JobCatalog catalog, TargetResolver resolver) {
        this.catalog = catalog;
        this.resolver = resolver;
    }

    /**
     * @return the rendered batch script
     * @throws InvalidParametersException if the job cannot run as asked (message for the user)
     */
    public String script(JobCommand.RunJob command) {
        String kind = command.jobList();
        String template = catalog.template(kind).orElseThrow(() ->
                new InvalidParametersException("the SLURM bridge has no job kind '" + kind + "'"));
        JobDescription d = catalog.description(kind).orElseThrow(() ->
                new InvalidParametersException("the SLURM bridge has no job description of kind '" + kind + "'"));
        Map<String, String> parameters = validate(d, command.parameters());
        String description;
        try {
            description = JSON.writeValueAsString(JobDescriptionJson.of(d, Map.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return BatchScriptRenderer.render(kind, command.jobId(), template, withPosition(parameters), description);
    }

    /**
     * The parameters to pass to the job: the described ones, under the description's names, with defaults, in
     * description order.
     *
     * @throws InvalidParametersException naming every parameter that is wrong, and why
     */
    public static Map<String, String> validate(JobDescription d, Map<String, String> given) {
        Map<String, String> known = new LinkedHashMap<>();
        given.forEach((name, value) -> d.parameter(name).ifPresent(p -> known.put(p.name(), value)));
        // uws-service stored uploads and sends their file: reference; the bridge has no multipart to look at.
        Set<String> files = d.parameters().stream().filter(p -> p.type() == ParameterType.FILE)
                .map(ParameterDescription::name).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        ParameterValidator.problems(d, known, files).forEach(e -> problems.add(e.getMessage()));
        Map<String, String> out = new LinkedHashMap<>();
        if (problems.isEmpty()) {
            try {
                Map<String, String> complete = ParameterValidator.completeForRun(d, known);
                d.parameters().forEach(p -> {
                    if (complete.containsKey(p.name())) {
                        out.put(p.name(), complete.get(p.name()));
                    }
                });
            } catch (InvalidParameterException e) {
                problems.add(e.getMessage());
            }
            problems.addAll(CommandLineSafety.problems(out));
        }
        if (!problems.isEmpty()) {
            throw new InvalidParametersException("invalid parameters for " + d.id() + ": " + String.join("; ", problems));
        }
        return out;
    }

    // A target name is resolved here, once, so that the job (possibly on a node without network) gets coordinates.
    private Map<String, String> withPosition(Map<String, String> parameters) {
        boolean hasRa = parameters.containsKey("ra");
        boolean hasDec = parameters.containsKey("dec");
        if (hasRa != hasDec) {
            throw new InvalidParametersException("give both ra and dec, or neither");
        }
        String target = parameters.get("target");
        if (hasRa || target == null || target.isBlank()) {
            return parameters;
        }
        double[] radec;
        try {
            radec = resolver.resolve(target);
        } catch (IllegalArgumentException e) {
            throw new InvalidParametersException("cannot resolve target '" + target + "': " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>(parameters);
        out.put("ra", String.format(Locale.ROOT, "%.6f", radec[0]));
        out.put("dec", String.format(Locale.ROOT, "%.6f", radec[1]));
        return out;
    }
}
