package org.gammavo.tap.adapters;

import org.gammavo.adql.translate.OutputColumn;
import org.gammavo.tap.domain.ResultCursor;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * A running query's rows, read from the JDBC cursor that {@link QueryExecutor#start} opened; past the first block a
 * read-ahead thread fetches while the caller writes. Reads at most MAXREC rows; the SQL asks for MAXREC+1 so that
 * one more row means overflow. Closing rolls back (uploads were created in this transaction and vanish) and frees the connection.
 */
public final class RunningQuery implements ResultCursor, AutoCloseable {
    private final Function<SQLException, String> failureMessage;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rs;
    private final List<OutputColumn> columns;
    private final long maxrec;
    private final Object[] row;
    private final int[] kinds;
    private long count;
    private boolean overflow;
    private boolean done;

    private final QueryExecutor.Cancellation cancellation;

    RunningQuery(
            Connection connection,
            PreparedStatement statement,
            ResultSet rs,
            List<OutputColumn> columns,
            long maxrec,
            QueryExecutor.Cancellation cancellation,
            Function<SQLException, String> failureMessage) {
        this.cancellation = cancellation;
        this.failureMessage = failureMessage;
        this.connection = connection;
        this.statement = statement;
        this.rs = rs;
        this.columns = columns;
        this.maxrec = maxrec;
        this.row = new Object[columns.size()];
        this.kinds = new int[columns.size()];
        for (int i = 0; i < kinds.length; i++) kinds[i] = ResultCursor.kind(columns.get(i));
    }

    @Override
    public List<OutputColumn> columns() {
        return columns;
    }

    /** Rows read on the calling thread before a read-ahead thread takes over (small results never start one). */
    private static final int BLOCK = 1024;

    private static final Object[][] END = new Object[0][];
    private java.util.concurrent.BlockingQueue<Object[][]> ahead;
    private Thread reader;
    private volatile IOException readFailure;
    private Object[][] block;
    private int inBlock;
    private Object[] current;
    private boolean aheadDone;

    @Override
    public boolean next() throws IOException {
        if (ahead == null) {
            if (!fetch()) return false;
            current = row;
            if (count == BLOCK) {
                // the reader thread fills row from now on, while the caller still writes this one
                current = row.clone();
                startReadAhead();
            }
            return true;
        }
        if (aheadDone) return false;
        if (block == null || inBlock == block.length) {
            try {
                block = ahead.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the result", e);
            }
            inBlock = 0;
            if (block == END) {
                aheadDone = true;
                if (readFailure != null) throw readFailure;
                return false;
            }
        }
        current = block[inBlock++];
        return true;
    }

    /**
     * From the BLOCK+1st row on, a thread reads blocks of rows while the caller writes the previous ones: the
     * database, the driver's decoding and the serialiser then work at the same time instead of in turn (a 10 M-row
     * BINARY2 stream spent a third of its time with one waiting for the other). At most 4 blocks wait: memory
     * stays flat.
     */
    private void startReadAhead() {
        ahead = new java.util.concurrent.ArrayBlockingQueue<>(4);
        reader =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    Object[][] b = new Object[BLOCK][];
                                    int n = 0;
                                    while (n < BLOCK && fetch()) b[n++] = row.clone();
                                    if (n > 0)
                                        ahead.put(n == BLOCK ? b : java.util.Arrays.copyOf(b, n));
                                    if (n < BLOCK) break;
                                }
                            } catch (IOException e) {
                                readFailure = e;
                            } catch (InterruptedException e) {
                                return; // closed early: nobody reads any more
                            }
                            try {
                                ahead.put(END);
                            } catch (InterruptedException ignored) {
                                // closed early
                            }
                        },
                        "tap-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads the next row into {@link #row}; false at the end or past MAXREC. */
    private boolean fetch() throws IOException {
        if (done) return false;
        try {
            if (!rs.next()) {
                done = true;
                return false;
            }
            if (count >= maxrec) {
                overflow = true;
                done = true;
                return false;
            }
            count++;
            for (int i = 0; i < row.length; i++) row[i] = read(i + 1, kinds[i]);
            return true;
        } catch (SQLException e) {
            throw new IOException(failureMessage.apply(e), e);
        }
    }

    private Object read(int i, int kind) throws SQLException {
        switch (kind) {
            case ResultCursor.STRING:
                return rs.getString(i);
            case ResultCursor.TIMESTAMP:
                {
                    // timestamp without time zone holds UTC (DALI 1.1 §3.3.3); read it without the
                    // JVM's zone
                    java.time.LocalDateTime t = rs.getObject(i, java.time.LocalDateTime.class);
                    return t == null ? null : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
                }
            case ResultCursor.DOUBLE_ARRAY:
                {
                    Array a = rs.getArray(i);
                    if (a == null) return null;
                    Object[] v = (Object[]) a.getArray();
                    double[] d = new double[v.length];
                    for (int k = 0; k < v.length; k++)
                        d[k] = v[k] == null ? Double.NaN : ((Number) v[k]).doubleValue();
                    return d;
                }
            case ResultCursor.LONG_ARRAY:
                {
                    Array a = rs.getArray(i);
                    if (a == null) return null;
                    Object[] v = (Object[]) a.getArray();
                    long[] d = new long[v.length];
                    for (int k = 0; k < v.length; k++)
                        d[k] = v[k] == null ? 0 : ((Number) v[k]).longValue();
                    return d;
                }
            case ResultCursor.DOUBLE:
            case ResultCursor.LONG:
            case ResultCursor.INT:
                try {
                    return primitive(i, kind);
                } catch (SQLException e) {
                    return generic(
                            i, kind); // a column of another SQL type (say, boolean): convert it
                }
            default:
                return generic(i, kind);
        }
    }

    /** The typed getters: no boxing inside the driver, and no per-cell logging call as in getObject. */
    private Object primitive(int i, int kind) throws SQLException {
        switch (kind) {
            case ResultCursor.DOUBLE:
                {
                    double v = rs.getDouble(i);
                    return v == 0 && rs.wasNull() ? null : v;
                }
            case ResultCursor.LONG:
                {
                    long v = rs.getLong(i);
                    return v == 0 && rs.wasNull() ? null : v;
                }
            default:
                {
                    int v = rs.getInt(i);
                    return v == 0 && rs.wasNull() ? null : v;
                }
        }
    }

    private Object generic(int i, int kind) throws SQLException {
        Object o = rs.getObject(i);
        return o == null ? null : ResultCursor.convert(o, kind);
    }

    @Override
    public Object[] row() {
        return current;
    }

    @Override
    public boolean overflow() {
        return overflow;
    }

    /** Rows delivered so far. */
    public long count() {
        return count;
    }

    /** Cancels the running statement (UWS abort, client gone). */
    public void cancel() {
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // the statement may have finished already
        }
    }

    @Override
    public void close() {
        Thread r = reader;
        if (r != null && r.isAlive()) {
            // the writer stopped early (client gone, abort): stop the reader before closing what it
            // reads
            cancel();
            r.interrupt();
            try {
                r.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // from now on a late cancel must not reach this backend: it will run other queries from the
        // pool
        cancellation.detach();
        try {
            rs.close();
            statement.close();
        } catch (SQLException ignored) {
            // the connection is closed below
        }
        QueryExecutor.closeQuietly(connection);
    }
}
