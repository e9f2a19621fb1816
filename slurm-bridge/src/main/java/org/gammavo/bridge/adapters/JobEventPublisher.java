package org.gammavo.bridge.adapters;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.gammavo.bridge.domain.PhaseEvents;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Sends {@link JobEvent}s to channel {@code job-events} (topic uws.job-events.v1), keyed by jobId. */
@ApplicationScoped
public class JobEventPublisher implements PhaseEvents {

    @Inject
    @Channel("job-events")
    Emitter<String> emitter;

    /** Publishes and waits for the broker's acknowledgement. */
    @Override
    public void publish(JobEvent.PhaseChanged event) {
        var acked = new CompletableFuture<Void>();
        emitter.send(Message.of(JobContractCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.jobId()).build())
                .withAck(() -> {
                    acked.complete(null);
                    return acked;
                })
                .withNack(t -> {
                    acked.completeExceptionally(t);
                    return acked;
                }));
        acked.orTimeout(30, TimeUnit.SECONDS).join();
    }
}
