package org.gammavo.resolver.domain;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a name as typed into the key names are matched on.
 *
 * <p>Case, white space, underscores and accents are ignored, and the spelling variants of a few catalogue prefixes
 * are folded ("H.E.S.S." and "HESS", "Markarian" and "Mrk", "Messier" and "M", ...), so "HESS J1825-137",
 * "HESSJ1825-137" and "hess j1825-137" share one key. Signs, dots inside numbers and '*' stay: they tell
 * "J1825-137" from "J1825+137" and "Sgr A*" from "Sgr A".
 */
public final class NameNormalizer {

    /** Folded prefixes, longest spelling first; applied to the start of the compacted upper-case name. */
    private static final List<Map.Entry<String, String>> PREFIXES = List.of(
            Map.entry("H.E.S.S.", "HESS"),
            Map.entry("MARKARIAN", "MRK"),
            Map.entry("MESSIER", "M"),
            Map.entry("SAGITTARIUS", "SGR"),
            Map.entry("CASSIOPEIA", "CAS"),
            Map.entry("CYGNUS", "CYG"),
            Map.entry("VER.", "VER"),
            Map.entry("MAGIC-", "MAGIC"),
            Map.entry("NAME", ""));   // SIMBAD's "NAME Crab Nebula" form

    private NameNormalizer() {
    }

    /** The match key of {@code name}; an empty string when nothing is left. */
    public static String key(String name) {
        if (name == null) {
            return "";
        }
        String s = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && c != '_' && !Character.isISOControl(c)) {
                b.append(c);
            }
        }
        String k = b.toString().toUpperCase(Locale.ROOT);
        for (Map.Entry<String, String> p : PREFIXES) {
            if (k.startsWith(p.getKey()) && k.length() > p.getKey().length()) {
                k = p.getValue() + k.substring(p.getKey().length());
                break;
            }
        }
        // "Centre"/"Center": the Galactic Centre is spelled both ways.
        return k.replace("CENTER", "CENTRE");
    }
}
