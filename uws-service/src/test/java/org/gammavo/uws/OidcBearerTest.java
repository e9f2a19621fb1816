package org.gammavo.uws;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.gammavo.stack.testing.PlatformTestResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Production authentication: OIDC bearer tokens (quarkus-oidc), the token's preferred_username as ownerId. The test
 * is the issuer: it signs RS256 tokens with a key whose public half the service is configured with (no network).
 */
@QuarkusTest
@TestProfile(OidcBearerTest.Oidc.class)
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
class OidcBearerTest {

    static final KeyPair KEYS = keys();
    static final String ISSUER = "https://issuer.test/realms/gammavo";

    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // public-key mode: no auth-server-url, so the service never needs to reach an issuer.
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "",
                    "quarkus.oidc.token.issuer", ISSUER,
                    "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()));
        }
    }

    static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String user) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"id-" + user + "\",\"preferred_username\":\""
                + user + "\",\"aud\":\"gammavo\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}").getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(KEYS.getPrivate());
        s.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(s.sign());
    }

    @Test
    void bearerTokensIdentifyTheOwner() throws Exception {
        String carol = "Bearer " + token("carol");
        var created = given().redirects().follow(false).header("Authorization", carol).formParam("ra", "1")
                .post("/testkind");
        created.then().statusCode(303);
        String loc = created.header("Location");
        String id = loc.substring(loc.lastIndexOf('/') + 1);
        given().header("Authorization", carol).get("/testkind/" + id + "/owner").then().statusCode(200)
                .body(equalTo("carol"));
        given().header("Authorization", "Bearer " + token("dave")).get("/testkind/" + id).then().statusCode(403);
        given().header("Authorization", "Bearer not.a.token").get("/testkind/" + id).then().statusCode(401);
        // HTTP Basic from the users file still works beside OIDC.
        given().auth().preemptive().basic("alice", "alice").get("/testkind").then().statusCode(200)
                .body(containsString("jobs"));
    }
}
