package org.gammavo.tap.domain;

import java.util.Locale;

/**
 * What the ingestion needs to know about a data release that its files do not say: the ObsCore collection
 * name, the facility, a default instrument name and the field of view.
 *
 * @param key           folder name under {@code dl3/} and the collection part of obs_publisher_did
 * @param obsCollection ObsCore obs_collection
 * @param facility      ObsCore facility_name
 * @param instrument    instrument_name when the EVENTS header has no INSTRUME
 * @param fovDiameter   field-of-view diameter in degrees (s_fov), when the files do not state it
 */
public record Collection(String key, String obsCollection, String facility, String instrument, double fovDiameter) {

    /** The known releases; any other folder gets a generic description from its folder name. */
    public static Collection of(String key) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "hess-dl3-dr1" -> new Collection(key, "HESS-DL3-DR1", "H.E.S.S.", "H.E.S.S. Phase I", 5.0);
            case "cta-1dc" -> new Collection(key, "CTA-1DC", "CTAO", "CTA South (1DC simulation)", 10.0);
            case "magic" -> new Collection(key, "MAGIC-DL3", "MAGIC", "MAGIC stereo", 3.5);
            case "veritas" -> new Collection(key, "VERITAS-DL3", "VERITAS", "VERITAS", 3.5);
            default -> new Collection(key, key.toUpperCase(Locale.ROOT), key.toUpperCase(Locale.ROOT), null, 5.0);
        };
    }
}
