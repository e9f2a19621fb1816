package org.gammavo.uws.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.uws.adapters.JobEntity;
import org.gammavo.uws.adapters.JobRepository;
import org.gammavo.uws.adapters.ResultFiles;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provenance of a finished job as W3C PROV-JSON (https://www.w3.org/submissions/prov-json/): the job is a
 * {@code prov:Activity}; its input observations (from the executor's manifest.json, by obs_publisher_did, with
 * checksums) are entities it {@code used}; each result is an entity it generated; the owner is the agent the job
 * was associated with, and the executor's software (name and version from the manifest) a second agent.
 * Attribute names follow the IVOA Provenance DM where it has one ({@code voprov:}).
 */
@ApplicationScoped
class ProvenanceWriter {

    @Inject
    JobRepository store;

    @Inject
    ResultFiles files;

    Map<String, Object> of(JobEntity job, JobView view, URI base) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> prefix = new LinkedHashMap<>();
        prefix.put("uws", base.toString());
        prefix.put("ivo", "ivo://");
        prefix.put("voprov", "http://www.ivoa.net/documents/ProvenanceDM/ns/voprov/");
        prefix.put("gammavo", "https://gammavo.org/ns/prov#");
        doc.put("prefix", prefix);

        String activityId = "uws:" + job.jobList + "/" + job.jobId;
        Map<String, Object> activity = new LinkedHashMap<>();
        activity.put("prov:startTime", UwsXml.time(job.startTime));
        activity.put("prov:endTime", UwsXml.time(job.endTime));
        activity.put("prov:type", "uws:job");
        activity.put("prov:label", job.jobList + " job " + job.jobId);
        activity.put("voprov:descriptionId", job.descriptionId);
        activity.put("gammavo:jobList", job.jobList);
        activity.put("gammavo:phase", job.phase.name());
        activity.put("gammavo:executor", job.executor);
        put(activity, "gammavo:executorJobId", job.executorJobId);
        put(activity, "gammavo:runId", job.runId);
        activity.put("gammavo:creationTime", UwsXml.time(job.creationTime));
        store.parameters(job).forEach((k, v) -> activity.put("voprov:parameter." + k, v));
        if (job.errorMessage != null) {
            activity.put("gammavo:error", job.errorMessage);
        }
        doc.put("activity", Map.of(activityId, activity));

        Map<String, Object> entities = new LinkedHashMap<>();
        Map<String, Object> used = new LinkedHashMap<>();
        Map<String, Object> generated = new LinkedHashMap<>();
        Map<String, Object> agents = new LinkedHashMap<>();
        Map<String, Object> associated = new LinkedHashMap<>();
        Map<String, Object> attributed = new LinkedHashMap<>();

        JsonNode manifest = files.manifest(job.jobId).orElse(null);
        if (manifest != null) {
            int i = 0;
            for (JsonNode in : manifest.path("inputs")) {
                String did = in.path("obs_publisher_did").asText(null);
                String id = did != null ? did : "gammavo:input/" + job.jobId + "/" + in.path("path").asText("input" + i);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("prov:type", "voprov:dataset");
                put(e, "voprov:obs_publisher_did", did);
                put(e, "prov:location", in.path("path").asText(null));
                put(e, "gammavo:sha256", in.path("sha256").asText(null));
                entities.put(id, e);
                used.put("_:u" + i++, Map.of("prov:activity", activityId, "prov:entity", id));
            }
            JsonNode sw = manifest.path("software");
            if (sw.hasNonNull("name")) {
                String agentId = "gammavo:software/" + sw.path("name").asText() + "-" + sw.path("version").asText("");
                agents.put(agentId, Map.of("prov:type", "prov:SoftwareAgent", "prov:label",
                        sw.path("name").asText() + " " + sw.path("version").asText("")));
                associated.put("_:a1", Map.of("prov:activity", activityId, "prov:agent", agentId,
                        "prov:role", "executor"));
            }
            if (manifest.hasNonNull("executorJobId")) {
                activity.putIfAbsent("gammavo:executorJobId", manifest.get("executorJobId").asText());
            }
        }

        int g = 0;
        Map<String, String> hrefs = new LinkedHashMap<>();
        view.results().forEach(r -> hrefs.put(r.id(), r.href()));
        for (JobEvent.JobResult r : store.results(job)) {
            String id = "uws:" + job.jobList + "/" + job.jobId + "/results/" + r.id();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("prov:type", "voprov:entity");
            e.put("prov:label", r.id());
            put(e, "prov:location", hrefs.get(r.id()));
            put(e, "voprov:content_type", r.mimeType());
            e.put("voprov:content_length", r.size());
            put(e, "gammavo:sha256", r.sha256());
            entities.put(id, e);
            generated.put("_:g" + g++, Map.of("prov:entity", id, "prov:activity", activityId,
                    "prov:time", String.valueOf(UwsXml.time(job.endTime))));
            if (job.ownerId != null) {
                attributed.put("_:t" + g, Map.of("prov:entity", id, "prov:agent", "gammavo:user/" + job.ownerId));
            }
        }

        String ownerAgent = "gammavo:user/" + (job.ownerId == null ? "anonymous" : job.ownerId);
        agents.put(ownerAgent, Map.of("prov:type", "prov:Person", "prov:label",
                job.ownerId == null ? "anonymous" : job.ownerId));
        associated.put("_:a0", Map.of("prov:activity", activityId, "prov:agent", ownerAgent, "prov:role", "owner"));

        if (!entities.isEmpty()) {
            doc.put("entity", entities);
        }
        doc.put("agent", agents);
        if (!used.isEmpty()) {
            doc.put("used", used);
        }
        if (!generated.isEmpty()) {
            doc.put("wasGeneratedBy", generated);
        }
        doc.put("wasAssociatedWith", associated);
        if (!attributed.isEmpty()) {
            doc.put("wasAttributedTo", attributed);
        }
        return doc;
    }

    private static void put(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
