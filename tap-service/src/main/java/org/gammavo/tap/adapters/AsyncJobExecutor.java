package org.gammavo.tap.adapters;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;
import org.gammavo.tap.api.DaliError;
import org.gammavo.tap.api.ResultWriter;
import org.gammavo.tap.domain.RetryPolicy;
import org.gammavo.tap.domain.TapRequest;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executor side of TAP async (executor "tap"): consumes RunJob/AbortJob/DeleteJob from channel
 * {@code job-commands} (topic uws.job-commands.v1, group tap-service) and publishes PhaseChanged to channel
 * {@code job-events} (topic uws.job-events.v1), key = jobId. A job runs the same code path as sync and streams its
 * result to {@code <results-dir>/<jobId>/result.<ext>}; an abort cancels the JDBC statement.
 */
@ApplicationScoped
public class AsyncJobExecutor {

    private static final Logger LOG = Logger.getLogger(AsyncJobExecutor.class);
    static final String EXECUTOR = "tap";

    /** Written beside the result once it is complete: its SHA-256, and the sign that the job need not run again. */
    static final String COMMAND_DONE = "result.sha256";

    /** Written beside the result: the job's owner (UWS ownerId), so that only they can make a user table of it. */
    static final String OWNER_FILE = "owner";

    @Inject QueryExecutor queries;

    @Inject UploadFetcher fetcher;

    @Inject
    @Channel("job-events")
    Emitter<String> events;

    @ConfigProperty(name = "gammavo.tap.results-dir")
    String resultsDir;

    /** Where clients reach this service (results of async jobs are read later, outside any request). */
    @ConfigProperty(name = "gammavo.tap.public-url")
    String publicUrl;

    @jakarta.inject.Inject org.gammavo.tap.domain.TapLimits limits;

    @ConfigProperty(name = "gammavo.tap.async.threads")
    int threads;

    /** How long a job without an execution duration waits for a lost database to come back (seconds). */
    @ConfigProperty(name = "gammavo.tap.async.retry-window")
    long retryWindowSeconds;

    private ExecutorService pool;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Set<String> seenCommands = ConcurrentHashMap.newKeySet();

    private static final class Job {
        /** Reaches the statement from the first moment, also while the database still executes it. */
        final QueryExecutor.Cancellation cancellation = new QueryExecutor.Cancellation();

        volatile RunningQuery query;
        volatile boolean aborted;
        volatile Future<?> future;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) pool = Executors.newFixedThreadPool(threads);
        return pool;
    }

    @PreDestroy
    void stop() {
        if (pool != null) pool.shutdownNow();
        timer.shutdownNow();
    }

    /**
     * One command from uws-service; other executors' commands and redeliveries are ignored. A RunJob is acknowledged
     * only when its job has ended, so the consumer group's committed offset never passes a job still running: if
     * this process dies mid-query, the command is delivered again (to the restarted service or another replica) and
     * the job runs to its end instead of staying EXECUTING for ever.
     */
    @Incoming("job-commands")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onCommand(Message<String> message) {
        JobCommand cmd;
        try {
            cmd = JobContractCodec.decodeCommand(message.getPayload());
        } catch (JobContractCodec.ContractException e) {
            LOG.warnf(
                    "skipping a message that does not follow the job contract: %s", e.getMessage());
            return message.ack();
        }
        if (!EXECUTOR.equals(cmd.executor()) || !seenCommands.add(cmd.commandId()))
            return message.ack();
        if (cmd instanceof JobCommand.RunJob run) {
            Job job = new Job();
            if (jobs.putIfAbsent(run.jobId(), job) != null) return message.ack();
            job.future =
                    pool().submit(
                                    () -> {
                                        try {
                                            execute(run, job);
                                        } finally {
                                            message.ack();
                                        }
                                    });
            return CompletableFuture.completedFuture(null);
        } else if (cmd instanceof JobCommand.AbortJob abort) {
            abort(abort.jobId(), abort.jobList(), false);
        } else if (cmd instanceof JobCommand.DeleteJob delete) {
            abort(delete.jobId(), delete.jobList(), true);
        }
        return message.ack();
    }

    private void abort(String jobId, String jobList, boolean delete) {
        Job job = jobs.get(jobId);
        if (job != null) {
            job.aborted = true;
            job.cancellation.cancelAsync();
            if (job.future != null) job.future.cancel(false);
        }
        if (!delete) publish(jobId, jobList, ExecutionPhase.ABORTED, List.of(), null);
    }

    private void execute(JobCommand.RunJob run, Job job) {
        String jobId = run.jobId();
        try {
            if (job.aborted) return;
            publish(jobId, run.jobList(), ExecutionPhase.EXECUTING, List.of(), null);
            Path dir = Path.of(resultsDir, jobId);
            Files.createDirectories(dir);
            if (run.ownerId() != null)
                Files.writeString(dir.resolve(OWNER_FILE), run.ownerId(), StandardCharsets.UTF_8);
            TapRequest req;
            try {
                req = TapRequest.of(run.parameters(), limits.defaultMaxrec(), limits.maxrecLimit());
            } catch (TapRequest.InvalidRequest e) {
                fail(run, dir, e.getMessage());
                return;
            }
            if (run.executionDuration() > 0) {
                timer.schedule(
                        job.cancellation::cancelAsync, run.executionDuration(), TimeUnit.SECONDS);
            }
            String name = "result." + req.format().extension();
            Path done = dir.resolve(name);
            if (Files.isRegularFile(done) && Files.exists(dir.resolve(COMMAND_DONE))) {
                // a redelivery of a job that finished before this process could commit its offset:
                // report, don't re-run
                publishCompleted(run, req, done);
                return;
            }
            Path tmp = dir.resolve(name + ".part");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // a lost database connection (crash, restart) is not the query's fault: the job waits
            // for the server
            // for as long as its execution duration allows, each attempt writing the result from
            // the start
            RetryPolicy retry =
                    RetryPolicy.within(
                            run.executionDuration() > 0
                                    ? Duration.ofSeconds(run.executionDuration())
                                    : Duration.ofSeconds(retryWindowSeconds));
            long firstAttempt = System.nanoTime();
            for (int attempt = 1; ; attempt++) {
                try {
                    runOnce(run, req, job, dir, tmp, sha);
                    break;
                } catch (TapRequest.InvalidRequest e) {
                    fail(run, dir, e.getMessage());
                    return;
                } catch (QueryExecutor.QueryFailed | IOException e) {
                    Files.deleteIfExists(tmp);
                    if (job.aborted) return;
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - firstAttempt);
                    Optional<Duration> pause =
                            job.cancellation.cancelled() || !ConnectionLoss.isConnectionLoss(e)
                                    ? Optional.empty()
                                    : retry.pauseAfter(attempt, elapsed);
                    if (pause.isEmpty()) {
                        fail(run, dir, e.getMessage());
                        return;
                    }
                    LOG.warnf(
                            "async job %s lost its database connection (attempt %d): %s; again in"
                                + " %d ms",
                            jobId, attempt, e.getMessage(), pause.get().toMillis());
                    try {
                        Thread.sleep(pause.get().toMillis());
                    } catch (InterruptedException stopping) {
                        Thread.currentThread().interrupt();
                        return; // the service stops: no ERROR for a job that did nothing wrong
                    }
                    if (job.aborted) return;
                    sha.reset();
                }
            }
            if (job.aborted) {
                Files.deleteIfExists(tmp);
                return;
            }
            Files.move(
                    tmp, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(
                    dir.resolve(COMMAND_DONE),
                    HexFormat.of().formatHex(sha.digest()),
                    StandardCharsets.US_ASCII);
            publishCompleted(run, req, done);
        } catch (Exception e) {
            LOG.errorf(e, "async job %s failed", jobId);
            try {
                fail(run, Path.of(resultsDir, jobId), "internal error: " + e.getMessage());
            } catch (IOException ignored) {
                // the event below still tells uws-service
            }
        } finally {
            jobs.remove(jobId);
        }
    }

    /** One attempt: starts the query and streams its result into {@code tmp}, hashing it into {@code sha}. */
    private void runOnce(
            JobCommand.RunJob run, TapRequest req, Job job, Path dir, Path tmp, MessageDigest sha)
            throws TapRequest.InvalidRequest, QueryExecutor.QueryFailed, IOException {
        try (RunningQuery q =
                queries.start(
                        req,
                        upload -> open(upload, dir, run.parameters()),
                        job.cancellation,
                        run.ownerId())) {
            job.query = q;
            if (job.aborted) q.cancel();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                ResultWriter.write(
                        req.format(),
                        q,
                        req.query(),
                        publicUrl.replaceAll("/+$", "") + "/datalink",
                        out);
            }
        }
    }

    private void publishCompleted(JobCommand.RunJob run, TapRequest req, Path result)
            throws IOException {
        String sha256 =
                Files.readString(result.resolveSibling(COMMAND_DONE), StandardCharsets.US_ASCII)
                        .trim();
        publish(
                run.jobId(),
                run.jobList(),
                ExecutionPhase.COMPLETED,
                List.of(
                        new JobEvent.JobResult(
                                "result",
                                result.getFileName().toString(),
                                req.format().mimeType(),
                                Files.size(result),
                                sha256)),
                null);
    }

    /**
     * Uploads of async jobs: by URL, or {@code param:x} for a multipart part that uws-service stored in the job
     * directory; the job's parameter x then holds its place ({@code file:uploads/x}).
     */
    private InputStream open(TapRequest.Upload upload, Path dir, Map<String, String> params)
            throws IOException, TapRequest.InvalidRequest {
        if (upload.uri().regionMatches(true, 0, "param:", 0, 6)) {
            String partName = upload.uri().substring(6);
            String ref =
                    params.entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase(partName))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElse("file:uploads/" + partName);
            Path part =
                    dir.resolve(ref.startsWith("file:") ? ref.substring(5) : "uploads/" + partName)
                            .normalize();
            if (!part.startsWith(dir) || !Files.isRegularFile(part)) {
                throw new TapRequest.InvalidRequest(
                        "UPLOAD " + upload.uri() + ": the request has no part named " + partName);
            }
            return Files.newInputStream(part);
        }
        return fetcher.fetch(upload);
    }

    private void fail(JobCommand.RunJob run, Path dir, String message) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("error.xml"), DaliError.document(message), StandardCharsets.UTF_8);
        publish(
                run.jobId(),
                run.jobList(),
                ExecutionPhase.ERROR,
                List.of(),
                new JobEvent.JobError("fatal", message));
    }

    private void publish(
            String jobId,
            String jobList,
            ExecutionPhase phase,
            List<JobEvent.JobResult> results,
            JobEvent.JobError error) {
        JobEvent e =
                new JobEvent.PhaseChanged(
                        UUID.randomUUID().toString(),
                        jobId,
                        jobList,
                        Instant.now(),
                        phase,
                        EXECUTOR,
                        null,
                        results,
                        error);
        events.send(KafkaRecord.of(jobId, JobContractCodec.encode(e)));
    }
}
