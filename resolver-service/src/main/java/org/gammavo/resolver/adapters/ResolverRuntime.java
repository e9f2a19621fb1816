package org.gammavo.resolver.adapters;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.resolver.domain.NameEvent;
import org.gammavo.resolver.domain.NameIndex;
import org.gammavo.resolver.domain.NameResolver;
import org.gammavo.resolver.domain.SkyObject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the resolver at start: curated names, then the catalogues, then the names topic replayed and followed.
 *
 * <p>Kafka is what makes replicas agree, not what makes one answer: if the topic is switched off
 * ({@code resolver.names.topic.enabled=false}) the catalogues still resolve and aliases stay local.
 */
@ApplicationScoped
@Startup
public class ResolverRuntime {

    private static final Logger LOG = Logger.getLogger(ResolverRuntime.class);

    private final NameResolver resolver;
    private final NameTopicPublisher publisher;
    private final NameTopicFollower follower;
    private final long indexMillis;
    private final Path catalogs;
    private final NameIndex index;
    private final long replayDeadline;

    public ResolverRuntime(@ConfigProperty(name = "resolver.catalogs.dir") Path catalogs,
                           @ConfigProperty(name = "resolver.names.topic.enabled", defaultValue = "true") boolean topic,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                           @ConfigProperty(name = "resolver.names.replay-timeout", defaultValue = "60s")
                           Duration replayTimeout,
                           @ConfigProperty(name = "resolver.upstream.ttl", defaultValue = "24h") Duration ttl,
                           @ConfigProperty(name = "resolver.upstream.negative-ttl", defaultValue = "1h")
                           Duration negativeTtl,
                           SesameUpstream upstream) {
        long t0 = System.nanoTime();
        this.catalogs = catalogs;
        this.replayDeadline = System.nanoTime() + replayTimeout.toNanos();
        List<SkyObject> objects = new ArrayList<>(CuratedNames.load());
        objects.addAll(new CatalogueLoader(catalogs).loadAll());
        this.index = NameIndex.of(objects);
        this.indexMillis = (System.nanoTime() - t0) / 1_000_000;
        LOG.infof("name index: %d names of %d objects in %d ms", index.size(), index.objectCount(), indexMillis);

        this.publisher = topic ? new NameTopicPublisher(bootstrap) : null;
        this.resolver = new NameResolver(index, upstream, this::publish, Clock.systemUTC(), ttl, negativeTtl);
        this.follower = topic ? new NameTopicFollower(bootstrap, resolver::apply).start() : null;
    }

    private void publish(NameEvent event) {
        if (publisher == null) {
            return;
        }
        if (event instanceof NameEvent.UpstreamAnswered) {
            publisher.publish(event);
        } else {
            publisher.publishAndWait(event);
        }
    }

    @Produces
    @Singleton
    NameResolver resolver() {
        return resolver;
    }

    /** Whether the names topic has been replayed (always true when the topic is off). */
    public boolean replayed() {
        return follower == null || follower.replayed();
    }

    /**
     * Whether to take traffic: once replayed, or anyway after {@code resolver.names.replay-timeout}, because a
     * broker outage must not take the catalogue names offline (offline first); health data then says so.
     */
    public boolean ready() {
        return replayed() || System.nanoTime() > replayDeadline;
    }

    /** Whether aliases are shared with other replicas. */
    public boolean topicEnabled() {
        return follower != null;
    }

    /** Time spent loading the curated list and the catalogues and building the index. */
    public long indexMillis() {
        return indexMillis;
    }

    /** The catalogue index. */
    public NameIndex index() {
        return index;
    }

    /** Where the catalogues are read from. */
    public Path catalogs() {
        return catalogs;
    }

    @PreDestroy
    void close() {
        if (follower != null) {
            follower.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
