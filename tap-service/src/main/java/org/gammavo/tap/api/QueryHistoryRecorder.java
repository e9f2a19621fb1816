package org.gammavo.tap.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.gammavo.tap.adapters.QueryHistoryStore;
import org.gammavo.tap.domain.TapRequest;
import org.jboss.logging.Logger;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The sync query path's one hook into the query history: when a signed-in user's query has started, its entry is
 * written once the response has ended (then the row count and the overflow flag are known), on a worker thread, so a
 * query pays nothing for it. Anonymous queries are not recorded: the web UI keeps those in the browser.
 */
@ApplicationScoped
public class QueryHistoryRecorder {

    private static final Logger LOG = Logger.getLogger(QueryHistoryRecorder.class);

    @Inject
    QueryHistoryStore store;

    /**
     * Records the query when {@code rc}'s response ends.
     *
     * @param identity the caller (nothing is recorded when anonymous)
     * @param req      the query as parsed
     * @param rows     rows written so far (read at the end)
     * @param overflow whether MAXREC cut the result (read at the end)
     */
    public void track(SecurityIdentity identity, TapRequest req, LongSupplier rows, BooleanSupplier overflow,
                      RoutingContext rc) {
        if (identity.isAnonymous()) return;
        String owner = identity.getPrincipal().getName();
        rc.addEndHandler(ended -> {
            QueryHistoryStore.Ran ran = new QueryHistoryStore.Ran(owner, req.query(), "ADQL-" + req.version().label(),
                    req.format().name().toLowerCase(java.util.Locale.ROOT), req.maxrec(), rows.getAsLong(),
                    overflow.getAsBoolean(), ended.succeeded());
            rc.vertx().executeBlocking(() -> {
                store.add(ran);
                return null;
            }, false).onFailure(e -> LOG.warnf("query history of %s not written: %s", owner, e.getMessage()));
        });
    }
}
