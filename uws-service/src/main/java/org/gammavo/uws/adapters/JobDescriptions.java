package org.gammavo.uws.adapters;

import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.uws.domain.JobDescription;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The job descriptions in force: the ones shipped in {@code job-descriptions/} on the class path, overridden and
 * extended by the {@code *.json} files of the operator's directory ({@code gammavo.uws.job-descriptions-dir}).
 *
 * <p>The operator directory is re-read every minute, so a description is added or changed without a restart. A
 * file that does not parse is logged and left out (the previous version, if any, stays): one bad file must not
 * take every job list down.
 */
@ApplicationScoped
@Startup
public class JobDescriptions {

    private static final Logger LOG = Logger.getLogger(JobDescriptions.class);

    /** Shipped descriptions; class-path directories cannot be listed inside a jar, so they are named here. */
    static final List<String> SHIPPED = List.of("selftest", "async", "spectrum", "skymap", "lightcurve", "cutout");

    @ConfigProperty(name = "gammavo.uws.job-descriptions-dir")
    Optional<String> operatorDir;

    private volatile Map<String, JobDescription> byId = Map.of();

    @PostConstruct
    void load() {
        reload();
    }

    /** Reads the shipped and the operator's descriptions again. */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void reload() {
        Map<String, JobDescription> next = new TreeMap<>();
        for (String id : SHIPPED) {
            try (InputStream in = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream("job-descriptions/" + id + ".json")) {
                if (in != null) {
                    add(next, id, new String(in.readAllBytes(), StandardCharsets.UTF_8), "job-descriptions/" + id + ".json");
                }
            } catch (IOException e) {
                LOG.errorf("cannot read shipped job description %s: %s", id, e.getMessage());
            }
        }
        operatorDir.filter(d -> !d.isBlank()).map(Path::of).filter(Files::isDirectory).ifPresent(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(f -> {
                    String id = f.getFileName().toString().replaceFirst("\\.json$", "");
                    try {
                        add(next, id, Files.readString(f), f.toString());
                    } catch (IOException e) {
                        LOG.errorf("cannot read job description %s: %s", f, e.getMessage());
                    }
                });
            } catch (IOException e) {
                LOG.errorf("cannot list job descriptions in %s: %s", dir, e.getMessage());
            }
        });
        if (!next.keySet().equals(byId.keySet())) {
            LOG.infof("job lists: %s", next.keySet());
        }
        byId = java.util.Collections.unmodifiableMap(next);
    }

    private void add(Map<String, JobDescription> into, String id, String json, String source) {
        try {
            into.put(id, JobDescriptionParser.parse(json, id));
        } catch (IllegalArgumentException e) {
            LOG.errorf("job description %s is invalid and not used: %s", source, e.getMessage());
            JobDescription previous = byId.get(id);
            if (previous != null) {
                into.put(id, previous);
            }
        }
    }

    public Optional<JobDescription> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<JobDescription> all() {
        return byId.values();
    }
}
