-- Query history (issue #19): the sync queries a signed-in user ran, so the web UI can list, rerun, edit and compare
-- them. Owned by that user alone: only tap-service's /tap/history reads it, always WHERE owner = the caller; the ADQL
-- query role gets no right on schema tap, so no ADQL query can read it either.
CREATE TABLE tap.query_history (
    id        BIGSERIAL PRIMARY KEY,
    owner     TEXT NOT NULL,
    query     TEXT NOT NULL,               -- the ADQL as sent (cut at gammavo.tap.history.max-query-chars)
    truncated BOOLEAN NOT NULL DEFAULT FALSE,
    lang      TEXT NOT NULL,               -- ADQL-2.0 / ADQL-2.1
    format    TEXT NOT NULL,               -- RESPONSEFORMAT as resolved (votable, csv, json, ...)
    maxrec    BIGINT NOT NULL,
    row_count BIGINT NOT NULL,             -- rows delivered (at most MAXREC)
    overflow  BOOLEAN NOT NULL,            -- QUERY_STATUS=OVERFLOW: the result had more rows than MAXREC
    completed BOOLEAN NOT NULL,            -- false when the client left before the end of the result
    created   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX query_history_owner ON tap.query_history (owner, id DESC);
