package org.gammavo.uws.adapters;

import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.jobs.catalogue.JobCatalogue;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.uws.domain.NoSuchJobException;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The job descriptions in force: the job catalogue's shipped ones ({@link JobCatalogue}), overridden and extended by
 * the {@code *.json} files of the operator's directory ({@code gammavo.uws.job-descriptions-dir}).
 *
 * <p>The operator directory is re-read every minute, so a description is added or changed without a restart. A
 * file that does not parse is logged and left out (the previous version, if any, stays): one bad file must not
 * take every job list down.
 */
@ApplicationScoped
@Startup
public class JobDescriptions {

    private static final Logger LOG = Logger.getLogger(JobDescriptions.class);

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
        Map<String, JobDescription> next = JobCatalogue.load(Thread.currentThread().getContextClassLoader(),
                operatorDir.filter(d -> !d.isBlank()).map(Path::of), byId,
                (source, reason) -> LOG.errorf("job description %s is invalid and not used: %s", source, reason));
        if (!next.keySet().equals(byId.keySet())) {
            LOG.infof("job lists: %s", next.keySet());
        }
        byId = Collections.unmodifiableMap(next);
    }

    public Optional<JobDescription> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The description of a job list that must exist.
     *
     * @throws NoSuchJobException naming the job lists there are
     */
    public JobDescription require(String jobList) {
        return find(jobList).orElseThrow(() -> new NoSuchJobException("no job list '" + jobList + "'; job lists: "
                + all().stream().map(JobDescription::id).toList()));
    }

    public Collection<JobDescription> all() {
        return byId.values();
    }
}
