package org.gammavo.uws.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.uws.adapters.JobDescriptions;
import org.gammavo.uws.adapters.JobEntity;
import org.gammavo.uws.adapters.JobRepository;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the {@link JobView} of a stored job: absolute result URLs, the quote, the error summary. */
@ApplicationScoped
class JobViews {

    @Inject
    JobRepository store;

    @Inject
    JobDescriptions descriptions;

    JobView of(JobEntity job, URI base) {
        Set<String> uploads = store.uploads(job);
        List<JobView.Parameter> params = new ArrayList<>();
        store.parameters(job).forEach((k, v) -> params.add(new JobView.Parameter(k, v, uploads.contains(k))));
        String jobUrl = base.resolve(job.jobList + "/" + job.jobId + "/").toString();
        List<JobView.Result> results = new ArrayList<>();
        store.results(job).forEach(r -> results.add(new JobView.Result(r.id(), jobUrl + "results/" + r.id(),
                r.size(), r.mimeType())));
        JobView.Error error = job.errorMessage == null ? null
                : new JobView.Error(job.errorType == null ? "fatal" : job.errorType, job.errorMessage);
        return new JobView(job.jobId, job.jobList, job.runId, job.ownerId, job.phase, quote(job), job.creationTime,
                job.startTime, job.endTime, job.executionDuration, job.destruction, params, results, error);
    }

    /**
     * UWS quote (§2.2.3.3): when the job is expected to complete — its start (or now, if it has not started) plus
     * the description's typical runtime; for a finished job its end time.
     */
    Instant quote(JobEntity job) {
        if (job.phase.isFinal()) {
            return job.endTime;
        }
        long typical = descriptions.find(job.jobList).map(JobDescription::typicalRuntime).orElse(0L);
        Instant now = Instant.now();
        Instant from = job.startTime != null && job.startTime.isAfter(now.minusSeconds(typical)) ? job.startTime : now;
        return from.plusSeconds(typical);
    }

    /** The JSON form of a job (same fields and names as the XML). */
    static Map<String, Object> json(JobView j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", j.jobId());
        m.put("runId", j.runId());
        m.put("ownerId", j.ownerId());
        m.put("phase", j.phase().name());
        m.put("quote", UwsXml.time(j.quote()));
        m.put("creationTime", UwsXml.time(j.creationTime()));
        m.put("startTime", UwsXml.time(j.startTime()));
        m.put("endTime", UwsXml.time(j.endTime()));
        m.put("executionDuration", j.executionDuration());
        m.put("destruction", UwsXml.time(j.destruction()));
        Map<String, String> params = new LinkedHashMap<>();
        j.parameters().forEach(p -> params.put(p.id(), p.value()));
        m.put("parameters", params);
        List<Map<String, Object>> results = new ArrayList<>();
        j.results().forEach(r -> {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("id", r.id());
            rm.put("href", r.href());
            rm.put("size", r.size());
            rm.put("mimeType", r.mimeType());
            results.add(rm);
        });
        m.put("results", results);
        m.put("errorSummary", j.error() == null ? null : Map.of("type", j.error().type(), "message", j.error().message()));
        return m;
    }
}
