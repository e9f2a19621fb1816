package org.gammavo.bridge.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gammavo.bridge.domain.SlurmClient;
import org.gammavo.bridge.domain.SlurmJob;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link SlurmClient} over slurmrestd, OpenAPI plugin {@code v0.0.38} (SLURM 22.05), authenticated with a JWT
 * ({@code X-SLURM-USER-NAME}, {@code X-SLURM-USER-TOKEN}); jobs run as that user.
 *
 * <p>The JDK HTTP client rather than a Quarkus REST client: the cluster's URL is optional configuration (empty
 * means the local executor), and a typed client bean would need it at build time. The token is read from its file
 * at every call when one is configured, so a rotated token (Kubernetes Secret) is picked up without a restart.
 */
public class SlurmRestClient implements SlurmClient {

    private static final Logger LOG = Logger.getLogger(SlurmRestClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/slurm/v0.0.38";

    private final URI base;
    private final String user;
    private final Supplier<String> token;
    // HTTP/1.1 only: slurmrestd answers the JDK's h2c upgrade request with 405 and headers the JDK cannot parse.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param url       slurmrestd's base URL, e.g. {@code http://127.0.0.1:6820}
     * @param user      the SLURM user the token belongs to
     * @param token     the token, or empty when {@code tokenFile} is given
     * @param tokenFile a file holding the token, or empty
     */
    public SlurmRestClient(String url, String user, String token, String tokenFile) {
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.user = user;
        if (tokenFile != null && !tokenFile.isBlank()) {
            Path file = Path.of(tokenFile);
            this.token = () -> {
                try {
                    return Files.readString(file).strip();
                } catch (IOException e) {
                    throw new SlurmException("cannot read the SLURM token file " + file + ": " + e.getMessage(), true, e);
                }
            };
        } else {
            this.token = () -> token;
        }
    }

    @Override
    public String submit(Submission s) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode job = body.putObject("job");
        job.put("name", s.name());
        job.put("comment", s.comment());
        job.put("current_working_directory", s.workDir());
        job.set("environment", JSON.valueToTree(s.environment()));
        job.put("standard_output", s.stdout());
        job.put("standard_error", s.stderr());
        if (s.timeLimitMinutes() > 0) {
            job.put("time_limit", s.timeLimitMinutes());
        }
        body.put("script", s.script());
        Answer a = send("POST", API + "/job/submit", body.toString());
        JsonNode id = a.json == null ? null : a.json.path("job_id");
        if (id != null && id.isNumber()) {
            // SLURM took the job, whatever else it says: "Required node not available" comes with HTTP 200, a job id,
            // and a job that is queued and runs once the node is back.
            if (!a.errors.isEmpty()) {
                LOG.warnf("SLURM accepted job %s as %s, saying: %s", s.name(), id.asText(), a.errors);
            }
            return id.asText();
        }
        String what = "POST " + API + "/job/submit → HTTP " + a.status + ": "
                + (a.errors.isEmpty() ? abbreviate(a.body) : a.errors);
        // No job id: a definite refusal only if the request itself is wrong; otherwise the job may or may not exist.
        boolean refused = a.status == 400 || a.status == 413 || a.status == 415 || a.status == 422
                || a.codes.stream().anyMatch(c -> SlurmRefusals.isRefusal(c, ""))
                || (!a.errors.isEmpty() && SlurmRefusals.isRefusal(0, a.errors));
        throw new SlurmException(what, !refused, null);
    }

    @Override
    public List<SlurmJob> jobs() {
        JsonNode answer = call("GET", API + "/jobs", null);
        List<SlurmJob> jobs = new ArrayList<>();
        for (JsonNode j : answer.path("jobs")) {
            int raw = j.path("exit_code").asInt(-1);
            // exit_code is the wait(2) status of the batch script: code in the high byte, signal in the low bits.
            int exit = raw < 0 ? -1 : (raw >> 8) & 0xff;
            int signal = raw < 0 ? 0 : raw & 0x7f;
            // state_description holds the full text ("launch failed requeued held"), state_reason the code.
            String reason = j.path("state_description").asText("");
            jobs.add(new SlurmJob(j.path("job_id").asText(), j.path("name").asText(null),
                    j.path("comment").asText(null), j.path("job_state").asText(null), exit, signal,
                    j.path("submit_time").asLong(0), j.path("start_time").asLong(0),
                    reason.isBlank() ? j.path("state_reason").asText(null) : reason));
        }
        return jobs;
    }

    @Override
    public void cancel(String slurmJobId) {
        try {
            call("DELETE", API + "/job/" + slurmJobId, null);
        } catch (SlurmException e) {
            // Cancelling a job that has just finished is not an error worth failing an abort for.
            if (e.getMessage() == null || !e.getMessage().contains("already completed")) {
                throw e;
            }
        }
    }

    @Override
    public String describe() {
        return "slurmrestd " + base + " (v0.0.38, user " + user + ")";
    }

    private JsonNode call(String method, String path, String body) {
        Answer a = send(method, path, body);
        if (a.status >= 400 || !a.errors.isEmpty()) {
            String what = method + " " + path + " → HTTP " + a.status
                    + (a.errors.isEmpty() ? ": " + abbreviate(a.body) : ": " + a.errors);
            // 401/403: token expired or wrong (an operator must fix it, but the job itself is fine: retry later);
            // 5xx without SLURM errors: slurmrestd or slurmctld is down.
            boolean transientFailure = a.status == 401 || a.status == 403
                    || (a.status >= 500 && a.errors.isEmpty())
                    || a.errors.contains("Unable to contact slurm controller");
            throw new SlurmException(what, transientFailure, null);
        }
        if (a.json == null) {
            throw new SlurmException(method + " " + path + ": not JSON: " + abbreviate(a.body), true, null);
        }
        return a.json;
    }

    /** One HTTP answer: status, body, the body as JSON (or null), SLURM's errors in it. */
    private record Answer(int status, String body, JsonNode json, String errors, List<Integer> codes) {
    }

    /** One request; a transport failure (refused, reset, timed out) is a transient exception: outcome unknown. */
    private Answer send(String method, String path, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("X-SLURM-USER-NAME", user).header("X-SLURM-USER-TOKEN", token.get())
                .header("Accept", "application/json");
        req = body == null ? req.method(method, HttpRequest.BodyPublishers.noBody())
                : req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SlurmException("slurmrestd at " + base + " unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException("interrupted", true, e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(res.body());
        } catch (IOException e) {
            json = null;
        }
        List<Integer> codes = new ArrayList<>();
        if (json != null) {
            for (JsonNode e : json.path("errors")) {
                int code = e.path("error_code").asInt(e.path("error_number").asInt(0));
                if (code != 0) {
                    codes.add(code);
                }
            }
        }
        return new Answer(res.statusCode(), res.body(), json, json == null ? "" : errors(json), codes);
    }

    private static String errors(JsonNode json) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : json.path("errors")) {
            String text = e.path("error").asText(e.path("description").asText(""));
            // v0.0.38 names the code error_code in most answers, error_number in some.
            int code = e.path("error_code").asInt(e.path("error_number").asInt(0));
            if (!text.isBlank() || code != 0) {
                out.add(text + (code != 0 ? " (" + code + ")" : ""));
            }
        }
        return String.join("; ", out);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
