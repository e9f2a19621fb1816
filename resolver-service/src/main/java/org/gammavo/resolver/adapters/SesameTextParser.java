package org.gammavo.resolver.adapters;

import org.gammavo.resolver.domain.SkyObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Sesame's plain-text answer ({@code -oI}): the first database that answered gives the position ({@code %J}),
 * the main identifier ({@code %I.0}), the object type ({@code %C.0}) and the other identifiers ({@code %I}).
 */
final class SesameTextParser {

    private static final Pattern J = Pattern.compile("^%J\\s+([0-9.]+)\\s+([-+]?[0-9.]+)");

    private SesameTextParser() {
    }

    static Optional<SkyObject> parse(String name, String text) {
        Double ra = null;
        Double dec = null;
        String oname = null;
        String otype = null;
        String resolver = null;
        List<String> aliases = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.startsWith("#=")) {
                if (ra != null) {
                    break;    // only the first database that found the object
                }
                resolver = line.substring(2).replaceFirst(":.*", "").strip();
            } else if (ra == null && line.startsWith("%J")) {
                Matcher m = J.matcher(line);
                if (m.find()) {
                    ra = Double.parseDouble(m.group(1));
                    dec = Double.parseDouble(m.group(2));
                }
            } else if (line.startsWith("%I.0 ")) {
                oname = line.substring(5).strip();
            } else if (line.startsWith("%C.0 ")) {
                otype = line.substring(5).strip();
            } else if (line.startsWith("%I ")) {
                aliases.add(line.substring(3).strip());
            }
        }
        if (ra == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        names.add(oname != null ? oname : name);
        names.addAll(aliases);
        return Optional.of(new SkyObject(names.get(0), ra, dec, names, "Sesame",
                resolver == null ? "Sesame" : "Sesame " + resolver, otype, null));
    }
}
