-- Internal bookkeeping of tap-service (schema "tap"); the published schemas ivoa and tap_schema come with ingestion.
CREATE TABLE service_state (
    key   VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);
