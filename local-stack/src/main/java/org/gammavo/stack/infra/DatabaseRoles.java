package org.gammavo.stack.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Least-privilege login roles for the services (docs/security.md, "Database roles"), created by the launcher in the
 * embedded PostgreSQL: each service connects as its own role, not as the {@code postgres} superuser.
 *
 * <ul>
 *   <li>{@value #TAP} (LOGIN): CREATE on the database, so that its Flyway creates and owns {@link #TAP_SCHEMAS};</li>
 *   <li>{@value #UWS} (LOGIN): the same for {@link #UWS_SCHEMAS};</li>
 *   <li>{@value #QUERY} (NOLOGIN), granted to {@value #TAP}: tap-service switches to it ({@code SET ROLE}) to run
 *       ADQL queries, so that a query can read only what tap-service granted it and can write nothing.</li>
 * </ul>
 *
 * <p>Idempotent: run at every start. It also takes over schemas that an older work directory created as
 * {@code postgres} (the schema and every table, view, sequence, function and type inside it, Flyway's history
 * table included), so that the service can go on migrating them. {@code REASSIGN OWNED BY postgres} would be the
 * short form, but it would hand over the whole database's objects, the system's own included.
 */
public final class DatabaseRoles {

    public static final String TAP = "gammavo_tap";
    public static final String UWS = "gammavo_uws";
    public static final String QUERY = "gammavo_query";

    /** tap-service's quarkus.flyway.schemas, plus adqlfn (the ADQL geometry functions it installs at start). */
    public static final List<String> TAP_SCHEMAS = List.of("tap", "ivoa", "tap_schema", "tap_upload", "adqlfn");
    /** uws-service's quarkus.flyway.schemas. */
    public static final List<String> UWS_SCHEMAS = List.of("uws");

    /** A login role and its password. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return user; // never the password, e.g. in a log line
        }
    }

    private DatabaseRoles() {
    }

    /**
     * Creates or updates the roles and grants, and hands existing service schemas to their role.
     *
     * @param jdbcUrl       the services' database (as a superuser sees it)
     * @param adminUser     a superuser (the embedded server's {@code postgres})
     * @param adminPassword its password
     * @param tapPassword   the password {@value #TAP} logs in with (set again at every start)
     * @param uwsPassword   the password {@value #UWS} logs in with
     * @return the logins of tap-service and uws-service
     */
    public static Map<String, Login> bootstrap(String jdbcUrl, String adminUser, String adminPassword,
                                               String tapPassword, String uwsPassword) throws SQLException {
        try (Connection c = Jdbc.connect(jdbcUrl, adminUser, adminPassword)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // Serialises concurrent launchers on one server (CREATE ROLE is not IF NOT EXISTS).
                s.execute("SELECT pg_advisory_xact_lock(hashtext('gammavo.database-roles'))");
                String database = c.getCatalog();
                ensureRole(c, QUERY, null);
                ensureRole(c, TAP, tapPassword);
                ensureRole(c, UWS, uwsPassword);
                s.execute("GRANT " + QUERY + " TO " + TAP);
                s.execute("GRANT CONNECT, CREATE, TEMPORARY ON DATABASE " + ident(database) + " TO " + TAP + ", " + UWS);
                for (String schema : TAP_SCHEMAS) {
                    takeOver(s, schema, TAP);
                }
                for (String schema : UWS_SCHEMAS) {
                    takeOver(s, schema, UWS);
                }
            }
            c.commit();
        }
        return Map.of("tap-service", new Login(TAP, tapPassword), "uws-service", new Login(UWS, uwsPassword));
    }

    /** Creates {@code role} or resets its attributes; a null password means NOLOGIN. */
    private static void ensureRole(Connection c, String role, String password) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        String attrs = (password == null ? "NOLOGIN" : "LOGIN PASSWORD " + literal(password))
                + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
        try (Statement s = c.createStatement()) {
            s.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + role + " " + attrs);
        }
    }

    /** Makes {@code owner} the owner of {@code schema} and of everything in it, if the schema exists. */
    private static void takeOver(Statement s, String schema, String owner) throws SQLException {
        s.execute("""
                DO $$
                DECLARE
                  s text := %s;
                  o text := %s;
                  r record;
                BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s) THEN
                    RETURN;
                  END IF;
                  EXECUTE format('ALTER SCHEMA %%I OWNER TO %%I', s, o);
                  -- Tables (with their indexes and the sequences of their serial/identity columns), views,
                  -- materialized views, foreign tables.
                  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                             AND pg_get_userbyid(c.relowner) <> o LOOP
                    EXECUTE format('ALTER %%s %%I.%%I OWNER TO %%I',
                      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                     WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, s, r.relname, o);
                  END LOOP;
                  -- Sequences of their own (one linked to a column followed its table above and may not be
                  -- altered alone).
                  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = s AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> o
                             AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                               AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
                  LOOP
                    EXECUTE format('ALTER SEQUENCE %%I.%%I OWNER TO %%I', s, r.relname, o);
                  END LOOP;
                  FOR r IN SELECT p.oid::regprocedure AS sig, p.prokind FROM pg_proc p
                           JOIN pg_namespace n ON n.oid = p.pronamespace
                           WHERE n.nspname = s AND pg_get_userbyid(p.proowner) <> o LOOP
                    EXECUTE format('ALTER %%s %%s OWNER TO %%I',
                      CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
                      r.sig, o);
                  END LOOP;
                  -- Types of their own: enums, domains, ranges, standalone composites (not the row types of
                  -- tables, nor array types, which follow their table or element type).
                  FOR r IN SELECT t.typname, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                           LEFT JOIN pg_class c ON c.oid = t.typrelid
                           WHERE n.nspname = s AND pg_get_userbyid(t.typowner) <> o
                             AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c')) LOOP
                    EXECUTE format('ALTER %%s %%I.%%I OWNER TO %%I',
                      CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, s, r.typname, o);
                  END LOOP;
                END
                $$""".formatted(literal(schema), literal(owner)));
    }

    private static String literal(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    private static String ident(String v) {
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
