package org.gammavo.tap.adapters;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a failure of the database connection (worth another attempt once the server is back) from a failure of the
 * query (the same query would fail again), by the SQLSTATE of PostgreSQL's error codes (Appendix A).
 */
final class ConnectionLoss {

    /** admin_shutdown (also a crash of the postmaster), crash_shutdown, cannot_connect_now (recovery, start-up). */
    private static final Set<String> OPERATOR_INTERVENTION = Set.of("57P01", "57P02", "57P03");

    private ConnectionLoss() {
    }

    /** True when {@code failure}, or one of its causes, is an SQLException of class 08 or one of the above. */
    static boolean isConnectionLoss(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                for (SQLException s = e; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("08") || OPERATOR_INTERVENTION.contains(state))) return true;
                }
            }
            if (t.getCause() == t) break;
        }
        return false;
    }
}
