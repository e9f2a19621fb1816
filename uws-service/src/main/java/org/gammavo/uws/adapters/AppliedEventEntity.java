package org.gammavo.uws.adapters;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An event id already applied to a job; its presence makes a redelivery a no-op. */
@Entity
@Table(name = "applied_event")
public class AppliedEventEntity extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "job_id", nullable = false)
    public String jobId;

    @Column(name = "applied_at", nullable = false)
    public Instant appliedAt = Instant.now();
}
