package org.gammavo.uws.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.uws.adapters.JobCommandPublisher;
import org.gammavo.uws.adapters.JobEntity;
import org.gammavo.uws.domain.JobLists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The UWS 1.1 REST binding (§2.2): job lists, jobs, and their phase. */
@Path("/")
public class UwsResource {

    @Inject
    JobCommandPublisher commands;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, String>> jobLists() {
        List<Map<String, String>> out = new ArrayList<>();
        JobLists.all().forEach(l -> out.add(Map.of("name", l.name(), "description", l.description())));
        return out;
    }

    /** §2.2.3: POST to a job list creates a PENDING job (RUN straight away with PHASE=RUN) and redirects to it. */
    @POST
    @Path("{jobList}")
    @Transactional
    public Response create(@PathParam("jobList") String jobList, MultivaluedMap<String, String> form,
                           @Context UriInfo uri) throws Exception {
        var list = JobLists.find(jobList).orElseThrow(() -> new NotFoundException("no job list " + jobList));
        JobEntity job = new JobEntity();
        job.jobId = UUID.randomUUID().toString();
        job.jobList = list.name();
        job.phase = ExecutionPhase.PENDING;
        job.creationTime = Instant.now();
        job.runId = form.getFirst("RUNID");
        Map<String, String> params = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("PHASE") && !k.equalsIgnoreCase("RUNID") && !v.isEmpty()) {
                params.put(k, v.get(0));
            }
        });
        job.parameters = json.writeValueAsString(params);
        job.persist();
        if ("RUN".equalsIgnoreCase(form.getFirst("PHASE"))) {
            run(job, list, params);
        }
        return Response.seeOther(uri.getBaseUriBuilder().path(jobList).path(job.jobId).build()).build();
    }

    @GET
    @Path("{jobList}/{jobId}")
    @Produces(MediaType.APPLICATION_XML)
    public String job(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId) {
        JobEntity job = find(jobList, jobId);
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<uws:job xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\" ")
                .append("xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\">\n")
                .append("  <uws:jobId>").append(job.jobId).append("</uws:jobId>\n")
                .append("  <uws:phase>").append(job.phase).append("</uws:phase>\n")
                .append("  <uws:creationTime>").append(job.creationTime).append("</uws:creationTime>\n")
                .append("</uws:job>\n");
        return x.toString();
    }

    @GET
    @Path("{jobList}/{jobId}/phase")
    @Produces(MediaType.TEXT_PLAIN)
    public String phase(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId) {
        return find(jobList, jobId).phase.name();
    }

    @POST
    @Path("{jobList}/{jobId}/phase")
    @Transactional
    public Response setPhase(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                             @FormParam("PHASE") String phase, @Context UriInfo uri) throws Exception {
        JobEntity job = find(jobList, jobId);
        if (!"RUN".equalsIgnoreCase(phase)) {
            return Response.status(400).type(MediaType.TEXT_PLAIN).entity("PHASE must be RUN").build();
        }
        if (job.phase == ExecutionPhase.PENDING) {
            @SuppressWarnings("unchecked")
            Map<String, String> params = json.readValue(job.parameters, Map.class);
            run(job, JobLists.find(jobList).orElseThrow(), params);
        }
        return Response.seeOther(uri.getBaseUriBuilder().path(jobList).path(jobId).build()).build();
    }

    private void run(JobEntity job, JobLists.JobList list, Map<String, String> params) {
        job.phase = ExecutionPhase.QUEUED;
        commands.publish(new JobCommand.RunJob(UUID.randomUUID().toString(), job.jobId, job.jobList, list.executor(),
                Instant.now(), job.ownerId, job.runId, list.name(), params, job.executionDuration));
    }

    private static JobEntity find(String jobList, String jobId) {
        JobEntity job = JobEntity.findById(jobId);
        if (job == null || !job.jobList.equals(jobList)) {
            throw new NotFoundException("no job " + jobId + " in " + jobList);
        }
        return job;
    }
}
