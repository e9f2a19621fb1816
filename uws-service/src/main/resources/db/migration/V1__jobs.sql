-- UWS 1.1 jobs (§2.2.3). One row per job; parameters and results as JSON documents.
CREATE TABLE job (
    job_id             VARCHAR(64)  PRIMARY KEY,
    job_list           VARCHAR(64)  NOT NULL,
    run_id             VARCHAR(256),
    owner_id           VARCHAR(256),
    phase              VARCHAR(16)  NOT NULL,
    creation_time      TIMESTAMPTZ  NOT NULL,
    start_time         TIMESTAMPTZ,
    end_time           TIMESTAMPTZ,
    execution_duration BIGINT       NOT NULL DEFAULT 0,
    destruction        TIMESTAMPTZ,
    parameters         TEXT         NOT NULL DEFAULT '{}',
    results            TEXT         NOT NULL DEFAULT '[]',
    error_type         VARCHAR(16),
    error_message      TEXT,
    executor_job_id    VARCHAR(64)
);
CREATE INDEX job_list_creation ON job (job_list, creation_time);

-- Event ids already applied: a redelivered event is recognised and skipped (exactly-once effect).
CREATE TABLE applied_event (
    event_id   VARCHAR(64) PRIMARY KEY,
    job_id     VARCHAR(64) NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
