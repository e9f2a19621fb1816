package org.gammavo.tap.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.gammavo.adql.translate.OutputColumn;
import org.gammavo.tap.domain.ResultCursor;
import org.gammavo.tap.domain.ResultFormat;
import uk.ac.starlink.table.AbstractStarTable;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.DescribedValue;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOStarTable;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Writes a query result in one of the {@link ResultFormat}s, streaming: one row in memory at a time.
 * VOTable goes through STIL's serializers (BINARY2 or TABLEDATA); CSV, TSV and JSON are simple enough to write here.
 */
public final class ResultWriter {

    private ResultWriter() {}

    /** Writes {@code cursor} to {@code out} (not closed) in {@code format}; {@code query} goes into an INFO. */
    public static void write(
            ResultFormat format, ResultCursor cursor, String query, OutputStream out)
            throws IOException {
        write(format, cursor, query, null, out);
    }

    /**
     * As {@link #write(ResultFormat, ResultCursor, String, OutputStream)}; when {@code datalinkUrl} is given and the
     * result has an obs_publisher_did column, a VOTable also carries a DataLink service descriptor for that column
     * (DataLink 1.1 §4.1), so that clients (pyvo's iter_datalinks, TOPCAT's activation actions) find each row's links.
     */
    public static void write(
            ResultFormat format,
            ResultCursor cursor,
            String query,
            String datalinkUrl,
            OutputStream out)
            throws IOException {
        switch (format) {
            case VOTABLE_BINARY2 -> votable(cursor, DataFormat.BINARY2, query, datalinkUrl, out);
            case VOTABLE_TABLEDATA ->
                    votable(cursor, DataFormat.TABLEDATA, query, datalinkUrl, out);
            case CSV -> separated(cursor, ',', out);
            case TSV -> separated(cursor, '\t', out);
            case JSON -> json(cursor, out);
        }
    }

    /**
     * A STIL table over the cursor: sequential only, row count unknown; one row sequence. A failure of the cursor
     * (the database gave up in the middle of the result) ends the table cleanly and is kept in {@link #failure}, so
     * that the document stays well-formed and can say what happened after the rows already sent.
     */
    private static final class CursorTable extends AbstractStarTable {
        private final ResultCursor cursor;
        private final ColumnInfo[] infos;
        private boolean used;
        private IOException failure;

        CursorTable(ResultCursor cursor) {
            this.cursor = cursor;
            List<OutputColumn> cols = cursor.columns();
            infos = new ColumnInfo[cols.size()];
            for (int i = 0; i < infos.length; i++) infos[i] = columnInfo(cols.get(i));
        }

        @Override
        public int getColumnCount() {
            return infos.length;
        }

        @Override
        public long getRowCount() {
            return -1;
        }

        @Override
        public ColumnInfo getColumnInfo(int i) {
            return infos[i];
        }

        @Override
        public RowSequence getRowSequence() throws IOException {
            if (used) throw new IOException("a query result can be read once only");
            used = true;
            return new RowSequence() {
                @Override
                public boolean next() {
                    if (failure != null) return false;
                    try {
                        return cursor.next();
                    } catch (IOException e) {
                        failure = e;
                        return false;
                    }
                }

                @Override
                public Object getCell(int i) {
                    return cursor.row()[i];
                }

                @Override
                public Object[] getRow() {
                    return cursor.row();
                }

                @Override
                public void close() {
                    // the cursor's owner closes it
                }
            };
        }
    }

    static ColumnInfo columnInfo(OutputColumn c) {
        int kind = ResultCursor.kind(c);
        Class<?> cls =
                switch (kind) {
                    case ResultCursor.BOOLEAN -> Boolean.class;
                    case ResultCursor.SHORT -> Short.class;
                    case ResultCursor.INT -> Integer.class;
                    case ResultCursor.LONG -> Long.class;
                    case ResultCursor.FLOAT -> Float.class;
                    case ResultCursor.DOUBLE -> Double.class;
                    case ResultCursor.DOUBLE_ARRAY -> double[].class;
                    case ResultCursor.LONG_ARRAY -> long[].class;
                    default -> String.class;
                };
        ColumnInfo info = new ColumnInfo(c.name(), cls, c.description());
        if (cls.isArray()) {
            String as = c.arraysize();
            int n = -1;
            if (as != null && as.matches("\\d+")) n = Integer.parseInt(as);
            info.setShape(new int[] {n});
        }
        if (c.xtype() != null) info.setXtype(c.xtype());
        if (c.unit() != null) info.setUnitString(c.unit());
        if (c.ucd() != null) info.setUCD(c.ucd());
        if (c.utype() != null) info.setUtype(c.utype());
        return info;
    }

    /** The utype of ObsCore's obs_publisher_did: the column DataLink's ID parameter takes its values from. */
    static final String PUBLISHER_DID_UTYPE = "obscore:Curation.PublisherDID";

    /** The XML ID given to that column's FIELD, which the service descriptor's ID parameter refers to. */
    static final String PUBLISHER_DID_FIELD_ID = "obs_publisher_did";

    private static void votable(
            ResultCursor cursor,
            DataFormat format,
            String query,
            String datalinkUrl,
            OutputStream rawOut)
            throws IOException {
        // One byte buffer under everything: the XML around the table goes through a Writer, the
        // table itself
        // straight to bytes (STIL's UTF-8 path skips encoding the base64 of BINARY2 char by char).
        BufferedOutputStream out = new BufferedOutputStream(rawOut, 64 * 1024);
        BufferedWriter w =
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8 * 1024);
        VOTableDocument.begin(w);
        w.write("<RESOURCE type=\"results\">\n");
        VOTableDocument.info(w, "QUERY_STATUS", "OK", null);
        if (query != null) VOTableDocument.info(w, "QUERY", query, null);
        CursorTable table = new CursorTable(cursor);
        boolean linked = false;
        if (datalinkUrl != null) {
            for (int i = 0; i < table.infos.length && !linked; i++) {
                OutputColumn c = cursor.columns().get(i);
                if (PUBLISHER_DID_UTYPE.equalsIgnoreCase(c.utype())
                        || "obs_publisher_did".equalsIgnoreCase(c.name())) {
                    table.infos[i].setAuxDatum(
                            new DescribedValue(VOStarTable.ID_INFO, PUBLISHER_DID_FIELD_ID));
                    linked = true;
                }
            }
        }
        VOTableDocument.table(w, out, table, format);
        if (table.failure != null) {
            VOTableDocument.info(
                    w,
                    "QUERY_STATUS",
                    "ERROR",
                    "the result is incomplete: " + table.failure.getMessage());
        } else if (cursor.overflow()) {
            VOTableDocument.info(w, "QUERY_STATUS", "OVERFLOW", null);
        }
        w.write("</RESOURCE>\n");
        if (linked) VOTableDocument.serviceDescriptor(w, dataLinkService(datalinkUrl));
        VOTableDocument.end(w);
        w.flush();
        if (table.failure != null) throw new IncompleteResult(table.failure);
    }

    /** DataLink 1.1 §4.1: where the links of each row's obs_publisher_did are. */
    private static VOTableDocument.ServiceDescriptor dataLinkService(String datalinkUrl) {
        return new VOTableDocument.ServiceDescriptor(
                null,
                "datalink",
                "DataLink links of each dataset: the DL3 file,"
                        + " its response functions, a preview and an event-list cutout",
                "ivo://ivoa.net/std/DataLink#links-1.1",
                datalinkUrl,
                List.of(
                        new VOTableDocument.Param(
                                "ID",
                                "char",
                                "*",
                                null,
                                "meta.id;meta.main",
                                null,
                                PUBLISHER_DID_FIELD_ID,
                                null)));
    }

    /**
     * The result ended early because the database failed after rows had been sent; the document written says so
     * (VOTable: a trailing QUERY_STATUS=ERROR; JSON: query_status ERROR). Callers log it and end the job in ERROR.
     */
    public static final class IncompleteResult extends IOException {
        IncompleteResult(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static void separated(ResultCursor cursor, char sep, OutputStream out)
            throws IOException {
        Writer w =
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        List<OutputColumn> cols = cursor.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) w.write(sep);
            w.write(cell(cols.get(i).name(), sep));
        }
        w.write("\r\n".substring(sep == ',' ? 0 : 1));
        while (cursor.next()) {
            Object[] row = cursor.row();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) w.write(sep);
                if (row[i] != null) w.write(cell(text(row[i]), sep));
            }
            w.write(sep == ',' ? "\r\n" : "\n");
        }
        w.flush();
    }

    /** DALI 1.1 §3.2 serialisation of a value as text: arrays are space-separated numbers. */
    static String text(Object v) {
        if (v instanceof double[] a) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : " ").append(a[i]);
            return sb.toString();
        }
        if (v instanceof long[] a) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : " ").append(a[i]);
            return sb.toString();
        }
        return v.toString();
    }

    private static String cell(String s, char sep) {
        if (sep == '\t') return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
            return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void json(ResultCursor cursor, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeArrayFieldStart("metadata");
            for (OutputColumn c : cursor.columns()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField(
                        "datatype",
                        c.datatype() == null ? null : c.datatype().toLowerCase(Locale.ROOT));
                if (c.arraysize() != null) g.writeStringField("arraysize", c.arraysize());
                if (c.xtype() != null) g.writeStringField("xtype", c.xtype());
                if (c.unit() != null) g.writeStringField("unit", c.unit());
                if (c.ucd() != null) g.writeStringField("ucd", c.ucd());
                if (c.description() != null) g.writeStringField("description", c.description());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("data");
            IOException failure = null;
            while (true) {
                try {
                    if (!cursor.next()) break;
                } catch (IOException e) {
                    failure = e;
                    break;
                }
                g.writeStartArray();
                for (Object v : cursor.row()) {
                    if (v == null) g.writeNull();
                    else if (v instanceof Double d) {
                        if (d.isNaN() || d.isInfinite()) g.writeNull();
                        else g.writeNumber(d);
                    } else if (v instanceof Float f) {
                        if (f.isNaN() || f.isInfinite()) g.writeNull();
                        else g.writeNumber(f);
                    } else if (v instanceof Long l) g.writeNumber(l);
                    else if (v instanceof Integer n) g.writeNumber(n);
                    else if (v instanceof Short s) g.writeNumber(s);
                    else if (v instanceof Boolean b) g.writeBoolean(b);
                    else if (v instanceof double[] a) {
                        g.writeStartArray();
                        for (double d : a) {
                            if (Double.isNaN(d)) g.writeNull();
                            else g.writeNumber(d);
                        }
                        g.writeEndArray();
                    } else if (v instanceof long[] a) {
                        g.writeStartArray();
                        for (long d : a) g.writeNumber(d);
                        g.writeEndArray();
                    } else g.writeString(v.toString());
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeStringField(
                    "query_status",
                    failure != null ? "ERROR" : cursor.overflow() ? "OVERFLOW" : "OK");
            if (failure != null)
                g.writeStringField("error", "the result is incomplete: " + failure.getMessage());
            g.writeEndObject();
            g.flush();
            if (failure != null) throw new IncompleteResult(failure);
        }
    }
}
