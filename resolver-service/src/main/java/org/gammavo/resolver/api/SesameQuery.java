package org.gammavo.resolver.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sesame request as CDS spells it: {@code sesame/-o<options>/~<databases>?<name>[&<name>...]}.
 *
 * <p>Options: {@code x} XML (Sesame 4 schema), {@code x2} the same (our answers have no extra fields),
 * {@code I} list all identifiers, {@code p}/{@code F}/{@code E} accepted and ignored (no photometry or fluxes here).
 * Databases: any of {@code S N V A} (Simbad, NED, VizieR, all), optionally after {@code ~}; every letter is
 * answered from the same local index, which is what "A" means for a client. Both parts are optional
 * ({@code sesame/A?Crab} is astropy's form, {@code sesame/?Crab} plain CDS's).
 *
 * @param xml         XML output requested
 * @param identifiers {@code I}: all names of the object
 * @param databases   the database letters as asked (e.g. "A", "SNV")
 * @param names       the names, percent-decoded
 */
public record SesameQuery(boolean xml, boolean identifiers, String databases, List<String> names) {

    private static final Pattern OPTIONS = Pattern.compile("-o((?:x2|[xIpFE])*)");
    private static final Pattern DATABASES = Pattern.compile("~?([SNVA]+)", Pattern.CASE_INSENSITIVE);

    /**
     * Parses the path after {@code sesame/} and the raw query string.
     *
     * @throws IllegalArgumentException with a message for the client when the request is malformed
     */
    public static SesameQuery parse(String path, String rawQuery) {
        boolean xml = false;
        boolean identifiers = false;
        String databases = "A";
        for (String segment : path == null ? new String[0] : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            Matcher o = OPTIONS.matcher(segment);
            Matcher d = DATABASES.matcher(segment);
            if (o.matches()) {
                xml = o.group(1).contains("x");
                identifiers = o.group(1).contains("I");
            } else if (d.matches()) {
                databases = d.group(1).toUpperCase(Locale.ROOT);
            } else if (segment.startsWith("-o")) {
                throw new IllegalArgumentException("unknown Sesame output option '" + segment
                        + "': use -o followed by x, x2, I, p, F or E");
            } else {
                throw new IllegalArgumentException("unknown Sesame database selection '" + segment
                        + "': use letters of S, N, V, A, optionally after ~");
            }
        }
        if (rawQuery == null || rawQuery.isBlank()) {
            throw new IllegalArgumentException("no name: Sesame takes the object name as the query string, "
                    + "e.g. sesame/-oI/A?Crab");
        }
        List<String> names = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            String name = decode(part).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no name in the query string");
        }
        if (names.size() > 1000) {
            throw new IllegalArgumentException("at most 1000 names per request");
        }
        return new SesameQuery(xml, identifiers, databases, List.copyOf(names));
    }

    // Percent-decoding only: '+' is literal in Sesame queries ("3HWC J0534+220"); protect it from URLDecoder.
    private static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding in '" + part + "'");
        }
    }
}
