package org.gammavo.uws.api;

import org.gammavo.uws.adapters.JobRef;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

/**
 * Writes the UWS 1.1 XML documents (namespace http://www.ivoa.net/xml/UWS/v1.0, schema UWS 1.1-REC-20161024):
 * {@code jobs}, {@code job}, {@code results}, {@code parameters}. Elements come in the XSD's sequence order
 * because strict clients (pyvo's UWS parser among them) read them positionally; nillable elements are written
 * with {@code xsi:nil="true"} rather than left out.
 */
final class UwsXml {

    static final String UWS = "http://www.ivoa.net/xml/UWS/v1.0";
    static final String XLINK = "http://www.w3.org/1999/xlink";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private UwsXml() {
    }

    /** The job list (§2.2.2.1): one jobref per job, with its phase, runId, ownerId and creationTime. */
    static void jobs(OutputStream out, List<JobRef> jobs, Function<String, String> href) {
        write(out, w -> {
            root(w, "jobs");
            for (JobRef j : jobs) {
                w.writeStartElement("uws", "jobref", UWS);
                w.writeAttribute("id", j.jobId());
                w.writeAttribute("xlink", XLINK, "type", "simple");
                w.writeAttribute("xlink", XLINK, "href", href.apply(j.jobId()));
                text(w, "phase", j.phase().name());
                if (j.runId() != null) {
                    text(w, "runId", j.runId());
                }
                nillable(w, "ownerId", j.ownerId());
                text(w, "creationTime", time(j.creationTime()));
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    /** The job document (§2.2.3, JobSummary). */
    static void job(OutputStream out, JobView j) {
        write(out, w -> {
            root(w, "job");
            text(w, "jobId", j.jobId());
            if (j.runId() != null) {
                text(w, "runId", j.runId());
            }
            nillable(w, "ownerId", j.ownerId());
            text(w, "phase", j.phase().name());
            nillable(w, "quote", time(j.quote()));
            text(w, "creationTime", time(j.creationTime()));
            nillable(w, "startTime", time(j.startTime()));
            nillable(w, "endTime", time(j.endTime()));
            text(w, "executionDuration", Long.toString(j.executionDuration()));
            nillable(w, "destruction", time(j.destruction()));
            parametersElement(w, j.parameters());
            resultsElement(w, j.results());
            if (j.error() != null) {
                w.writeStartElement("uws", "errorSummary", UWS);
                w.writeAttribute("type", j.error().type());
                w.writeAttribute("hasDetail", "true");
                text(w, "message", j.error().message());
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    /** The results resource (§2.2.3.5). */
    static void results(OutputStream out, List<JobView.Result> results) {
        write(out, w -> {
            w.writeStartElement("uws", "results", UWS);
            namespaces(w);
            resultList(w, results);
            w.writeEndElement();
        });
    }

    /** The parameters resource (§2.2.3.4). */
    static void parameters(OutputStream out, List<JobView.Parameter> parameters) {
        write(out, w -> {
            w.writeStartElement("uws", "parameters", UWS);
            namespaces(w);
            parameterList(w, parameters);
            w.writeEndElement();
        });
    }

    private static void parametersElement(XMLStreamWriter w, List<JobView.Parameter> ps) throws XMLStreamException {
        w.writeStartElement("uws", "parameters", UWS);
        parameterList(w, ps);
        w.writeEndElement();
    }

    private static void parameterList(XMLStreamWriter w, List<JobView.Parameter> ps) throws XMLStreamException {
        for (JobView.Parameter p : ps) {
            w.writeStartElement("uws", "parameter", UWS);
            w.writeAttribute("id", p.id());
            if (p.byReference()) {
                w.writeAttribute("byReference", "true");
            }
            w.writeCharacters(p.value());
            w.writeEndElement();
        }
    }

    private static void resultsElement(XMLStreamWriter w, List<JobView.Result> rs) throws XMLStreamException {
        w.writeStartElement("uws", "results", UWS);
        resultList(w, rs);
        w.writeEndElement();
    }

    private static void resultList(XMLStreamWriter w, List<JobView.Result> rs) throws XMLStreamException {
        for (JobView.Result r : rs) {
            w.writeEmptyElement("uws", "result", UWS);
            w.writeAttribute("id", r.id());
            w.writeAttribute("xlink", XLINK, "type", "simple");
            w.writeAttribute("xlink", XLINK, "href", r.href());
            if (r.size() > 0) {
                w.writeAttribute("size", Long.toString(r.size()));
            }
            if (r.mimeType() != null) {
                w.writeAttribute("mime-type", r.mimeType());
            }
        }
    }

    private static void root(XMLStreamWriter w, String name) throws XMLStreamException {
        w.writeStartElement("uws", name, UWS);
        namespaces(w);
    }

    private static void namespaces(XMLStreamWriter w) throws XMLStreamException {
        w.writeNamespace("uws", UWS);
        w.writeNamespace("xlink", XLINK);
        w.writeNamespace("xsi", XSI);
        w.writeAttribute("version", "1.1");
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement("uws", name, UWS);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private static void nillable(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        if (value == null) {
            w.writeEmptyElement("uws", name, UWS);
            w.writeAttribute("xsi", XSI, "nil", "true");
        } else {
            text(w, name, value);
        }
    }

    /** ISO-8601 UTC to the millisecond; PostgreSQL keeps microseconds nobody needs. */
    static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static void write(OutputStream out, Body body) {
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            body.write(w);
            w.writeEndDocument();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new java.io.IOException("cannot write UWS XML", e));
        }
    }
}
