package org.gammavo.bridge.domain;

import org.gammavo.jobs.contract.JobCommand;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a RunJob into the batch script to run, the same for every executor: validates the parameters against the
 * job description, resolves a target name into {@code ra}/{@code dec}, renders the kind's template.
 */
public final class JobPreparer {

    private final JobCatalog catalog;
    private final TargetResolver resolver;

    public JobPreparer(JobCatalog catalog, TargetResolver resolver) {
        this.catalog = catalog;
        this.resolver = resolver;
    }

    /**
     * @return the rendered batch script
     * @throws ParameterValidator.InvalidParametersException if the job cannot run as asked (message for the user)
     */
    public String script(JobCommand.RunJob command) {
        String template = catalog.template(command.jobList()).orElseThrow(() ->
                new ParameterValidator.InvalidParametersException("the SLURM bridge has no job kind '"
                        + command.jobList() + "'"));
        Map<String, String> parameters = catalog.description(command.jobList())
                .map(d -> ParameterValidator.validate(d, command.parameters()))
                .orElse(Map.of());
        return BatchScriptRenderer.render(command.jobList(), command.jobId(), template, withPosition(parameters));
    }

    // A target name is resolved here, once, so that the job (possibly on a node without network) gets coordinates.
    private Map<String, String> withPosition(Map<String, String> parameters) {
        boolean hasRa = parameters.containsKey("ra");
        boolean hasDec = parameters.containsKey("dec");
        if (hasRa != hasDec) {
            throw new ParameterValidator.InvalidParametersException("give both ra and dec, or neither");
        }
        String target = parameters.get("target");
        if (hasRa || target == null || target.isBlank()) {
            return parameters;
        }
        double[] radec;
        try {
            radec = resolver.resolve(target);
        } catch (IllegalArgumentException e) {
            throw new ParameterValidator.InvalidParametersException("cannot resolve target '" + target + "': "
                    + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>(parameters);
        out.put("ra", String.format(Locale.ROOT, "%.6f", radec[0]));
        out.put("dec", String.format(Locale.ROOT, "%.6f", radec[1]));
        return out;
    }
}
