package org.gammavo.stack;

import org.gammavo.stack.infra.DatabaseRoles;
import org.gammavo.stack.infra.EmbeddedDatabase;
import org.gammavo.stack.infra.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's database roles on a real (embedded) PostgreSQL: the services' roles are no superusers, may create
 * their schemas, take over the schemas an older work directory made as postgres, and the ADQL query role reads
 * what it is granted and writes nothing.
 */
class DatabaseRolesTest {

    /** SQLSTATE insufficient_privilege. */
    private static final String DENIED = "42501";

    @TempDir
    Path tmp;

    @Test
    void servicesGetTheirOwnRolesAndTheQueryRoleCannotWrite() throws Exception {
        try (EmbeddedDatabase db = new EmbeddedDatabase(EmbeddedInfraTest.freePort(), tmp.resolve("pg")).start()) {
            String url = db.jdbcUrl();
            // A work directory from before the roles: the services' schemas exist, made by postgres.
            try (Connection c = Jdbc.connect(url, db.username(), db.password()); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA tap");
                s.execute("CREATE TABLE tap.flyway_schema_history (installed_rank int PRIMARY KEY, version text)");
                s.execute("CREATE TABLE tap.service_state (id bigint GENERATED ALWAYS AS IDENTITY, k text)");
                s.execute("CREATE SEQUENCE tap.free_standing");
                s.execute("CREATE SCHEMA ivoa");
                s.execute("CREATE TABLE ivoa.obscore (obs_id serial PRIMARY KEY, target_name text)");
                s.execute("CREATE INDEX obscore_target ON ivoa.obscore (target_name)");
                s.execute("INSERT INTO ivoa.obscore (target_name) VALUES ('Crab')");
                s.execute("CREATE VIEW ivoa.crab AS SELECT * FROM ivoa.obscore WHERE target_name = 'Crab'");
                s.execute("CREATE TYPE ivoa.band AS ENUM ('gamma')");
                s.execute("CREATE SCHEMA adqlfn");
                s.execute("CREATE FUNCTION adqlfn.one() RETURNS int LANGUAGE sql AS 'SELECT 1'");
                s.execute("CREATE SCHEMA uws");
                s.execute("CREATE TABLE uws.job (id text PRIMARY KEY)");
                s.execute("CREATE TABLE uws.flyway_schema_history (installed_rank int PRIMARY KEY)");
            }

            DatabaseRoles.bootstrap(url, db.username(), db.password(), "tap-secret", "uws-secret");
            DatabaseRoles.bootstrap(url, db.username(), db.password(), "tap-secret", "uws-secret"); // idempotent

            try (Connection c = Jdbc.connect(url, db.username(), db.password()); Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin "
                        + "FROM pg_roles WHERE rolname LIKE 'gammavo\\_%' ORDER BY rolname");
                List<String> roles = new ArrayList<>();
                while (rs.next()) {
                    roles.add(rs.getString(1) + " super=" + rs.getBoolean(2) + " createrole=" + rs.getBoolean(3)
                            + " createdb=" + rs.getBoolean(4) + " login=" + rs.getBoolean(5));
                }
                assertEquals(List.of(
                        "gammavo_query super=false createrole=false createdb=false login=false",
                        "gammavo_tap super=false createrole=false createdb=false login=true",
                        "gammavo_uws super=false createrole=false createdb=false login=true"), roles);
                // Everything of the old schemas now belongs to the service's role.
                rs = s.executeQuery("""
                        SELECT n.nspname || '.' || c.relname || ' ' || pg_get_userbyid(c.relowner)
                        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname IN ('tap', 'ivoa', 'adqlfn', 'uws')
                        UNION ALL SELECT nspname || ' ' || pg_get_userbyid(nspowner) FROM pg_namespace
                                  WHERE nspname IN ('tap', 'ivoa', 'adqlfn', 'uws')
                        UNION ALL SELECT 'adqlfn.one() ' || pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'one'
                        UNION ALL SELECT 'ivoa.band ' || pg_get_userbyid(typowner) FROM pg_type WHERE typname = 'band'
                        """);
                int n = 0;
                while (rs.next()) {
                    String row = rs.getString(1);
                    String expected = row.startsWith("uws") ? "gammavo_uws" : "gammavo_tap";
                    assertTrue(row.endsWith(" " + expected), row);
                    n++;
                }
                assertTrue(n >= 14, n + " objects checked");
            }

            assertThrows(SQLException.class, () -> Jdbc.connect(url, "gammavo_query", "").close());

            try (Connection tap = Jdbc.connect(url, "gammavo_tap", "tap-secret"); Statement s = tap.createStatement()) {
                // What tap-service's Flyway and start-up do as owner.
                s.execute("CREATE SCHEMA tap_schema");
                s.execute("CREATE TABLE tap_schema.schemas (schema_name text)");
                s.execute("ALTER TABLE tap.service_state ADD COLUMN v text");
                s.execute("INSERT INTO tap.service_state (k) VALUES ('x')");
                s.execute("INSERT INTO tap.flyway_schema_history VALUES (1, '1')");
                s.execute("SELECT nextval('tap.free_standing')");
                s.execute("CREATE OR REPLACE FUNCTION adqlfn.one() RETURNS int LANGUAGE sql AS 'SELECT 1'");
                s.execute("INSERT INTO ivoa.obscore (target_name) VALUES ('Vela')");
                assertDenied(s, "SELECT pg_read_file('postgresql.conf')");
                assertDenied(s, "CREATE ROLE intruder");
                assertDenied(s, "SELECT * FROM uws.job");
                // What tap-service grants its query role; then an ADQL query runs as that role.
                s.execute("GRANT USAGE ON SCHEMA ivoa TO gammavo_query");
                s.execute("GRANT SELECT ON ivoa.obscore, ivoa.crab TO gammavo_query");
                s.execute("SET ROLE gammavo_query");
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ivoa.obscore");
                rs.next();
                assertEquals(2, rs.getInt(1));
                assertDenied(s, "INSERT INTO ivoa.obscore (target_name) VALUES ('evil')");
                assertDenied(s, "UPDATE ivoa.obscore SET target_name = 'evil'");
                assertDenied(s, "DELETE FROM ivoa.obscore");
                assertDenied(s, "TRUNCATE ivoa.obscore");
                assertDenied(s, "DROP TABLE ivoa.obscore");
                assertDenied(s, "CREATE TABLE ivoa.evil (x int)");
                assertDenied(s, "CREATE SCHEMA evil");
                assertDenied(s, "SELECT * FROM tap.service_state");
                s.execute("RESET ROLE");
            }
            try (Connection uws = Jdbc.connect(url, "gammavo_uws", "uws-secret"); Statement s = uws.createStatement()) {
                s.execute("INSERT INTO uws.job VALUES ('j1')");
                s.execute("CREATE TABLE uws.outbox (id int)");
                assertDenied(s, "SELECT * FROM ivoa.obscore");
                assertDenied(s, "SET ROLE gammavo_query");
            }
        }
    }

    private static void assertDenied(Statement s, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals(DENIED, e.getSQLState(), sql + ": " + e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
