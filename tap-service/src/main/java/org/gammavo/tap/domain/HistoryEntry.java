package org.gammavo.tap.domain;

import java.time.Instant;

/**
 * One synchronous query a signed-in user ran (issue #19, query history): the ADQL as sent and what came back, so that
 * the user can rerun or edit it and compare row counts. Owned by {@code owner} ({@code ownerId} in UWS terms) and
 * never shown to anyone else.
 *
 * @param id        the entry's number, unique across users
 * @param owner     the principal that ran the query
 * @param query     the ADQL text; the start of it when {@code truncated}
 * @param truncated true when the text was longer than the service keeps (such an entry cannot be rerun as it is)
 * @param lang      the ADQL version (TAP 1.1 LANG), e.g. {@code ADQL-2.1}
 * @param format    the RESPONSEFORMAT the result was written in
 * @param maxrec    the MAXREC in force
 * @param rows      rows delivered, at most {@code maxrec}
 * @param overflow  true when the result had more rows than MAXREC (DALI QUERY_STATUS=OVERFLOW)
 * @param completed false when the client left before the whole result was written
 * @param created   when the query ran
 */
public record HistoryEntry(long id, String owner, String query, boolean truncated, String lang, String format,
                           long maxrec, long rows, boolean overflow, boolean completed, Instant created) {
}
