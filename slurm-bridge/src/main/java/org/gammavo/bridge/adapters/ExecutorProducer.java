package org.gammavo.bridge.adapters;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.bridge.domain.JobExecutor;
import org.gammavo.bridge.domain.JobPreparer;
import org.gammavo.bridge.domain.SlurmClient;
import org.gammavo.bridge.domain.SlurmExecutor;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses and builds the executor from configuration: SLURM over slurmrestd ({@code gammavo.slurm.mode=rest} with a
 * {@code gammavo.slurm.url}), SLURM over the command line ({@code mode=cli}), or local processes ({@code mode=local},
 * or {@code rest} without a URL: the default of a fresh clone). At start-up it reconciles with the executor.
 */
@ApplicationScoped
public class ExecutorProducer {

    private static final Logger LOG = Logger.getLogger(ExecutorProducer.class);

    @ConfigProperty(name = "gammavo.slurm.mode", defaultValue = "rest")
    String mode;
    @ConfigProperty(name = "gammavo.slurm.url")
    Optional<String> url;
    @ConfigProperty(name = "gammavo.slurm.user", defaultValue = "gammavo")
    String user;
    @ConfigProperty(name = "gammavo.slurm.token")
    Optional<String> token;
    @ConfigProperty(name = "gammavo.slurm.token-file")
    Optional<String> tokenFile;
    @ConfigProperty(name = "gammavo.slurm.cli-dir")
    Optional<String> cliDir;
    @ConfigProperty(name = "gammavo.slurm.poll-interval", defaultValue = "1s")
    Duration pollInterval;
    @ConfigProperty(name = "gammavo.slurm.max-backoff", defaultValue = "30s")
    Duration maxBackoff;
    @ConfigProperty(name = "gammavo.slurm.submit-timeout", defaultValue = "1h")
    Duration submitTimeout;
    @ConfigProperty(name = "gammavo.local.parallel", defaultValue = "2")
    int localParallel;
    @ConfigProperty(name = "gammavo.results-dir")
    Path resultsDir;
    @ConfigProperty(name = "gammavo.analysis.python", defaultValue = "/usr/bin/python3")
    String python;
    @ConfigProperty(name = "gammavo.data.shared")
    Optional<String> sharedData;
    @ConfigProperty(name = "gammavo.data.demo")
    Optional<String> demoData;
    @ConfigProperty(name = "gammavo.jobs.templates-dir")
    Optional<String> templatesDir;
    @ConfigProperty(name = "gammavo.resolver-url")
    Optional<String> resolverUrl;

    @Produces
    @Singleton
    JobExecutor executor(JobEventPublisher events) {
        JobPreparer preparer = new JobPreparer(
                new ClasspathJobCatalog(templatesDir.filter(d -> !d.isBlank()).map(Path::of)), new ResolverClient(resolverUrl.orElse("")));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("GAMMAVO_PYTHON", python);
        sharedData.ifPresent(d -> env.put("GAMMAVO_SHARED_DATA", d));
        demoData.ifPresent(d -> env.put("GAMMAVO_DEMO_DATA", d));
        String slurmUrl = url.orElse("").strip();
        SlurmClient client = switch (mode) {
            case "cli" -> new SlurmCliClient(cliDir.orElse(""), user);
            case "rest" -> slurmUrl.isEmpty() ? null
                    : new SlurmRestClient(slurmUrl, user, token.orElse(""), tokenFile.orElse(""));
            case "local" -> null;
            default -> throw new IllegalArgumentException("gammavo.slurm.mode must be rest, cli or local, not " + mode);
        };
        // Job directories go to the SLURM job user; local processes run as the bridge itself.
        FileJobStore store = new FileJobStore(resultsDir, client == null ? "" : user);
        if (client == null) {
            LOG.info("no SLURM cluster configured (gammavo.slurm.url empty or mode=local): jobs run as local processes");
            return new LocalProcessExecutor(store, preparer, events, env, localParallel);
        }
        LOG.infof("jobs go to SLURM: %s", client.describe());
        return new SlurmExecutor(client, store, preparer, events, env, pollInterval, maxBackoff, submitTimeout,
                Clock.systemUTC());
    }

    void onStart(@Observes StartupEvent ev, JobExecutor executor) {
        try {
            executor.reconcile();
        } catch (RuntimeException e) {
            // SLURM may be down at start-up: the watched jobs are picked up at the next start or redelivery.
            LOG.errorf("reconciliation with %s failed: %s", executor.name(), e.getMessage());
        }
        if (executor instanceof SlurmExecutor slurm) {
            slurm.start();
        }
    }

    void onStop(@Observes ShutdownEvent ev, JobExecutor executor) {
        if (executor instanceof SlurmExecutor slurm) {
            slurm.stop();
        } else if (executor instanceof LocalProcessExecutor local) {
            local.stop();
        }
    }
}
