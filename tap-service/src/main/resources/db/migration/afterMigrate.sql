-- Runs after every migrate (Flyway SQL callback), so a query role created after the first start still gets its rights.
-- gammavo.tap.query-role (placeholder query_role, empty = none): ADQL queries switch to it with SET LOCAL ROLE and
-- need to read only the published schemas, the per-query uploads and the ADQL geometry functions. Without that role
-- in the database this is a no-op.
DO $$
DECLARE
    r text := substr('${query_role}', 2);  -- configured as "-" + the role name
BEGIN
    IF r <> '' AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
        CREATE SCHEMA IF NOT EXISTS adqlfn;
        EXECUTE format('GRANT USAGE ON SCHEMA ivoa, tap_schema, tap_upload, adqlfn TO %I', r);
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA ivoa, tap_schema TO %I', r);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA ivoa, tap_schema GRANT SELECT ON TABLES TO %I', r);
        EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA adqlfn TO %I', r);
    END IF;
END
$$;
