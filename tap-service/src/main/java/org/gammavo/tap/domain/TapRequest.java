package org.gammavo.tap.domain;

import org.gammavo.adql.AdqlVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated TAP 1.1 query request (§2.3 / §2.5 parameters), the same for sync and async.
 *
 * @param version  ADQL version from LANG (ADQL = ADQL-2.1)
 * @param query    the ADQL text
 * @param format   RESPONSEFORMAT (or FORMAT)
 * @param maxrec   MAXREC after applying the service default and limit
 * @param uploads  UPLOAD table references, in order
 */
public record TapRequest(AdqlVersion version, String query, ResultFormat format, long maxrec, List<Upload> uploads) {

    /** One UPLOAD item: a table name and where its VOTable is ({@code param:name} or an http(s) URL). */
    public record Upload(String tableName, String uri) {
    }

    /** A request parameter that breaks the TAP rules; the message says what is wrong. */
    public static final class InvalidRequest extends Exception {
        public InvalidRequest(String message) {
            super(message);
        }
    }

    /**
     * Reads and validates the parameters. Names are case-insensitive, values are not (TAP 1.1 §2.3).
     * @param params       first value of each parameter by name
     * @param defaultMaxrec MAXREC when the client gives none
     * @param maxrecLimit  largest MAXREC honoured (larger values are lowered to it)
     */
    public static TapRequest of(Map<String, String> params, long defaultMaxrec, long maxrecLimit) throws InvalidRequest {
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        p.putAll(params);
        String request = p.get("REQUEST");
        if (request != null && !request.isBlank() && !request.trim().equalsIgnoreCase("doQuery")) {
            throw new InvalidRequest("unsupported REQUEST '" + request + "': the only value is doQuery");
        }
        String version = p.get("VERSION");
        if (version != null && !version.isBlank() && !version.trim().equals("1.0") && !version.trim().equals("1.1")) {
            throw new InvalidRequest("unsupported VERSION '" + version + "': this service speaks TAP 1.1 (and 1.0)");
        }
        String lang = p.get("LANG");
        if (lang == null || lang.isBlank()) throw new InvalidRequest("missing parameter LANG (use LANG=ADQL)");
        AdqlVersion v;
        String l = lang.trim().toUpperCase(Locale.ROOT);
        if (l.equals("ADQL")) v = AdqlVersion.V2_1;
        else if (l.equals("ADQL-2.0")) v = AdqlVersion.V2_0;
        else if (l.equals("ADQL-2.1")) v = AdqlVersion.V2_1;
        else throw new InvalidRequest("unsupported LANG '" + lang + "': use ADQL, ADQL-2.0 or ADQL-2.1");
        String query = p.get("QUERY");
        if (query == null || query.isBlank()) throw new InvalidRequest("missing parameter QUERY");
        String fmt = p.get("RESPONSEFORMAT");
        if (fmt == null || fmt.isBlank()) fmt = p.get("FORMAT");
        ResultFormat format;
        try {
            format = ResultFormat.parse(fmt);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
        long maxrec = defaultMaxrec;
        String m = p.get("MAXREC");
        if (m != null && !m.isBlank()) {
            try {
                maxrec = Long.parseLong(m.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequest("MAXREC must be a non-negative integer, not '" + m + "'");
            }
            if (maxrec < 0) throw new InvalidRequest("MAXREC must be a non-negative integer, not '" + m + "'");
        }
        maxrec = Math.min(maxrec, maxrecLimit);
        return new TapRequest(v, query, format, maxrec, parseUpload(p.get("UPLOAD")));
    }

    /** UPLOAD=name,URI[;name2,URI2...] (TAP 1.1 §2.5.7 / DALI 1.1 §3.4.4). */
    static List<Upload> parseUpload(String value) throws InvalidRequest {
        List<Upload> out = new ArrayList<>();
        if (value == null || value.isBlank()) return out;
        for (String item : value.split(";")) {
            if (item.isBlank()) continue;
            int comma = item.indexOf(',');
            if (comma <= 0) throw new InvalidRequest("UPLOAD item '" + item + "' is not 'table_name,URI'");
            String name = item.substring(0, comma).trim();
            String uri = item.substring(comma + 1).trim();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new InvalidRequest("UPLOAD table name '" + name + "' is not an ADQL regular identifier");
            }
            String u = uri.toLowerCase(Locale.ROOT);
            if (!(u.startsWith("param:") || u.startsWith("http://") || u.startsWith("https://"))) {
                throw new InvalidRequest("UPLOAD URI '" + uri + "' must be param:<part name> or an http(s) URL");
            }
            if (out.stream().anyMatch(x -> x.tableName().equalsIgnoreCase(name))) {
                throw new InvalidRequest("UPLOAD table name '" + name + "' given twice");
            }
            out.add(new Upload(name, uri));
        }
        return out;
    }
}
