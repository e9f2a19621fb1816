package org.gammavo.bridge.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gammavo.bridge.domain.JobCatalog;
import org.gammavo.bridge.domain.JobDescription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The job kinds shipped in the bridge: batch-script templates {@code jobs/<kind>.sh} and the job descriptions
 * {@code job-descriptions/<kind>.json}, which the build copies from uws-service's, so that both services check
 * parameters against one and the same file. An operator's directory of templates ({@code <kind>.sh}) adds kinds or
 * replaces shipped ones, without a rebuild.
 */
public class ClasspathJobCatalog implements JobCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private final Optional<Path> templatesDir;

    /** Only the shipped kinds. */
    public ClasspathJobCatalog() {
        this(Optional.empty());
    }

    /** @param templatesDir an operator's directory of extra {@code <kind>.sh} templates, if any */
    public ClasspathJobCatalog(Optional<Path> templatesDir) {
        this.templatesDir = templatesDir;
    }

    @Override
    public Optional<JobDescription> description(String jobList) {
        return resource("job-descriptions/" + jobList + ".json").map(ClasspathJobCatalog::parse);
    }

    @Override
    public Optional<String> template(String jobList) {
        if (templatesDir.isPresent() && KIND.matcher(jobList).matches()) {
            Path file = templatesDir.get().resolve(jobList + ".sh");
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the template " + file, e);
                }
            }
        }
        return resource("jobs/" + jobList + ".sh");
    }

    private static Optional<String> resource(String path) {
        String kind = path.substring(path.indexOf('/') + 1, path.lastIndexOf('.'));
        if (!KIND.matcher(kind).matches()) {
            return Optional.empty();
        }
        try (InputStream in = ClasspathJobCatalog.class.getResourceAsStream("/" + path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the parameter part of the shared job-description format. */
    static JobDescription parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<JobDescription.Parameter> params = new ArrayList<>();
            for (JsonNode p : root.path("parameters")) {
                List<String> allowed = new ArrayList<>();
                p.path("allowed").forEach(a -> allowed.add(a.asText()));
                params.add(new JobDescription.Parameter(p.path("name").asText(), p.path("type").asText("string"),
                        p.path("required").asBoolean(false), p.hasNonNull("default") ? p.get("default").asText() : null,
                        p.hasNonNull("min") ? p.get("min").asDouble() : null,
                        p.hasNonNull("max") ? p.get("max").asDouble() : null, allowed,
                        p.hasNonNull("pattern") ? p.get("pattern").asText() : null));
            }
            return new JobDescription(root.path("id").asText(), params);
        } catch (IOException e) {
            throw new UncheckedIOException("not a job description: " + e.getMessage(), e);
        }
    }
}
