package org.gammavo.uws.api;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.uws.adapters.JobDescriptions;
import org.gammavo.uws.adapters.JobEntity;
import org.gammavo.uws.adapters.JobRepository;
import org.gammavo.uws.adapters.JobWaiter;
import org.gammavo.uws.adapters.ResultFiles;
import org.gammavo.uws.domain.NoSuchJobException;
import org.gammavo.uws.domain.PhaseRules;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One UWS 1.1 job and its sub-resources (§2.2.3): phase, executionduration, destruction, error, quote, owner,
 * parameters, results, and our provenance. Every request first checks that the caller may see the job.
 */
@Path("/")
@Blocking
public class JobResource {

    @Inject
    JobRepository store;

    @Inject
    JobViews views;

    @Inject
    JobWaiter waiter;

    @Inject
    JobDescriptions descriptions;

    @Inject
    ParameterIntake intake;

    @Inject
    ResultFiles files;

    @Inject
    Caller caller;

    @Inject
    ProvenanceWriter provenance;

    @ConfigProperty(name = "gammavo.uws.max-wait", defaultValue = "60s")
    Duration maxWait;

    @ConfigProperty(name = "gammavo.uws.max-destruction", defaultValue = "P30D")
    Duration maxDestruction;

    /** The job document; with WAIT=n (and optionally PHASE=) it is sent when the phase changes (§2.2.3.2). */
    @GET
    @Path("{jobList}/{jobId}")
    @Produces({MediaType.APPLICATION_XML, MediaType.TEXT_XML, MediaType.APPLICATION_JSON})
    public CompletionStage<Response> job(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                                         @Context HttpHeaders headers, @Context UriInfo uri) {
        JobEntity job = load(jobList, jobId);
        boolean json = Negotiation.prefers(headers, MediaType.APPLICATION_JSON);
        URI base = uri.getBaseUri();
        String waitText = Negotiation.query(uri, "WAIT");
        if (waitText == null) {
            return CompletableFuture.completedFuture(render(job, base, json));
        }
        long wait;
        try {
            wait = Long.parseLong(waitText);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("WAIT", "WAIT must be a whole number of seconds, not '" + waitText + "'");
        }
        if (wait < -1) {
            throw new InvalidParameterException("WAIT", "WAIT must be -1 (the server's maximum) or >= 0");
        }
        String phaseText = Negotiation.query(uri, "PHASE");
        ExecutionPhase expected = phaseText == null ? job.phase : Negotiation.phase(phaseText);
        if (wait == 0 || expected != job.phase || !PhaseRules.waitBlocks(job.phase)) {
            return CompletableFuture.completedFuture(render(job, base, json));
        }
        long seconds = wait < 0 || wait > maxWait.toSeconds() ? maxWait.toSeconds() : wait;
        return waiter.awaitPhaseChange(jobId, job.phase, Instant.now().plusSeconds(seconds))
                .thenApplyAsync(x -> {
                    try {
                        return render(store.snapshot(jobList, jobId), base, json);
                    } catch (NoSuchJobException gone) {
                        return UwsErrorMappers.text(Response.Status.NOT_FOUND, gone.getMessage());
                    }
                }, Infrastructure.getDefaultWorkerPool());
    }

    private Response render(JobEntity job, URI base, boolean json) {
        JobView v = views.of(job, base);
        if (json) {
            return Response.ok(JobViews.json(v), MediaType.APPLICATION_JSON).build();
        }
        StreamingOutput body = out -> UwsXml.job(out, v);
        return Response.ok(body, MediaType.APPLICATION_XML).build();
    }

    /** POST to the job: ACTION=DELETE (§2.2.3), PHASE=RUN|ABORT, or new parameter values. */
    @POST
    @Path("{jobList}/{jobId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                         MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return post(jobList, jobId, UwsForm.of(form), uri);
    }

    @POST
    @Path("{jobList}/{jobId}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response postMultipart(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                                  MultipartFormDataInput input, @Context UriInfo uri) {
        return post(jobList, jobId, UwsForm.of(input), uri);
    }

    private Response post(String jobList, String jobId, UwsForm form, UriInfo uri) {
        String action = form.control("ACTION");
        if (action != null) {
            if (!action.equalsIgnoreCase("DELETE")) {
                throw new InvalidParameterException("ACTION", "ACTION must be DELETE, not '" + action + "'");
            }
            return delete(jobList, jobId, uri);
        }
        load(jobList, jobId);
        if (form.control("PHASE") != null) {
            changePhase(jobList, jobId, form.control("PHASE"));
        }
        if (form.control("EXECUTIONDURATION") != null) {
            store.updateExecutionDuration(jobList, jobId, descriptions.require(jobList), form.executionDuration());
        }
        if (form.control("DESTRUCTION") != null) {
            store.updateDestruction(jobList, jobId, form.destruction(), Instant.now().plus(maxDestruction));
        }
        if (!form.parameters().isEmpty() || !form.uploads().isEmpty()) {
            updateParameters(jobList, jobId, form);
        }
        return toJob(uri, jobList, jobId);
    }

    @DELETE
    @Path("{jobList}/{jobId}")
    public Response delete(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                           @Context UriInfo uri) {
        load(jobList, jobId);
        store.delete(jobList, jobId);
        return Response.seeOther(uri.getBaseUriBuilder().path(jobList).build()).build();
    }

    @GET
    @Path("{jobList}/{jobId}/phase")
    @Produces(MediaType.TEXT_PLAIN)
    public String phase(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId) {
        return load(jobList, jobId).phase.name();
    }

    /** §2.2.3.1: PHASE=RUN starts a PENDING job, PHASE=ABORT stops an unfinished one. */
    @POST
    @Path("{jobList}/{jobId}/phase")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setPhase(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                             MultivaluedMap<String, String> form, @Context UriInfo uri) {
        load(jobList, jobId);
        String phase = UwsForm.of(form).control("PHASE");
        if (phase == null) {
            throw new InvalidParameterException("PHASE", "missing PHASE (RUN or ABORT)");
        }
        changePhase(jobList, jobId, phase);
        return toJob(uri, jobList, jobId);
    }

    private void changePhase(String jobList, String jobId, String phase) {
        switch (phase.toUpperCase(Locale.ROOT)) {
            case "RUN" -> store.run(jobList, jobId, descriptions.require(jobList));
            case "ABORT" -> store.abort(jobList, jobId);
            default -> throw new InvalidParameterException("PHASE", "PHASE must be RUN or ABORT, not '" + phase + "'");
        }
    }

    @GET
    @Path("{jobList}/{jobId}/executionduration")
    @Produces(MediaType.TEXT_PLAIN)
    public String executionDuration(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId) {
        return Long.toString(load(jobList, jobId).executionDuration);
    }

    @POST
    @Path("{jobList}/{jobId}/executionduration")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setExecutionDuration(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                                         MultivaluedMap<String, String> form, @Context UriInfo uri) {
        load(jobList, jobId);
        Long seconds = UwsForm.of(form).executionDuration();
        if (seconds == null) {
            throw new InvalidParameterException("EXECUTIONDURATION", "missing EXECUTIONDURATION (seconds)");
        }
        store.updateExecutionDuration(jobList, jobId, descriptions.require(jobList), seconds);
        return toJob(uri, jobList, jobId);
    }

    @GET
    @Path("{jobList}/{jobId}/destruction")
    @Produces(MediaType.TEXT_PLAIN)
    public String destruction(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId) {
        return UwsXml.time(load(jobList, jobId).destruction);
    }

    @POST
    @Path("{jobList}/{jobId}/destruction")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setDestruction(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                                   MultivaluedMap<String, String> form, @Context UriInfo uri) {
        load(jobList, jobId);
        Instant t = UwsForm.of(form).destruction();
        if (t == null) {
            throw new InvalidParameterException("DESTRUCTION", "missing DESTRUCTION (ISO-8601 time)");
        }
        store.updateDestruction(jobList, jobId, t, Instant.now().plus(maxDestruction));
        return toJob(uri, jobList, jobId);
    }

    /** §2.2.3.6: the error message of a job in ERROR (or aborted with a reason). */
    @GET
    @Path("{jobList}/{jobId}/error")
    @Produces(MediaType.TEXT_PLAIN)
    public Response error(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId) {
        JobEntity job = load(jobList, jobId);
        if (job.errorMessage == null) {
            return UwsErrorMappers.text(Response.Status.NOT_FOUND, "job " + jobId + " has no error (phase "
                    + job.phase + ")");
        }
        return Response.ok(job.errorMessage + "\n", MediaType.TEXT_PLAIN).build();
    }

    @GET
    @Path("{jobList}/{jobId}/quote")
    @Produces(MediaType.TEXT_PLAIN)
    public String quote(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId) {
        Instant q = views.quote(load(jobList, jobId));
        return q == null ? "" : UwsXml.time(q);
    }

    @GET
    @Path("{jobList}/{jobId}/owner")
    @Produces(MediaType.TEXT_PLAIN)
    public String owner(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId) {
        String owner = load(jobList, jobId).ownerId;
        return owner == null ? "" : owner;
    }

    @GET
    @Path("{jobList}/{jobId}/parameters")
    @Produces(MediaType.APPLICATION_XML)
    public Response parameters(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                               @Context UriInfo uri) {
        JobView v = views.of(load(jobList, jobId), uri.getBaseUri());
        StreamingOutput body = out -> UwsXml.parameters(out, v.parameters());
        return Response.ok(body, MediaType.APPLICATION_XML).build();
    }

    @GET
    @Path("{jobList}/{jobId}/parameters/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response parameter(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                              @PathParam("name") String name) {
        JobEntity job = load(jobList, jobId);
        return store.parameters(job).entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(e -> Response.ok(e.getValue(), MediaType.TEXT_PLAIN).build())
                .orElseGet(() -> UwsErrorMappers.text(Response.Status.NOT_FOUND, "job " + jobId
                        + " has no parameter " + name));
    }

    /** §2.2.3.4: parameters may be changed while the job is PENDING. */
    @POST
    @Path("{jobList}/{jobId}/parameters")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setParameters(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                                  MultivaluedMap<String, String> form, @Context UriInfo uri) {
        load(jobList, jobId);
        updateParameters(jobList, jobId, UwsForm.of(form));
        return toJob(uri, jobList, jobId);
    }

    @POST
    @Path("{jobList}/{jobId}/parameters")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response setParametersMultipart(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                                           MultipartFormDataInput input, @Context UriInfo uri) {
        load(jobList, jobId);
        updateParameters(jobList, jobId, UwsForm.of(input));
        return toJob(uri, jobList, jobId);
    }

    private void updateParameters(String jobList, String jobId, UwsForm form) {
        JobDescription d = descriptions.require(jobList);
        // Checked before the uploads are stored, so a refused change leaves no files behind.
        PhaseRules.checkModifiable(load(jobList, jobId).phase, "parameters");
        ParameterIntake.Prepared p = intake.prepare(d, jobId, form);
        store.updateParameters(jobList, jobId, p.params(), p.uploads());
    }

    @GET
    @Path("{jobList}/{jobId}/results")
    @Produces(MediaType.APPLICATION_XML)
    public Response results(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                            @Context UriInfo uri) {
        JobView v = views.of(load(jobList, jobId), uri.getBaseUri());
        StreamingOutput body = out -> UwsXml.results(out, v.results());
        return Response.ok(body, MediaType.APPLICATION_XML).build();
    }

    /** §2.2.3.5: one result, streamed from the shared results store with its MIME type. */
    @GET
    @Path("{jobList}/{jobId}/results/{resultId}")
    public Response result(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                           @PathParam("resultId") String resultId) {
        JobEntity job = load(jobList, jobId);
        JobEvent.JobResult r = store.results(job).stream().filter(x -> x.id().equals(resultId)).findFirst()
                .orElseThrow(() -> new NoSuchJobException("job " + jobId + " has no result '" + resultId + "'"));
        java.nio.file.Path file = files.resolve(jobId, r.path()).orElseThrow(() -> new NoSuchJobException(
                "the file of result '" + resultId + "' of job " + jobId + " is gone"));
        String type = r.mimeType() == null ? MediaType.APPLICATION_OCTET_STREAM : r.mimeType();
        return Response.ok(file.toFile(), type).build();
    }

    /** W3C PROV-JSON of a finished job: what it used, what it generated, who ran it. */
    @GET
    @Path("{jobList}/{jobId}/provenance")
    @Produces("application/json")
    public Response provenance(@PathParam("jobList") String jobList, @PathParam("jobId") String jobId,
                               @Context UriInfo uri) {
        JobEntity job = load(jobList, jobId);
        if (!job.phase.isFinal()) {
            return UwsErrorMappers.text(Response.Status.CONFLICT, "job " + jobId + " is " + job.phase
                    + ": provenance is written when it has finished");
        }
        return Response.ok(provenance.of(job, views.of(job, uri.getBaseUri()), uri.getBaseUri()),
                "application/json").build();
    }

    /** The job as it is now, after checking that the caller may see it. */
    private JobEntity load(String jobList, String jobId) {
        descriptions.require(jobList);
        JobEntity job = store.snapshot(jobList, jobId);
        caller.checkAccess(job);
        return job;
    }

    private static Response toJob(UriInfo uri, String jobList, String jobId) {
        return Response.seeOther(uri.getBaseUriBuilder().path(jobList).path(jobId).build()).build();
    }
}
