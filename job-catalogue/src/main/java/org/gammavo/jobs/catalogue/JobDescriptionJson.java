package org.gammavo.jobs.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a parsed job description: the file format with the fragments already included (no
 * {@code include}), so that {@link JobDescriptionParser} reads it back to the same description. uws-service serves
 * it (with descriptionId and the list's URL added), slurm-bridge hands it to the analysis code of a job.
 */
public final class JobDescriptionJson {

    private JobDescriptionJson() {
    }

    /** @param extra fields put after {@code id} and {@code version} (e.g. descriptionId, url); may be empty */
    public static Map<String, Object> of(JobDescription d, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("version", d.version());
        m.putAll(extra);
        m.put("title", d.title());
        m.put("description", d.description());
        m.put("executor", d.executor());
        m.put("anonymous", d.anonymous());
        m.put("typicalRuntime", d.typicalRuntime());
        m.put("defaultExecutionDuration", d.defaultExecutionDuration());
        m.put("maxExecutionDuration", d.maxExecutionDuration());
        m.put("defaultDestruction", d.defaultDestruction().toString());
        List<Map<String, Object>> params = new ArrayList<>();
        for (ParameterDescription p : d.parameters()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("type", p.type().jsonName());
            pm.put("required", p.required());
            pm.put("description", p.description());
            putIf(pm, "unit", p.unit());
            putIf(pm, "ucd", p.ucd());
            putIf(pm, "default", p.defaultValue());
            putIf(pm, "min", p.min());
            putIf(pm, "max", p.max());
            if (!p.allowed().isEmpty()) {
                pm.put("allowed", p.allowed());
            }
            putIf(pm, "pattern", p.pattern());
            params.add(pm);
        }
        m.put("parameters", params);
        List<Map<String, Object>> results = new ArrayList<>();
        for (ResultDescription r : d.results()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("name", r.name());
            rm.put("mimeType", r.mimeType());
            putIf(rm, "description", r.description());
            results.add(rm);
        }
        m.put("results", results);
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
