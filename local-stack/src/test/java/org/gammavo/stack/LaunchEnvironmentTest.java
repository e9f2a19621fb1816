package org.gammavo.stack;

import org.gammavo.stack.infra.DatabaseRoles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the launcher hands each service and the gateway: own database login, loopback, public URL. */
class LaunchEnvironmentTest {

    private static final Map<String, DatabaseRoles.Login> EMBEDDED_LOGINS = Map.of(
            "tap-service", new DatabaseRoles.Login("gammavo_tap", "t"),
            "uws-service", new DatabaseRoles.Login("gammavo_uws", "u"));

    @Test
    void eachServiceConnectsAsItsOwnRoleNeverAsTheSuperuser() {
        StackConfig cfg = StackConfig.fromEnv(Map.of());
        Map<String, String> common = Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/gammavo");
        Map<String, String> tap = LocalStack.serviceEnvironment(cfg.service("tap-service"), common, EMBEDDED_LOGINS, true);
        assertEquals("gammavo_tap", tap.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals("t", tap.get("QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals("gammavo_query", tap.get("GAMMAVO_TAP_QUERY_ROLE"));
        assertEquals("127.0.0.1", tap.get("QUARKUS_HTTP_HOST"));
        Map<String, String> uws = LocalStack.serviceEnvironment(cfg.service("uws-service"), common, EMBEDDED_LOGINS, true);
        assertEquals("gammavo_uws", uws.get("QUARKUS_DATASOURCE_USERNAME"));
        assertNull(uws.get("GAMMAVO_TAP_QUERY_ROLE"));
        for (String other : new String[] {"resolver-service", "slurm-bridge"}) {
            Map<String, String> env = LocalStack.serviceEnvironment(cfg.service(other), common, EMBEDDED_LOGINS, true);
            assertNull(env.get("QUARKUS_DATASOURCE_USERNAME"), other + " has no database login");
            assertNull(env.get("QUARKUS_DATASOURCE_PASSWORD"), other);
        }
    }

    @Test
    void anExternalDatabaseKeepsTheGivenUserUnlessPerServiceUsersAreSet() {
        StackConfig plain = StackConfig.fromEnv(Map.of("GAMMAVO_DB_URL", "jdbc:postgresql://db/gammavo",
                "GAMMAVO_DB_USER", "site", "GAMMAVO_DB_PASSWORD", "pw"));
        var logins = LocalStack.externalLogins(plain);
        assertEquals(new DatabaseRoles.Login("site", "pw"), logins.get("tap-service"));
        assertEquals(new DatabaseRoles.Login("site", "pw"), logins.get("uws-service"));
        Map<String, String> tap = LocalStack.serviceEnvironment(plain.service("tap-service"), Map.of(), logins, false);
        assertFalse(tap.containsKey("GAMMAVO_TAP_QUERY_ROLE"), "the operator's database may have no such role");

        StackConfig split = StackConfig.fromEnv(Map.of("GAMMAVO_DB_URL", "jdbc:postgresql://db/gammavo",
                "GAMMAVO_DB_USER", "site", "GAMMAVO_DB_PASSWORD", "pw", "GAMMAVO_DB_TAP_USER", "tap_rw",
                "GAMMAVO_DB_TAP_PASSWORD", "tpw", "GAMMAVO_DB_UWS_USER", "uws_rw", "GAMMAVO_DB_UWS_PASSWORD", "upw"));
        logins = LocalStack.externalLogins(split);
        assertEquals(new DatabaseRoles.Login("tap_rw", "tpw"), logins.get("tap-service"));
        assertEquals(new DatabaseRoles.Login("uws_rw", "upw"), logins.get("uws-service"));
    }

    @Test
    void gatewayListensOnLoopbackAndNamesItselfFromConfiguration() {
        StackConfig cfg = StackConfig.fromEnv(Map.of("GAMMAVO_PORT", "18080"));
        assertEquals("127.0.0.1", cfg.bindAddress());
        assertEquals(URI.create("http://localhost:18080"), cfg.publicUrl());
        StackConfig open = StackConfig.fromEnv(Map.of("GAMMAVO_BIND_ADDRESS", "0.0.0.0",
                "GAMMAVO_PUBLIC_URL", "https://vo.example.org/"));
        assertEquals("0.0.0.0", open.bindAddress());
        assertEquals(URI.create("https://vo.example.org"), open.publicUrl());
        assertThrows(IllegalArgumentException.class,
                () -> StackConfig.fromEnv(Map.of("GAMMAVO_PUBLIC_URL", "vo.example.org")));
        assertThrows(IllegalArgumentException.class,
                () -> StackConfig.fromEnv(Map.of("GAMMAVO_PUBLIC_URL", "https://vo.example.org/gammavo")));
    }
}
