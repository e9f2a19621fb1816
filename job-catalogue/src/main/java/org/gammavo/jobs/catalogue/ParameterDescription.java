package org.gammavo.jobs.catalogue;

import java.util.List;

/**
 * One parameter of a job description: what a client may (or must) give when it creates a job.
 *
 * @param name         the parameter's name, as executors receive it (clients may use any letter case)
 * @param type         its value type
 * @param required     whether a job cannot run without it
 * @param description  one or two sentences for humans (and form tooltips)
 * @param unit         VOUnit of the value, may be null
 * @param ucd          UCD of the value, may be null
 * @param defaultValue value used when the client gives none, may be null
 * @param min          inclusive lower bound for numbers, may be null
 * @param max          inclusive upper bound for numbers, may be null
 * @param allowed      allowed values for {@link ParameterType#ENUM}, empty otherwise
 * @param pattern      regular expression the whole string value must match, may be null
 */
public record ParameterDescription(String name, ParameterType type, boolean required, String description,
                                   String unit, String ucd, String defaultValue, Double min, Double max,
                                   List<String> allowed, String pattern) {

    public ParameterDescription {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }
}
