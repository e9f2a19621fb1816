package org.gammavo.webui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gammavo.stack.infra.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer tokens of a real issuer (the stack's Keycloak with the demo realm) at every service through the gateway:
 * a valid token identifies its user, and an expired, forged, wrong-audience or missing one gets 401 with a
 * {@code WWW-Authenticate} challenge, never a 500 or the resource. Tokens are obtained as pyvo or curl would
 * (password grant of the {@code gammavo-cli} client, docs/security.md).
 */
@ExtendWith(SharedStack.class)
class OidcIT {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String base = SharedStack.get().base();
    final KeycloakServer kc = SharedStack.get().keycloak();

    /** A private resource of each service that reads a token: a job list (uws), the user tables (tap). */
    static final List<String> PRIVATE = List.of("/uws/selftest", "/tap/user_tables");

    @Test
    void aValidTokenIdentifiesItsUserAtEveryService() throws Exception {
        String alice = token("gammavo-cli", "alice");
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/uws/selftest"))
                .header("Authorization", "Bearer " + alice).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("RUNID=oidc-it")));
        assertEquals(303, created.statusCode(), created.body());
        String job = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
        assertEquals("alice", send(get(job + "/owner").header("Authorization", "Bearer " + alice)).body().trim());
        // bob's token does not reach alice's job; HTTP Basic still works beside OIDC.
        assertEquals(403, send(get(job).header("Authorization", "Bearer " + token("gammavo-cli", "bob"))).statusCode());
        assertEquals(200, send(get(job).header("Authorization", basic("alice"))).statusCode());
        assertEquals(200, send(get("/tap/user_tables").header("Authorization", "Bearer " + alice)).statusCode());
        HttpResponse<String> sync = send(get("/tap/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY="
                + enc("SELECT TOP 1 obs_id FROM ivoa.obscore")).header("Authorization", "Bearer " + alice));
        assertEquals(200, sync.statusCode(), sync.body());
    }

    @Test
    void aMissingTokenIsChallenged() throws Exception {
        // anonymous job lists are empty by design (docs/security.md); creating a job of a private list needs a user
        assertChallenged(send(get("/uws/selftest").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("RUNID=anonymous"))), "POST /uws/selftest anonymous");
        assertChallenged(send(get("/tap/user_tables")), "/tap/user_tables without credentials");
    }

    @Test
    void aForgedTokenIsRefused() throws Exception {
        String[] real = token("gammavo-cli", "bob").split("\\.");
        // bob's signature under claims rewritten to alice's name
        String claims = new String(Base64.getUrlDecoder().decode(real[1]), StandardCharsets.UTF_8)
                .replace("\"preferred_username\":\"bob\"", "\"preferred_username\":\"alice\"");
        String swapped = real[0] + "." + b64(claims.getBytes(StandardCharsets.UTF_8)) + "." + real[2];
        // the real header and claims signed by a key of our own (same kid)
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        var pair = keys.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(pair.getPrivate());
        s.update((real[0] + "." + real[1]).getBytes(StandardCharsets.US_ASCII));
        String ownKey = real[0] + "." + real[1] + "." + b64(s.sign());
        // alg none
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + real[1] + ".";
        for (String forged : List.of(swapped, ownKey, none)) {
            for (String path : PRIVATE) {
                assertChallenged(send(get(path).header("Authorization", "Bearer " + forged)), path + " forged");
            }
        }
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        // A client of the same realm without the audience mapper: its tokens are for someone else.
        ensureClient("other-app", Map.of());
        String other = token("other-app", "alice");
        assertTrue(!claims(other).path("aud").toString().contains("\"gammavo\""), claims(other).toString());
        for (String path : PRIVATE) {
            assertChallenged(send(get(path).header("Authorization", "Bearer " + other)), path + " wrong audience");
        }
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        ensureClient("short-lived", Map.of("access.token.lifespan", "1"));
        addAudienceMapper("short-lived");
        String t = token("short-lived", "alice");
        JsonNode c = claims(t);
        assertTrue(c.path("aud").toString().contains("gammavo"), c.toString());
        long wait = c.path("exp").asLong() * 1000 - System.currentTimeMillis() + 2000;
        Thread.sleep(Math.max(0, wait));
        for (String path : PRIVATE) {
            assertChallenged(send(get(path).header("Authorization", "Bearer " + t)), path + " expired");
        }
    }

    void assertChallenged(HttpResponse<String> r, String what) {
        assertEquals(401, r.statusCode(), what + ": " + r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent(), what + ": no challenge " + r.headers().map());
    }

    // --- the issuer ---

    /** An access token by the password grant, as a script would get one (docs/security.md). */
    String token(String client, String user) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(kc.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "password", "client_id", client, "username", user, "password", user))));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    String adminToken() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(kc.baseUrl()
                        + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", kc.adminPassword()))));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    /** Creates a public client with direct access grants in the demo realm (once). */
    synchronized void ensureClient(String clientId, Map<String, String> attributes) throws Exception {
        var body = JSON.createObjectNode().put("clientId", clientId).put("publicClient", true)
                .put("directAccessGrantsEnabled", true).put("standardFlowEnabled", false);
        body.set("attributes", JSON.valueToTree(attributes));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(kc.baseUrl() + "/admin/realms/gammavo/clients"))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertTrue(r.statusCode() == 201 || r.statusCode() == 409, r.statusCode() + " " + r.body());
    }

    void addAudienceMapper(String clientId) throws Exception {
        String admin = adminToken();
        JsonNode found = JSON.readTree(send(HttpRequest.newBuilder(URI.create(kc.baseUrl()
                + "/admin/realms/gammavo/clients?clientId=" + clientId)).header("Authorization", "Bearer " + admin)).body());
        String id = found.get(0).path("id").asText();
        var mapper = JSON.createObjectNode().put("name", "audience gammavo").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-audience-mapper");
        mapper.set("config", JSON.valueToTree(Map.of("included.custom.audience", KeycloakServer.AUDIENCE,
                "access.token.claim", "true")));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(kc.baseUrl() + "/admin/realms/gammavo/clients/"
                        + id + "/protocol-mappers/models")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.toString())));
        assertTrue(r.statusCode() == 201 || r.statusCode() == 409, r.statusCode() + " " + r.body());
    }

    // --- plumbing ---

    static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpRequest.BodyPublisher form(Map<String, String> m) {
        return HttpRequest.BodyPublishers.ofString(m.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
    }
}
