package org.gammavo.uws.adapters;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;

/**
 * Channel {@code job-commands} (topic uws.job-commands.v1, key = jobId). A bean of its own so that the emitter is
 * injected only when the first command is sent, which {@link OutboxRelay} does only after the channel is wired.
 */
@ApplicationScoped
public class JobCommandChannel {

    @Inject
    @Channel("job-commands")
    Emitter<String> emitter;

    /** Sends one encoded command; the future completes when the broker acknowledged it (acks=all). */
    public CompletableFuture<Void> send(String jobId, String payload) {
        var acked = new CompletableFuture<Void>();
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(jobId).build();
        emitter.send(Message.of(payload).addMetadata(metadata)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    acked.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
