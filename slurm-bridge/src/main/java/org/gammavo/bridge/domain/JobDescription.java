package org.gammavo.bridge.domain;

import java.util.List;

/**
 * The parts of a job description (uws-service's {@code job-descriptions/<id>.json}, the one shared format) that the
 * bridge checks parameters against before they reach a batch script.
 *
 * @param id         the job list, e.g. {@code spectrum}
 * @param parameters the parameters a job of this kind accepts
 */
public record JobDescription(String id, List<Parameter> parameters) {

    public JobDescription {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /**
     * One parameter.
     *
     * @param name     parameter name, as in RunJob.parameters
     * @param type     string | integer | double | boolean | enum | file | datetime
     * @param required whether a job must give it
     * @param dflt     default value, or null
     * @param min      lower bound for numbers, or null
     * @param max      upper bound for numbers, or null
     * @param allowed  the values of an enum
     * @param pattern  a regular expression the whole value must match, or null
     */
    public record Parameter(String name, String type, boolean required, String dflt, Double min, Double max,
                            List<String> allowed, String pattern) {
        public Parameter {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
        }
    }
}
