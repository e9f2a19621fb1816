-- UWS 1.1 lifecycle, owners and the command outbox.

-- The description a job was validated against (id@version), and which executor runs it.
ALTER TABLE job ADD COLUMN description_id VARCHAR(96);
ALTER TABLE job ADD COLUMN executor VARCHAR(16);
-- Time by which an EXECUTING job must have finished (startTime + executionDuration); NULL = no limit or not running.
ALTER TABLE job ADD COLUMN deadline TIMESTAMPTZ;
-- Names of the parameters that arrived as uploaded files (JSON array), for UWS byReference.
ALTER TABLE job ADD COLUMN uploads TEXT NOT NULL DEFAULT '[]';

-- Job lists are always read per owner; the reaper and the deadline enforcer scan by time.
CREATE INDEX job_owner_list_creation ON job (job_list, owner_id, creation_time DESC);
CREATE INDEX job_destruction ON job (destruction);
CREATE INDEX job_deadline ON job (deadline) WHERE deadline IS NOT NULL;
CREATE INDEX applied_event_job ON applied_event (job_id);

-- Transactional outbox: a command is written in the same transaction as the job change it belongs to and relayed
-- to Kafka afterwards; a row is marked sent only after the broker acknowledged it, so no command is ever lost.
CREATE TABLE outbox (
    id         BIGSERIAL    PRIMARY KEY,
    command_id VARCHAR(64)  NOT NULL,
    job_id     VARCHAR(64)  NOT NULL,
    payload    TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at    TIMESTAMPTZ
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
