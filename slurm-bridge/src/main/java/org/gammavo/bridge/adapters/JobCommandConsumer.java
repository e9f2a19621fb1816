package org.gammavo.bridge.adapters;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gammavo.bridge.domain.LocalProcessExecutor;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.jboss.logging.Logger;

/** Reads {@link JobCommand}s for executor {@code slurm} from channel {@code job-commands} (uws.job-commands.v1). */
@ApplicationScoped
public class JobCommandConsumer {

    private static final Logger LOG = Logger.getLogger(JobCommandConsumer.class);
    static final String EXECUTOR = "slurm";

    @Inject
    LocalProcessExecutor executor;

    @Incoming("job-commands")
    @Blocking(ordered = true)
    public void onCommand(String json) {
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
        if (command instanceof JobCommand.RunJob run) {
            executor.run(run);
        } else {
            executor.abort(command.jobId());
        }
    }
}
