package org.gammavo.uws.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The job lists this service keeps (one per job kind) and which executor runs each.
 * The UWS issue replaces this fixed table by operator-editable job description files.
 */
public final class JobLists {

    /**
     * @param name        job list name, the path segment under /uws
     * @param executor    the executor that receives its commands ({@code tap} or {@code slurm})
     * @param description one line for humans
     */
    public record JobList(String name, String executor, String description) {
    }

    private static final Map<String, JobList> LISTS = new LinkedHashMap<>();

    static {
        add(new JobList("selftest", "slurm", "Runs a trivial job through the executor: checks the job path end to end"));
    }

    private static void add(JobList l) {
        LISTS.put(l.name(), l);
    }

    private JobLists() {
    }

    public static Optional<JobList> find(String name) {
        return Optional.ofNullable(LISTS.get(name));
    }

    public static Iterable<JobList> all() {
        return LISTS.values();
    }
}
