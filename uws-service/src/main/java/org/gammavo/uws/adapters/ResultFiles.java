package org.gammavo.uws.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The shared results store: job {@code J}'s working directory is {@code $GAMMAVO_RESULTS_DIR/J}; executors write
 * results there, uploads go to its {@code uploads/} subdirectory, and {@code manifest.json} holds provenance.
 */
@ApplicationScoped
public class ResultFiles {

    private static final Logger LOG = Logger.getLogger(ResultFiles.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "gammavo.uws.results-dir")
    String resultsDir;

    public Path jobDir(String jobId) {
        return Path.of(resultsDir).resolve(jobId);
    }

    /**
     * The file at {@code relative} inside the job's directory, if it exists; paths escaping the directory
     * ({@code ../}) are refused, so a bad event cannot make us serve arbitrary files.
     */
    public Optional<Path> resolve(String jobId, String relative) {
        Path dir = jobDir(jobId).toAbsolutePath().normalize();
        Path f = dir.resolve(relative).normalize();
        if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
            return Optional.empty();
        }
        return Optional.of(f);
    }

    /**
     * Moves an uploaded file to {@code uploads/<name>} of the job and returns the parameter value the executor
     * reads: {@code file:uploads/<name>}, relative to the job directory.
     */
    public String storeUpload(String jobId, String name, java.io.InputStream content) {
        if (!name.matches("[A-Za-z0-9_.-]{1,128}") || name.startsWith(".")) {
            throw new org.gammavo.jobs.catalogue.InvalidParameterException(name, "upload name '" + name + "' must be letters, digits, '_', '-', '.'");
        }
        try {
            Path dir = Files.createDirectories(jobDir(jobId).resolve("uploads"));
            Files.copy(content, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store upload " + name, e);
        }
        return "file:uploads/" + name;
    }

    /** The executor's {@code manifest.json} of a job, if it wrote one and it parses. */
    public Optional<JsonNode> manifest(String jobId) {
        Path m = jobDir(jobId).resolve("manifest.json");
        if (!Files.isRegularFile(m)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(m.toFile()));
        } catch (IOException e) {
            LOG.warnf("manifest of job %s does not parse: %s", jobId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Removes the job's directory and everything in it (destruction, DELETE). */
    public void deleteJobDir(String jobId) {
        Path dir = jobDir(jobId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warnf("cannot delete %s: %s", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warnf("cannot delete job directory %s: %s", dir, e.getMessage());
        }
    }
}
