package org.gammavo.tap.domain;

import java.util.Locale;

/**
 * The output formats of query results (TAP 1.1 §2.7.1 RESPONSEFORMAT / FORMAT): a closed set, one writer each.
 * Each accepts its short name and its MIME types.
 */
public enum ResultFormat {
    VOTABLE_BINARY2("application/x-votable+xml", "xml", "votable", "votable/b2", "application/x-votable+xml",
            "application/x-votable+xml;serialization=binary2", "application/x-votable+xml;serialization=binary",
            "votable/b", "text/xml;serialization=binary2"),
    VOTABLE_TABLEDATA("application/x-votable+xml;serialization=TABLEDATA", "xml", "votable/td",
            "application/x-votable+xml;serialization=tabledata", "text/xml", "text/xml;serialization=tabledata"),
    CSV("text/csv;header=present", "csv", "csv", "text/csv", "text/csv;header=present"),
    TSV("text/tab-separated-values", "tsv", "tsv", "text/tab-separated-values"),
    JSON("application/json", "json", "json", "application/json");

    private final String mimeType;
    private final String extension;
    private final String[] names;

    ResultFormat(String mimeType, String extension, String... names) {
        this.mimeType = mimeType;
        this.extension = extension;
        this.names = names;
    }

    /** The Content-Type of a response in this format. */
    public String mimeType() {
        return mimeType;
    }

    /** File extension of an async result ({@code result.<ext>}). */
    public String extension() {
        return extension;
    }

    /** The short names and MIME types this format answers to (for the capabilities document). */
    public String[] names() {
        return names.clone();
    }

    /**
     * The format named by a RESPONSEFORMAT/FORMAT value (case-insensitive, blanks ignored); null or blank gives
     * the default VOTable (BINARY2).
     * @throws IllegalArgumentException for an unknown format
     */
    public static ResultFormat parse(String value) {
        if (value == null || value.isBlank()) return VOTABLE_BINARY2;
        String v = value.replace(" ", "").toLowerCase(Locale.ROOT);
        for (ResultFormat f : values()) {
            for (String n : f.names) if (n.equals(v)) return f;
        }
        throw new IllegalArgumentException("unsupported RESPONSEFORMAT '" + value
                + "': use votable, votable/td, votable/b2, csv, tsv or json (or their MIME types)");
    }
}
