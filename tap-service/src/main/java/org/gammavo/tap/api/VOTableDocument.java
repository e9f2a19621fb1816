package org.gammavo.tap.api;

import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOSerializer;
import uk.ac.starlink.votable.VOTableVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.List;

/**
 * The one way this service writes a VOTable 1.4 document (query results, DataLink links, DALI errors): the TABLE
 * element by STIL's {@link VOSerializer} (BINARY2 or TABLEDATA, streamed), the few elements around it (VOTABLE,
 * RESOURCE, INFO, service descriptors) from here, with STIL's escaping. STIL writes tables, not whole documents
 * with trailing INFOs and meta RESOURCEs, which DALI 1.1 §4.4.1 and DataLink 1.1 §4 need.
 */
final class VOTableDocument {

    private VOTableDocument() {
    }

    /** The XML declaration and the opening VOTABLE element (VOTable 1.4 uses the 1.3 namespace). */
    static void begin(Writer w) throws IOException {
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.write("<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
    }

    static void end(Writer w) throws IOException {
        w.write("</VOTABLE>\n");
    }

    /** An INFO element; {@code text} (may be null) becomes its content. */
    static void info(Writer w, String name, String value, String text) throws IOException {
        w.write("<INFO" + VOSerializer.formatAttribute("name", name) + VOSerializer.formatAttribute("value", value));
        w.write(text == null ? "/>\n" : ">" + VOSerializer.formatText(text) + "</INFO>\n");
    }

    /** The TABLE element of {@code table}, serialised by STIL straight to bytes ({@code w} is flushed first). */
    static void table(Writer w, OutputStream out, StarTable table, DataFormat format) throws IOException {
        w.flush();
        VOSerializer.makeSerializer(format, VOTableVersion.V14, table).writeInlineTableElementUTF8(out);
    }

    /**
     * An input parameter of a service descriptor.
     *
     * @param ref the XML ID of the result column whose values it takes, or null
     */
    record Param(String name, String datatype, String arraysize, String unit, String ucd, String xtype, String ref,
                 String description) {
    }

    /**
     * A DataLink 1.1 §4 service descriptor: {@code RESOURCE type="meta" utype="adhoc:service"}.
     *
     * @param id          its XML ID (what service_def names), or null
     * @param standardId  the IVOA standard the service speaks
     * @param inputParams the parameters a client fills in
     */
    record ServiceDescriptor(String id, String name, String description, String standardId, String accessUrl,
                             List<Param> inputParams) {
    }

    static void serviceDescriptor(Writer w, ServiceDescriptor d) throws IOException {
        w.write("<RESOURCE type=\"meta\" utype=\"adhoc:service\"" + attribute("ID", d.id())
                + attribute("name", d.name()) + ">\n");
        w.write("<DESCRIPTION>" + VOSerializer.formatText(d.description()) + "</DESCRIPTION>\n");
        w.write("<PARAM name=\"standardID\" datatype=\"char\" arraysize=\"*\""
                + VOSerializer.formatAttribute("value", d.standardId()) + "/>\n");
        w.write("<PARAM name=\"accessURL\" datatype=\"char\" arraysize=\"*\""
                + VOSerializer.formatAttribute("value", d.accessUrl()) + "/>\n");
        w.write("<GROUP name=\"inputParams\">\n");
        for (Param p : d.inputParams()) {
            w.write("<PARAM" + attribute("name", p.name()) + attribute("datatype", p.datatype())
                    + attribute("arraysize", p.arraysize()) + attribute("unit", p.unit()) + attribute("ucd", p.ucd())
                    + attribute("xtype", p.xtype()) + attribute("ref", p.ref()) + " value=\"\"");
            w.write(p.description() == null ? "/>\n"
                    : "><DESCRIPTION>" + VOSerializer.formatText(p.description()) + "</DESCRIPTION></PARAM>\n");
        }
        w.write("</GROUP>\n</RESOURCE>\n");
    }

    private static String attribute(String name, String value) {
        return value == null ? "" : VOSerializer.formatAttribute(name, value);
    }
}
