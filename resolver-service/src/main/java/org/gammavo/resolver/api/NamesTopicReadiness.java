package org.gammavo.resolver.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.gammavo.resolver.adapters.ResolverRuntime;

/**
 * Ready once the names topic is replayed, so a new replica joins the load balancer only when it answers operator
 * aliases like the others (or after the replay timeout, with {@code replayed: false}: catalogue names must resolve
 * even when the broker is down). The catalogue counts are reported for operators.
 */
@Readiness
@ApplicationScoped
public class NamesTopicReadiness implements HealthCheck {

    @Inject
    ResolverRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("resolver-names")
                .status(runtime.ready())
                .withData("replayed", runtime.replayed())
                .withData("names", runtime.index().size())
                .withData("objects", runtime.index().objectCount())
                .withData("topic", runtime.topicEnabled() ? "resolver.names.v1" : "off")
                .withData("indexBuildMs", runtime.indexMillis())
                .build();
    }
}
