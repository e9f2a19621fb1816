package org.gammavo.uws.adapters;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A command waiting to be relayed to Kafka (table {@code uws.outbox}); see {@link OutboxRelay}. */
@Entity
@Table(name = "outbox")
public class OutboxEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "command_id", nullable = false)
    public String commandId;

    @Column(name = "job_id", nullable = false)
    public String jobId;

    /** The command as {@code JobContractCodec} encodes it. */
    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "sent_at")
    public Instant sentAt;
}
