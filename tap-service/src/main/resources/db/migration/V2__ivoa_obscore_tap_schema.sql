-- Published tables (schemas ivoa, tap_schema) and per-query uploads (tap_upload). Column metadata lives in
-- org.gammavo.tap.domain.TapMetadata; tap_schema is rewritten from it at every start.

CREATE TABLE ivoa.obscore (
    dataproduct_type    TEXT NOT NULL,
    dataproduct_subtype TEXT,
    calib_level         SMALLINT NOT NULL,
    obs_collection      TEXT NOT NULL,
    obs_id              TEXT NOT NULL,
    obs_title           TEXT,
    obs_publisher_did   TEXT PRIMARY KEY,
    obs_creator_did     TEXT,
    access_url          TEXT,
    access_format       TEXT,
    access_estsize      BIGINT,
    target_name         TEXT,
    target_class        TEXT,
    s_ra                DOUBLE PRECISION,
    s_dec               DOUBLE PRECISION,
    s_fov               DOUBLE PRECISION,
    s_region            TEXT,
    s_circle            DOUBLE PRECISION[],
    s_resolution        DOUBLE PRECISION,
    s_xel1              BIGINT,
    s_xel2              BIGINT,
    t_min               DOUBLE PRECISION,
    t_max               DOUBLE PRECISION,
    t_exptime           DOUBLE PRECISION,
    t_resolution        DOUBLE PRECISION,
    t_xel               BIGINT,
    em_min              DOUBLE PRECISION,
    em_max              DOUBLE PRECISION,
    em_res_power        DOUBLE PRECISION,
    em_xel              BIGINT,
    em_ucd              TEXT,
    o_ucd               TEXT,
    pol_states          TEXT,
    pol_xel             BIGINT,
    facility_name       TEXT,
    instrument_name     TEXT
);
-- The ADQL engine narrows cones with a Dec range (B-tree on s_dec); pgSphere's GiST index is added at start when present.
CREATE INDEX obscore_s_dec ON ivoa.obscore (s_dec);
CREATE INDEX obscore_s_ra ON ivoa.obscore (s_ra);
CREATE INDEX obscore_obs_id ON ivoa.obscore (obs_id);
CREATE INDEX obscore_target ON ivoa.obscore (target_name);
CREATE INDEX obscore_t ON ivoa.obscore (t_min, t_max);
CREATE INDEX obscore_em ON ivoa.obscore (em_min, em_max);
CREATE INDEX obscore_type ON ivoa.obscore (dataproduct_type, obs_collection);
CREATE INDEX obscore_facility ON ivoa.obscore (facility_name);

CREATE TABLE ivoa.obscore_hea (
    obs_publisher_did TEXT PRIMARY KEY REFERENCES ivoa.obscore (obs_publisher_did) ON DELETE CASCADE,
    ev_xel            BIGINT,
    energy_min        DOUBLE PRECISION,
    energy_max        DOUBLE PRECISION,
    s_ref_energy      DOUBLE PRECISION,
    em_ref_energy     DOUBLE PRECISION,
    s_ref_oaa         DOUBLE PRECISION,
    em_ref_oaa        DOUBLE PRECISION,
    t_intervals       DOUBLE PRECISION[],
    obs_mode          TEXT,
    tracking_mode     TEXT,
    scan_mode         TEXT,
    pointing_mode     TEXT,
    analysis_mode     TEXT,
    event_type        TEXT,
    messenger         TEXT,
    messenger_pdgid   TEXT
);
CREATE INDEX obscore_hea_energy ON ivoa.obscore_hea (energy_min, energy_max);

-- Where each published dataset's bytes are: the DL3 file and the HDU (DataLink, downloads, cutouts, previews).
CREATE TABLE tap.dataset_file (
    obs_publisher_did TEXT PRIMARY KEY REFERENCES ivoa.obscore (obs_publisher_did) ON DELETE CASCADE,
    collection        TEXT NOT NULL,
    obs_id            TEXT NOT NULL,
    role              TEXT NOT NULL,      -- bundle, or the response-function subtype
    file_path         TEXT NOT NULL,
    hdu_name          TEXT,
    file_size         BIGINT NOT NULL
);
CREATE INDEX dataset_file_obs ON tap.dataset_file (collection, obs_id);

-- TAP 1.1 §4 TAP_SCHEMA.
CREATE TABLE tap_schema.schemas (
    schema_name  TEXT PRIMARY KEY,
    utype        TEXT,
    description  TEXT,
    schema_index INTEGER
);
CREATE TABLE tap_schema.tables (
    schema_name TEXT NOT NULL REFERENCES tap_schema.schemas (schema_name),
    table_name  TEXT PRIMARY KEY,
    table_type  TEXT NOT NULL,
    utype       TEXT,
    description TEXT,
    table_index INTEGER
);
CREATE TABLE tap_schema.columns (
    table_name   TEXT NOT NULL REFERENCES tap_schema.tables (table_name),
    column_name  TEXT NOT NULL,
    datatype     TEXT NOT NULL,
    arraysize    TEXT,
    xtype        TEXT,
    size         INTEGER,
    description  TEXT,
    utype        TEXT,
    unit         TEXT,
    ucd          TEXT,
    indexed      INTEGER NOT NULL,
    principal    INTEGER NOT NULL,
    std          INTEGER NOT NULL,
    column_index INTEGER,
    PRIMARY KEY (table_name, column_name)
);
CREATE TABLE tap_schema.keys (
    key_id       TEXT PRIMARY KEY,
    from_table   TEXT NOT NULL REFERENCES tap_schema.tables (table_name),
    target_table TEXT NOT NULL REFERENCES tap_schema.tables (table_name),
    description  TEXT,
    utype        TEXT
);
CREATE TABLE tap_schema.key_columns (
    key_id        TEXT NOT NULL REFERENCES tap_schema.keys (key_id),
    from_column   TEXT NOT NULL,
    target_column TEXT NOT NULL
);
