package org.gammavo.bridge.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.gammavo.bridge.domain.JobExecutor;

/** Readiness says which executor runs the jobs ({@code slurm} or {@code local}) and how it is doing. */
@Readiness
@ApplicationScoped
public class ExecutorHealthCheck implements HealthCheck {

    @Inject
    JobExecutor executor;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("executor").up()
                .withData("executor", executor.name())
                .withData("details", executor.describe())
                .build();
    }
}
