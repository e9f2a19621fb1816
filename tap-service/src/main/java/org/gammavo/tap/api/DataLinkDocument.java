package org.gammavo.tap.api;

import org.gammavo.tap.domain.DataLink;
import org.gammavo.tap.domain.DataLinkService;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.DescribedValue;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOStarTable;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A DataLink 1.1 links document ({@code application/x-votable+xml;content=datalink}): the §3.2 columns in TABLEDATA,
 * then the service descriptor of the event-list cutout when a {@code #cutout} row points at it.
 */
final class DataLinkDocument {

    static final String MIME = "application/x-votable+xml;content=datalink";

    private DataLinkDocument() {
    }

    /** The DataLink 1.1 §3.2 columns, in the standard's order, with its UCDs. */
    private static ColumnInfo[] columns() {
        ColumnInfo id = column("ID", String.class, "meta.id;meta.main");
        // service descriptors' ID parameters refer to this FIELD
        id.setAuxDatum(new DescribedValue(VOStarTable.ID_INFO, "ID"));
        ColumnInfo length = column("content_length", Long.class, "phys.size;meta.file");
        length.setUnitString("byte");
        return new ColumnInfo[] {id, column("access_url", String.class, "meta.ref.url"),
            column("service_def", String.class, "meta.ref"), column("error_message", String.class, "meta.code.error"),
            column("semantics", String.class, "meta.code"), column("description", String.class, "meta.note"),
            column("content_type", String.class, "meta.code.mime"), length,
            column("content_qualifier", String.class, "meta.code.class"),
            column("local_semantics", String.class, "meta.code.class")};
    }

    private static ColumnInfo column(String name, Class<?> type, String ucd) {
        ColumnInfo c = new ColumnInfo(name, type, null);
        c.setUCD(ucd);
        return c;
    }

    static void write(DataLinkService.Links links, String base, OutputStream rawOut) throws IOException {
        RowListStarTable table = new RowListStarTable(columns());
        for (DataLink l : links.links()) {
            table.addRow(new Object[] {l.id(), l.accessUrl(), l.serviceDef(), l.errorMessage(), l.semantics(),
                l.description(), l.contentType(), l.contentLength(), l.contentQualifier(), l.localSemantics()});
        }
        BufferedOutputStream out = new BufferedOutputStream(rawOut);
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        VOTableDocument.begin(w);
        w.write("<RESOURCE type=\"results\">\n");
        VOTableDocument.info(w, "standardID", "ivo://ivoa.net/std/DataLink#links-1.1", null);
        VOTableDocument.table(w, out, table, DataFormat.TABLEDATA);
        w.write("</RESOURCE>\n");
        if (links.needsCutoutService()) VOTableDocument.serviceDescriptor(w, cutoutService(base));
        VOTableDocument.end(w);
        w.flush();
    }

    /**
     * The event-list cutout (DataLink 1.1 §4). SODA 1.0 parameters (ID, POS/CIRCLE, BAND, TIME) plus ENERGY:
     * clients that speak SODA (pyvo's processed(), TOPCAT) can call it; the answer is an event list, not an image.
     */
    private static VOTableDocument.ServiceDescriptor cutoutService(String base) {
        return new VOTableDocument.ServiceDescriptor(DataLinkService.CUTOUT_SERVICE, "cutout",
                "Event-list cutout of a DL3 observation: FITS with the selected EVENTS rows, the GTI and the IRF HDUs",
                "ivo://ivoa.net/std/SODA#sync-1.0", base + "/cutout", List.of(
                new VOTableDocument.Param("ID", "char", "*", null, "meta.id;meta.dataset", null, "ID", null),
                new VOTableDocument.Param("POS", "char", "*", null, "obs.field", null, null,
                        "CIRCLE ra dec radius (deg, ICRS)"),
                new VOTableDocument.Param("CIRCLE", "double", "3", "deg", "obs.field", "circle", null,
                        "ra dec radius (deg, ICRS), the SODA alternative to POS"),
                new VOTableDocument.Param("ENERGY", "double", "2", "TeV", "em.energy", "interval", null,
                        "Reconstructed energy range"),
                new VOTableDocument.Param("BAND", "double", "2", "m", "em.wl", "interval", null,
                        "Wavelength range (SODA), alternative to ENERGY"),
                new VOTableDocument.Param("TIME", "double", "2", "d", "time.interval", "interval", null,
                        "Time range, MJD in the file's time scale")));
    }
}
