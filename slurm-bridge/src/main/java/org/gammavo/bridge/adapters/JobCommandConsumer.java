package org.gammavo.bridge.adapters;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gammavo.bridge.domain.JobExecutor;
import org.gammavo.bridge.domain.SlurmClient;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.jboss.logging.Logger;

/**
 * Reads {@link JobCommand}s for executor {@code slurm} from channel {@code job-commands} (topic uws.job-commands.v1)
 * and hands them to the active {@link JobExecutor}. Commands are processed one at a time, in order.
 */
@ApplicationScoped
public class JobCommandConsumer {

    private static final Logger LOG = Logger.getLogger(JobCommandConsumer.class);
    static final String EXECUTOR = "slurm";
    /** Attempts for a command while the cluster is unreachable, with doubling pauses (1 s … 32 s). */
    static final int ATTEMPTS = 6;

    @Inject
    JobExecutor executor;

    @Incoming("job-commands")
    @Blocking(ordered = true)
    public void onCommand(String json) throws InterruptedException {
        JobCommand command;
        try {
            command = JobContractCodec.decodeCommand(json);
        } catch (JobContractCodec.ContractException e) {
            LOG.warnf("skipping a message that is not a job command: %s", e.getMessage());
            return;
        }
        if (!EXECUTOR.equals(command.executor())) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (command instanceof JobCommand.RunJob run) {
                    executor.run(run);
                } else if (command instanceof JobCommand.AbortJob) {
                    executor.abort(command.jobId());
                } else {
                    executor.delete(command.jobId());
                }
                return;
            } catch (SlurmClient.SlurmException e) {
                if (!e.isTransient() || attempt == ATTEMPTS) {
                    // Left for the reconciliation at the next start (the job's directory says where it stands).
                    LOG.errorf("%s for job %s failed: %s", command.getClass().getSimpleName(), command.jobId(),
                            e.getMessage());
                    return;
                }
                LOG.warnf("%s for job %s failed (attempt %d, retrying): %s", command.getClass().getSimpleName(),
                        command.jobId(), attempt, e.getMessage());
                Thread.sleep(1000L << (attempt - 1));
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s for job %s failed", command.getClass().getSimpleName(), command.jobId());
                return;
            }
        }
    }
}
