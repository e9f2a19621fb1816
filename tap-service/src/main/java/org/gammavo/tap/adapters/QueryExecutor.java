package org.gammavo.tap.adapters;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.AdqlException;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.TranslatedQuery;
import org.gammavo.tap.domain.TapMetadata;
import org.gammavo.tap.domain.TapRequest;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Runs a TAP query: loads the uploads, translates the ADQL against the published tables, and opens a streaming
 * JDBC cursor (autocommit off and a fetch size, so PostgreSQL sends rows in batches instead of materialising the
 * result; a query timeout for the time limit). The one code path of sync and async.
 */
@ApplicationScoped
public class QueryExecutor {

    private final AdqlEngine engine = new AdqlEngine();

    /**
     * Translations of recent queries without uploads (the published metadata never changes while the service runs):
     * a repeated query skips parsing, checking and translating. Access-ordered, at most 512 entries.
     */
    private final Map<String, TranslatedQuery> translations =
            java.util.Collections.synchronizedMap(
                    new java.util.LinkedHashMap<>(64, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(
                                Map.Entry<String, TranslatedQuery> eldest) {
                            return size() > 512;
                        }
                    });

    @Inject AgroalDataSource dataSource;

    @Inject ObsCoreStore store;

    @Inject UploadLoader uploadLoader;

    @Inject UserTableStore userTables;

    @jakarta.inject.Inject org.gammavo.tap.domain.TapLimits limits;

    @ConfigProperty(name = "gammavo.tap.query.fetch-size")
    int fetchSize;

    /** Role the ADQL queries run as (SET LOCAL ROLE), empty for the login role. */
    @ConfigProperty(name = "gammavo.tap.query-role")
    java.util.Optional<String> queryRole;

    @jakarta.annotation.PostConstruct
    void checkRole() {
        String r = queryRole.orElse("").trim();
        // it goes into SQL as an identifier: a plain lower-case name only
        if (!r.isEmpty() && !r.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalStateException(
                    "gammavo.tap.query-role must be a plain lower-case PostgreSQL role name, not '"
                            + r
                            + "'");
        }
    }

    /**
     * Cancels a query from another thread (client gone, UWS abort): while its uploads load, while the database
     * executes it and while rows stream. {@link #cancel()} may come before the statement exists; it then never runs.
     */
    public static final class Cancellation {
        private static final java.util.concurrent.Executor CANCELLER =
                java.util.concurrent.Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "tap-cancel");
                            t.setDaemon(true);
                            return t;
                        });
        private java.sql.Statement statement;
        private boolean cancelled;
        private volatile boolean executing;

        /** Cancels now, on the calling thread (a round trip to the database). */
        public void cancel() {
            java.sql.Statement s;
            synchronized (this) {
                cancelled = true;
                s = statement;
            }
            if (s == null) return;
            // pgjdbc ignores a cancel that arrives just before the statement is sent: try again
            // while it executes
            for (int i = 0; i < 20; i++) {
                try {
                    s.cancel();
                } catch (SQLException ignored) {
                    return; // closed: finished already
                }
                if (!executing) return;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Cancels on another thread: for event-loop and message-consumer callers, which must not block. */
        public void cancelAsync() {
            CANCELLER.execute(this::cancel);
        }

        public synchronized boolean cancelled() {
            return cancelled;
        }

        synchronized boolean attach(java.sql.Statement s) {
            statement = s;
            return !cancelled;
        }

        synchronized void detach() {
            statement = null;
        }
    }

    /** Opens the content of an upload reference ({@code param:x} part or URL). */
    public interface UploadSource {
        InputStream open(TapRequest.Upload upload) throws IOException, TapRequest.InvalidRequest;
    }

    /** A query that failed in the database (message for the client, and whether it was the time limit). */
    public static final class QueryFailed extends Exception {
        private final boolean timeout;

        public QueryFailed(String message, boolean timeout, Throwable cause) {
            super(message, cause);
            this.timeout = timeout;
        }

        public boolean timeout() {
            return timeout;
        }

        /** True when the database connection was lost (server crash or restart): another attempt may succeed. */
        public boolean connectionLost() {
            return ConnectionLoss.isConnectionLoss(getCause());
        }
    }

    /** The ADQL engine (for the parse/translate endpoints). */
    public AdqlEngine engine() {
        return engine;
    }

    /**
     * Starts the query; the returned cursor owns the connection and must be closed.
     * @throws TapRequest.InvalidRequest for a bad query or upload (HTTP 400)
     * @throws QueryFailed when the database refuses the query
     */
    public RunningQuery start(TapRequest req, UploadSource uploads)
            throws TapRequest.InvalidRequest, QueryFailed {
        return start(req, uploads, new Cancellation());
    }

    /** As {@link #start(TapRequest, UploadSource)}, cancellable from another thread through {@code cancellation}. */
    public RunningQuery start(TapRequest req, UploadSource uploads, Cancellation cancellation)
            throws TapRequest.InvalidRequest, QueryFailed {
        return start(req, uploads, cancellation, null);
    }

    /**
     * As {@link #start(TapRequest, UploadSource, Cancellation)} for the authenticated user {@code owner} (null:
     * anonymous): their persistent user tables join the tables the ADQL checker knows, and TAP_SCHEMA shows them.
     * Nobody else's query can even name them.
     */
    public RunningQuery start(
            TapRequest req, UploadSource uploads, Cancellation cancellation, String owner)
            throws TapRequest.InvalidRequest, QueryFailed {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            UserTableStore.OwnerTables own = owner == null ? null : userTables.tablesOf(c, owner);
            TableSet tables = own == null ? TapMetadata.TABLES : own.tableSet();
            List<Table> loaded = new ArrayList<>();
            if (!req.uploads().isEmpty()) {
                for (TapRequest.Upload u : req.uploads()) {
                    if (cancellation.cancelled()) throw cancelled();
                    try (InputStream in = uploads.open(u)) {
                        loaded.add(uploadLoader.load(c, u.tableName(), in));
                    }
                }
                tables = tables.withUploads(loaded);
            }
            // a user's translations depend on their tables: the key names them (ids change when a
            // table is re-created)
            String ownKey = own == null ? "" : own.owner() + "\n" + own.fingerprint() + "\n";
            String key =
                    req.uploads().isEmpty()
                            ? ownKey + req.version() + "\n" + req.maxrec() + "\n" + req.query()
                            : null;
            TranslatedQuery q = key == null ? null : translations.get(key);
            if (q == null) {
                try {
                    q =
                            engine.translate(
                                    req.query(),
                                    req.version(),
                                    tables,
                                    store.dialect(),
                                    OptionalLong.of(req.maxrec() + 1));
                } catch (AdqlException e) {
                    throw new TapRequest.InvalidRequest(e.toString());
                }
                if (key != null) translations.put(key, q);
            }
            restrict(c, loaded, own == null ? null : owner);
            PreparedStatement ps =
                    c.prepareStatement(
                            q.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(fetchSize);
            // binary transfer from the first execution: numbers arrive as IEEE bytes instead of
            // text that pgjdbc
            // would parse with Double.parseDouble (the hottest code of a large BINARY2 stream
            // otherwise)
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
            // the driver cancels the statement after this (a client-side timer: no extra round trip
            // per query)
            ps.setQueryTimeout(limits.queryTimeoutSeconds());
            if (!cancellation.attach(ps)) throw cancelled();
            ResultSet rs;
            cancellation.executing = true;
            try {
                rs = ps.executeQuery();
            } finally {
                cancellation.executing = false;
            }
            if (cancellation.cancelled()) throw cancelled();
            return new RunningQuery(
                    c,
                    ps,
                    rs,
                    q.columns(),
                    req.maxrec(),
                    cancellation,
                    e -> failure(e).getMessage());
        } catch (TapRequest.InvalidRequest | QueryFailed | RuntimeException e) {
            cancellation.detach();
            closeQuietly(c);
            throw e;
        } catch (SQLException e) {
            cancellation.detach();
            closeQuietly(c);
            throw cancellation.cancelled() ? cancelled() : failure(e);
        } catch (IOException e) {
            cancellation.detach();
            closeQuietly(c);
            throw new TapRequest.InvalidRequest(
                    "cannot read the uploaded table: " + e.getMessage());
        }
    }

    private static QueryFailed cancelled() {
        return new QueryFailed("the query was cancelled", false, null);
    }

    /**
     * Least privilege for the client's SQL, in its own transaction (one round trip, all undone by the rollback that
     * ends every query): read-only, the server-side time limit (it holds even when this service dies mid-query), and
     * the query role when one is configured. The uploads were created before, by the login role; the query role gets
     * SELECT on them here.
     */
    void restrict(Connection c, List<Table> uploads) throws SQLException {
        restrict(c, uploads, null);
    }

    void restrict(Connection c, List<Table> uploads, String owner) throws SQLException {
        String role = queryRole.orElse("").trim();
        StringBuilder sql = new StringBuilder();
        if (!role.isEmpty() && !uploads.isEmpty()) {
            sql.append("GRANT SELECT ON ");
            for (int i = 0; i < uploads.size(); i++) {
                sql.append(i == 0 ? "" : ", ")
                        .append(uploads.get(i).dbSchema())
                        .append('.')
                        .append(uploads.get(i).dbName());
            }
            sql.append(" TO \"").append(role).append("\"; ");
        }
        sql.append("SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = ")
                .append(limits.queryTimeoutSeconds() * 1000L);
        // the TAP_SCHEMA views add this user's tables (V3__user_tables.sql)
        if (owner != null)
            sql.append("; SET LOCAL gammavo.tap_owner = '")
                    .append(owner.replace("'", "''"))
                    .append('\'');
        if (!role.isEmpty()) sql.append("; SET LOCAL ROLE \"").append(role).append('"');
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(sql.toString());
        }
    }

    QueryFailed failure(SQLException e) {
        boolean timeout = "57014".equals(e.getSQLState());
        String msg =
                timeout
                        ? "the query was cancelled: it exceeded the time limit of "
                                + limits.queryTimeoutSeconds()
                                + " s or was aborted"
                        : "the database refused the query: " + firstLine(e.getMessage());
        return new QueryFailed(msg, timeout, e);
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // closing anyway
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
