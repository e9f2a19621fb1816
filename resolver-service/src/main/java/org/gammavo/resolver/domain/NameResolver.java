package org.gammavo.resolver.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Resolves names: operator aliases first, then the catalogues, then the upstream cache, then upstream itself.
 *
 * <p>Operator aliases and upstream answers arrive as {@link NameEvent}s, whether made here or by another replica;
 * {@link #apply} is idempotent so a replica may see its own events come back from the topic. Local answers never
 * wait for upstream: it is asked only for names nobody here knows, and its failures are not cached.
 */
public final class NameResolver {

    private final NameIndex catalogues;
    private final Upstream upstream;
    private final Consumer<NameEvent> publisher;
    private final Clock clock;
    private final Duration positiveTtl;
    private final Duration negativeTtl;

    private final Map<String, NameEvent.AliasAdded> aliases = new ConcurrentHashMap<>();
    private final Map<String, NameEvent.UpstreamAnswered> upstreamCache = new ConcurrentHashMap<>();
    private volatile NameIndex aliasIndex = NameIndex.of(List.of());

    /**
     * @param catalogues  the index built from the curated list and the catalogues
     * @param upstream    the remote resolver (may be disabled)
     * @param publisher   where new events go (the topic); may throw to refuse one, which is then not applied
     * @param positiveTtl how long an upstream answer is trusted
     * @param negativeTtl how long an upstream "nothing found" is trusted
     */
    public NameResolver(NameIndex catalogues, Upstream upstream, Consumer<NameEvent> publisher, Clock clock,
                        Duration positiveTtl, Duration negativeTtl) {
        this.catalogues = catalogues;
        this.upstream = upstream;
        this.publisher = publisher;
        this.clock = clock;
        this.positiveTtl = positiveTtl;
        this.negativeTtl = negativeTtl;
    }

    /** Resolves one name; never throws for an unknown name. */
    public Resolution resolve(String name) {
        String key = NameNormalizer.key(name);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        NameEvent.AliasAdded alias = aliases.get(key);
        if (alias != null) {
            return new Resolution.Found(name, alias.object(), Resolution.Origin.OPERATOR_ALIAS);
        }
        Optional<SkyObject> local = catalogues.lookup(name);
        if (local.isPresent()) {
            return new Resolution.Found(name, local.get(), Resolution.Origin.CATALOGUE);
        }
        NameEvent.UpstreamAnswered cached = upstreamCache.get(key);
        if (cached != null && cached.expiresAt().isAfter(clock.instant())) {
            return cached.object() != null
                    ? new Resolution.Found(name, cached.object(), Resolution.Origin.UPSTREAM)
                    : notFound(name);
        }
        if (upstream.enabled()) {
            try {
                Optional<SkyObject> remote = upstream.resolve(name);
                Instant now = clock.instant();
                NameEvent.UpstreamAnswered answer = new NameEvent.UpstreamAnswered(name, remote.orElse(null), now,
                        now.plus(remote.isPresent() ? positiveTtl : negativeTtl));
                record(answer);
                if (remote.isPresent()) {
                    return new Resolution.Found(name, remote.get(), Resolution.Origin.UPSTREAM);
                }
            } catch (RuntimeException e) {
                // Not cached: the next request tries again (the circuit breaker keeps that cheap).
            }
        }
        return notFound(name);
    }

    /** Type-ahead: names starting like {@code prefix}, then near misses; operator aliases included. */
    public List<Suggestion> suggest(String prefix, int limit) {
        Map<SkyObject, Suggestion> out = new LinkedHashMap<>();
        for (Suggestion s : aliasIndex.suggest(prefix, limit)) {
            out.putIfAbsent(s.object(), s);
        }
        for (Suggestion s : catalogues.suggest(prefix, limit)) {
            if (out.size() >= limit) {
                break;
            }
            out.putIfAbsent(s.object(), s);
        }
        return new ArrayList<>(out.values());
    }

    /**
     * Makes {@code alias} resolve to {@code object} here and, through the topic, on every replica. Who may do so is
     * {@link AliasPolicy}'s business, checked by the caller before.
     *
     * @param owner the authenticated user who adds it (recorded, and the only non-admin who may change it)
     */
    public NameEvent.AliasAdded addAlias(String alias, SkyObject object, String owner) {
        if (NameNormalizer.key(alias).isEmpty()) {
            throw new IllegalArgumentException("empty alias");
        }
        NameEvent.AliasAdded event = new NameEvent.AliasAdded(alias,
                object.withNames(List.of(alias)), owner, clock.instant(), owner);
        record(event);
        return event;
    }

    /** Withdraws an operator alias; false when there was none by that name. */
    public boolean removeAlias(String alias) {
        if (!aliases.containsKey(NameNormalizer.key(alias))) {
            return false;
        }
        record(new NameEvent.AliasRemoved(alias));
        return true;
    }

    /** The alias in force under {@code name} (any spelling), if any. */
    public Optional<NameEvent.AliasAdded> alias(String name) {
        return Optional.ofNullable(aliases.get(NameNormalizer.key(name)));
    }

    /** Operator aliases in force, by name. */
    public List<NameEvent.AliasAdded> aliases() {
        return List.copyOf(aliases.values());
    }

    /** Applies an event from the topic or from this replica; idempotent. */
    public void apply(NameEvent event) {
        String key = NameNormalizer.key(event.name());
        if (event instanceof NameEvent.AliasAdded a) {
            aliases.put(key, a);
            upstreamCache.remove(key);
            rebuildAliasIndex();
        } else if (event instanceof NameEvent.AliasRemoved) {
            if (aliases.remove(key) != null) {
                rebuildAliasIndex();
            }
        } else if (event instanceof NameEvent.UpstreamAnswered u) {
            // Only the newest answer counts; replay may deliver an older one after a live one.
            upstreamCache.merge(key, u, (old, neu) -> neu.fetchedAt().isBefore(old.fetchedAt()) ? old : neu);
        }
    }

    /** The catalogue index (for counts in health and the landing page). */
    public NameIndex catalogues() {
        return catalogues;
    }

    /** Published first: an operator alias the topic refused must not exist on this replica alone. */
    private void record(NameEvent event) {
        publisher.accept(event);
        apply(event);
    }

    private Resolution notFound(String name) {
        Map<SkyObject, Suggestion> out = new LinkedHashMap<>();
        for (Suggestion s : aliasIndex.nearMisses(name, 5)) {
            out.putIfAbsent(s.object(), s);
        }
        for (Suggestion s : catalogues.nearMisses(name, 5)) {
            if (out.size() >= 5) {
                break;
            }
            out.putIfAbsent(s.object(), s);
        }
        return new Resolution.NotFound(name, List.copyOf(out.values()));
    }

    private synchronized void rebuildAliasIndex() {
        // Indexed under the alias alone: the target's other names are the catalogues' business.
        aliasIndex = NameIndex.of(aliases.values().stream()
                .map(a -> new SkyObject(a.object().canonicalName(), a.object().ra(), a.object().dec(),
                        List.of(a.name()), a.object().catalogue(), a.object().reference(),
                        a.object().objectClass(), a.object().extension()))
                .toList());
    }
}
