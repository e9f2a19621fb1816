package org.gammavo.uws.adapters;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Relays the commands of the outbox table to channel {@code job-commands} (topic uws.job-commands.v1, key = jobId).
 *
 * <p>Runs right after each commit that wrote a command ({@link #wake}) and every second in case a wake-up was lost
 * (a crash between commit and relay). Rows are sent in id order and marked sent only once the broker has
 * acknowledged them; at the first failure the batch stops, so a job's commands never overtake each other. A crash
 * after the broker's ack but before the mark re-sends a command: delivery is at-least-once and executors recognise a
 * repeat by its commandId (and a RunJob by its jobId).
 *
 * <p>Relaying starts once the application has started, i.e. after Quarkus Messaging has wired channel
 * {@code job-commands} (its start-up observer runs at priority LIBRARY_BEFORE, ours at the default, later one). The
 * scheduler fires its first trigger while that wiring is still going on; touching the channel then failed with
 * SRMSG00019 on every start. Rows written meanwhile simply wait for the first relay.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    JobCommandChannel channel;

    @ConfigProperty(name = "gammavo.uws.outbox.batch", defaultValue = "100")
    int batch;

    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });

    /** Asks for a relay soon, off the caller's thread (called after a commit that wrote commands). */
    public void wake() {
        waker.execute(this::relayQuietly);
    }

    @Scheduled(every = "${gammavo.uws.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relayQuietly() {
        if (!started || stopping) {
            return; // channel not wired yet, or the database may already be closed: unsent rows wait
        }
        try {
            while (relayBatch() == batch) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay failed, retrying later: %s", e.getMessage());
        }
    }

    /** Sends one batch of unsent commands; returns how many were sent and marked. */
    synchronized int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEntity> rows = OutboxEntity.getEntityManager()
                    .createQuery("from OutboxEntity o where o.sentAt is null order by o.id", OutboxEntity.class)
                    .setMaxResults(batch)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED: another replica relays them
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
            for (OutboxEntity row : rows) {
                acks.add(channel.send(row.jobId, row.payload));
            }
            Instant now = Instant.now();
            int sent = 0;
            for (int i = 0; i < rows.size(); i++) {
                try {
                    acks.get(i).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warnf("command %s not acknowledged by Kafka (%s); will retry", rows.get(i).commandId, e);
                    break;
                }
                rows.get(i).sentAt = now;
                sent++;
            }
            return sent;
        });
    }

    /** Sent rows older than {@code before} are only history; the reaper calls this. */
    public long purgeSent(Instant before) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntity.delete("sentAt < ?1", before));
    }

    private volatile boolean started;
    private volatile boolean stopping;

    /** The application has started: channel job-commands is wired (see the class comment). */
    void onStart(@Observes StartupEvent e) {
        started = true;
        wake(); // rows left unsent by the previous run
    }

    void onStop(@Observes ShutdownEvent e) {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        waker.shutdownNow();
    }
}
