package org.gammavo.stack.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.gammavo.stack.infra.Jdbc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's {@code /health}: the readiness of every service, of Kafka and of the database, in one JSON
 * document shaped like MicroProfile Health ({@code status} UP only when every check is UP).
 */
public final class HealthAggregator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, String> serviceReadinessUrls;
    private final String kafkaBootstrap;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Admin admin;

    public HealthAggregator(Map<String, String> serviceReadinessUrls, String kafkaBootstrap, String dbUrl,
                            String dbUser, String dbPassword) {
        this.serviceReadinessUrls = serviceReadinessUrls;
        this.kafkaBootstrap = kafkaBootstrap;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        Properties p = new Properties();
        p.put("bootstrap.servers", kafkaBootstrap);
        p.put("request.timeout.ms", "3000");
        p.put("default.api.timeout.ms", "3000");
        this.admin = Admin.create(p);
    }

    /** Runs all checks in parallel; blocks at most a few seconds. */
    public ObjectNode check() {
        List<CompletableFuture<ObjectNode>> checks = new ArrayList<>();
        serviceReadinessUrls.forEach((name, url) -> checks.add(CompletableFuture.supplyAsync(() -> service(name, url))));
        checks.add(CompletableFuture.supplyAsync(this::kafka));
        checks.add(CompletableFuture.supplyAsync(this::database));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = JSON.createArrayNode();
        boolean up = true;
        for (CompletableFuture<ObjectNode> f : checks) {
            ObjectNode c = f.join();
            up &= "UP".equals(c.path("status").asText());
            arr.add(c);
        }
        out.put("status", up ? "UP" : "DOWN");
        out.set("checks", arr);
        return out;
    }

    /** The overall verdict of a {@link #check()} document (not that of any one check inside it). */
    public static boolean isUp(com.fasterxml.jackson.databind.JsonNode health) {
        return "UP".equals(health.path("status").asText());
    }

    private ObjectNode service(String name, String url) {
        ObjectNode c = JSON.createObjectNode().put("name", name);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            c.put("status", r.statusCode() == 200 ? "UP" : "DOWN");
            try {
                c.set("data", JSON.readTree(r.body()).path("checks"));
            } catch (Exception e) {
                c.put("data", r.body());
            }
        } catch (Exception e) {
            c.put("status", "DOWN").put("error", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        }
        return c;
    }

    private ObjectNode kafka() {
        ObjectNode c = JSON.createObjectNode().put("name", "kafka").put("bootstrap", kafkaBootstrap);
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(4, TimeUnit.SECONDS).size();
            c.put("status", nodes > 0 ? "UP" : "DOWN").put("brokers", nodes);
        } catch (Exception e) {
            c.put("status", "DOWN").put("error", String.valueOf(e.getMessage()));
        }
        return c;
    }

    private ObjectNode database() {
        ObjectNode c = JSON.createObjectNode().put("name", "database").put("url", dbUrl);
        try (Connection con = Jdbc.connect(dbUrl, dbUser, dbPassword)) {
            c.put("status", con.isValid(3) ? "UP" : "DOWN");
        } catch (Exception e) {
            c.put("status", "DOWN").put("error", String.valueOf(e.getMessage()));
        }
        return c;
    }

    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
