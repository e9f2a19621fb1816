package org.gammavo.uws.adapters;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;

import java.time.Duration;

/** Sends {@link JobCommand}s to channel {@code job-commands} (topic uws.job-commands.v1), keyed by jobId. */
@ApplicationScoped
public class JobCommandPublisher {

    @Inject
    @Channel("job-commands")
    Emitter<String> emitter;

    /** Publishes and waits for the broker's acknowledgement, so a returned call means the command is stored. */
    public void publish(JobCommand command) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(command.jobId()).build();
        var acked = new java.util.concurrent.CompletableFuture<Void>();
        emitter.send(Message.of(JobContractCodec.encode(command))
                .addMetadata(metadata)
                .withAck(() -> {
                    acked.complete(null);
                    return acked;
                })
                .withNack(t -> {
                    acked.completeExceptionally(t);
                    return acked;
                }));
        acked.orTimeout(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join();
    }
}
