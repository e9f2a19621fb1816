-- Persistent user tables (issue #18): created by an authenticated user in a schema of their own (tap_user_<owner>),
-- queryable with ADQL by that user only. The rows live in the owner's schema; what a table is, whose it is and how it
-- is published is kept here. tap-service creates, loads, indexes and registers a table in one transaction.

CREATE TABLE tap.user_table (
    id          BIGSERIAL PRIMARY KEY,
    owner       TEXT NOT NULL,
    schema_name TEXT NOT NULL,          -- ADQL schema (= database schema), tap_user_<owner>
    table_name  TEXT NOT NULL,          -- ADQL name (= database name), lower case
    description TEXT,
    ra_column   TEXT,                   -- ADQL names of the sky position (spatial index), or NULL
    dec_column  TEXT,
    row_count   BIGINT NOT NULL,
    size_bytes  BIGINT NOT NULL,        -- pg_total_relation_size after loading (table + indexes + TOAST)
    created     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (owner, table_name),
    UNIQUE (schema_name, table_name)
);

CREATE TABLE tap.user_column (
    table_id     BIGINT NOT NULL REFERENCES tap.user_table (id) ON DELETE CASCADE,
    column_index INTEGER NOT NULL,
    column_name  TEXT NOT NULL,         -- ADQL name (as in the upload)
    db_name      TEXT NOT NULL,         -- c1, c2, ...
    datatype     TEXT NOT NULL,
    arraysize    TEXT,
    xtype        TEXT,
    unit         TEXT,
    ucd          TEXT,
    description  TEXT,
    indexed      BOOLEAN NOT NULL,
    PRIMARY KEY (table_id, column_index)
);

-- TAP_SCHEMA as one user sees it: the published rows plus that user's tables. A query of that user reads these views
-- (the ADQL metadata maps TAP_SCHEMA.schemas/tables/columns to them) with SET LOCAL gammavo.tap_owner = the user;
-- every other query reads the plain tables, so nobody else ever sees a user's table in TAP_SCHEMA.
CREATE VIEW tap_schema.schemas_user AS
    SELECT schema_name, utype, description, schema_index FROM tap_schema.schemas
    UNION ALL
    SELECT DISTINCT schema_name, NULL::text, 'Tables uploaded by user ' || owner, 1000 FROM tap.user_table
    WHERE owner = current_setting('gammavo.tap_owner', true);

CREATE VIEW tap_schema.tables_user AS
    SELECT schema_name, table_name, table_type, utype, description, table_index FROM tap_schema.tables
    UNION ALL
    SELECT schema_name, schema_name || '.' || table_name, 'table', NULL::text, description, (1000 + id)::integer
    FROM tap.user_table WHERE owner = current_setting('gammavo.tap_owner', true);

CREATE VIEW tap_schema.columns_user AS
    SELECT table_name, column_name, datatype, arraysize, xtype, size, description, utype, unit, ucd, indexed, principal,
           std, column_index FROM tap_schema.columns
    UNION ALL
    SELECT t.schema_name || '.' || t.table_name, c.column_name, c.datatype, c.arraysize, c.xtype,
           CASE WHEN c.arraysize ~ '^[0-9]+$' THEN c.arraysize::integer END, c.description, NULL::text, c.unit, c.ucd,
           CASE WHEN c.indexed THEN 1 ELSE 0 END, 1, 0, c.column_index
    FROM tap.user_column c JOIN tap.user_table t ON t.id = c.table_id
    WHERE t.owner = current_setting('gammavo.tap_owner', true);
