package org.gammavo.uws.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.jobs.catalogue.InvalidParameterException;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.jobs.catalogue.JobDescriptionJson;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.uws.adapters.JobDescriptions;
import org.gammavo.uws.adapters.JobRef;
import org.gammavo.uws.adapters.JobRepository;
import org.gammavo.uws.adapters.ResultFiles;
import org.gammavo.uws.domain.OwnerPolicy;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The UWS 1.1 job lists (§2.2.2): {@code GET /uws} lists the job lists with their descriptions,
 * {@code GET /uws/{jobList}} the caller's jobs (filters PHASE, AFTER, LAST), {@code POST /uws/{jobList}} creates a
 * job, {@code GET /uws/{jobList}/description} is the job description (JSON or VOTable service descriptor).
 */
@Path("/")
@Blocking
public class JobListResource {

    @Inject
    JobDescriptions descriptions;

    @Inject
    JobRepository store;

    @Inject
    ResultFiles files;

    @Inject
    ParameterIntake intake;

    @Inject
    Caller caller;

    @ConfigProperty(name = "gammavo.uws.max-destruction", defaultValue = "P30D")
    Duration maxDestruction;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> jobLists(@Context UriInfo uri) {
        List<Map<String, Object>> out = new ArrayList<>();
        descriptions.all().forEach(d -> out.add(json(d, uri.getBaseUri().resolve(d.id()).toString())));
        return out;
    }

    @GET
    @Path("{jobList}/description")
    @Produces({MediaType.APPLICATION_JSON, ServiceDescriptorWriter.MEDIA_TYPE, MediaType.TEXT_XML})
    public Response description(@PathParam("jobList") String jobList, @Context HttpHeaders headers,
                                @Context UriInfo uri) {
        JobDescription d = description(jobList);
        String url = uri.getBaseUri().resolve(d.id()).toString();
        String format = Negotiation.query(uri, "RESPONSEFORMAT");
        boolean votable = format != null ? format.toLowerCase(Locale.ROOT).contains("votable")
                : Negotiation.prefers(headers, ServiceDescriptorWriter.MEDIA_TYPE, MediaType.TEXT_XML);
        if (votable) {
            StreamingOutput body = out -> ServiceDescriptorWriter.write(out, d, url);
            return Response.ok(body, ServiceDescriptorWriter.MEDIA_TYPE).build();
        }
        return Response.ok(json(d, url), MediaType.APPLICATION_JSON).build();
    }

    /** The description as JSON: the catalogue's file format plus descriptionId and the list's URL. */
    private static Map<String, Object> json(JobDescription d, String listUrl) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("descriptionId", d.descriptionId());
        extra.put("url", listUrl);
        return JobDescriptionJson.of(d, extra);
    }

    /**
     * §2.2.2.1: the caller's jobs, newest first; PHASE (repeatable), AFTER and LAST filter them. Anonymous callers get
     * an empty list ({@link OwnerPolicy#hasListedJobs}); their jobs are reached through the URL the creation returned.
     */
    @GET
    @Path("{jobList}")
    @Produces({MediaType.APPLICATION_XML, MediaType.TEXT_XML, MediaType.APPLICATION_JSON})
    public Response jobs(@PathParam("jobList") String jobList, @Context HttpHeaders headers, @Context UriInfo uri) {
        description(jobList);
        List<ExecutionPhase> phases = new ArrayList<>();
        for (String p : Negotiation.queryAll(uri, "PHASE")) {
            phases.add(Negotiation.phase(p));
        }
        String afterText = Negotiation.query(uri, "AFTER");
        Instant after = afterText == null ? null : UwsForm.parseTime("AFTER", afterText);
        String lastText = Negotiation.query(uri, "LAST");
        Integer last = null;
        if (lastText != null) {
            try {
                last = Integer.parseInt(lastText);
            } catch (NumberFormatException e) {
                last = -1;
            }
            if (last <= 0) {
                throw new InvalidParameterException("LAST", "LAST must be a positive integer, not '" + lastText + "'");
            }
        }
        String owner = caller.ownerId();
        List<JobRef> jobs = OwnerPolicy.hasListedJobs(owner) ? store.list(jobList, owner, phases, after, last) : List.of();
        String listUrl = uri.getBaseUri().resolve(jobList + "/").toString();
        if (Negotiation.prefers(headers, MediaType.APPLICATION_JSON)) {
            List<Map<String, Object>> out = new ArrayList<>(jobs.size());
            for (JobRef j : jobs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("jobId", j.jobId());
                m.put("href", listUrl + j.jobId());
                m.put("phase", j.phase().name());
                m.put("runId", j.runId());
                m.put("ownerId", j.ownerId());
                m.put("creationTime", UwsXml.time(j.creationTime()));
                out.add(m);
            }
            return Response.ok(Map.of("version", "1.1", "jobs", out), MediaType.APPLICATION_JSON).build();
        }
        StreamingOutput body = out -> UwsXml.jobs(out, jobs, id -> listUrl + id);
        return Response.ok(body, MediaType.APPLICATION_XML).build();
    }

    @POST
    @Path("{jobList}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@PathParam("jobList") String jobList, MultivaluedMap<String, String> form,
                           @Context UriInfo uri) {
        return create(jobList, UwsForm.of(form, uri.getQueryParameters()), uri);
    }

    /** Creation with file parameters (multipart/form-data): each file goes to uploads/ of the job. */
    @POST
    @Path("{jobList}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response createMultipart(@PathParam("jobList") String jobList, MultipartFormDataInput input,
                                    @Context UriInfo uri) {
        return create(jobList, UwsForm.of(input), uri);
    }

    /**
     * A POST without a form body ({@code curl -X POST …/selftest?PHASE=RUN}): the query string is the form, so that
     * a job without parameters can be created and run by the simplest client.
     */
    @POST
    @Path("{jobList}")
    @Consumes(MediaType.WILDCARD)
    public Response createFromQuery(@PathParam("jobList") String jobList, @Context UriInfo uri) {
        return create(jobList, UwsForm.of(uri.getQueryParameters()), uri);
    }

    /** §2.2.3: creates a PENDING job (running it at once with PHASE=RUN) and answers 303 to the job. */
    private Response create(String jobList, UwsForm form, UriInfo uri) {
        JobDescription d = description(jobList);
        String owner = caller.ownerId();
        if (!OwnerPolicy.mayCreate(d, owner)) {
            throw Caller.unauthorized("creating jobs in " + jobList + " needs authentication (HTTP Basic or a bearer token)");
        }
        String phase = form.control("PHASE");
        if (phase != null && !phase.equalsIgnoreCase("RUN")) {
            throw new InvalidParameterException("PHASE", "PHASE in a job creation can only be RUN, not '" + phase + "'");
        }
        if (form.control("ACTION") != null) {
            throw new InvalidParameterException("ACTION", "ACTION is not allowed when creating a job");
        }
        String jobId = UUID.randomUUID().toString();
        ParameterIntake.Prepared p = intake.prepare(d, jobId, form);
        Instant destruction = form.destruction();
        Instant latest = Instant.now().plus(maxDestruction);
        if (destruction != null && destruction.isAfter(latest)) {
            destruction = latest;
        }
        try {
            store.create(jobId, d, owner, form.control("RUNID"), p.params(), p.uploads(), form.executionDuration(),
                    destruction, phase != null);
        } catch (RuntimeException e) {
            files.deleteJobDir(jobId);
            throw e;
        }
        return Response.seeOther(uri.getBaseUriBuilder().path(jobList).path(jobId).build()).build();
    }

    private JobDescription description(String jobList) {
        return descriptions.require(jobList);
    }
}
