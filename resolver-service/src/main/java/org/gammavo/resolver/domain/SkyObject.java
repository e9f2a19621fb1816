package org.gammavo.resolver.domain;

import java.util.List;

/**
 * An astronomical object as the resolver knows it.
 *
 * @param canonicalName the name the object is listed under in its source catalogue (e.g. "Crab nebula")
 * @param ra            right ascension, ICRS, degrees
 * @param dec           declination, ICRS, degrees
 * @param names         every name it answers to, canonical name first, as written in the sources
 * @param catalogue     where the position comes from (e.g. "gammacat", "HGPS", "3FHL", "operator", "Sesame")
 * @param reference     the entry in that catalogue (e.g. "gammacat source_id 25"), or null
 * @param objectClass   the catalogue's class (e.g. "pwn", "hbl"), or null when unknown
 * @param extension     the source's angular size in degrees (Gaussian sigma or shell radius as the catalogue gives
 *                      it), or null for point-like or unknown
 */
public record SkyObject(String canonicalName, double ra, double dec, List<String> names, String catalogue,
                        String reference, String objectClass, Double extension) {

    public SkyObject {
        if (canonicalName == null || canonicalName.isBlank()) {
            throw new IllegalArgumentException("an object needs a name");
        }
        if (!(ra >= 0 && ra < 360) || !(dec >= -90 && dec <= 90)) {
            throw new IllegalArgumentException("position out of range for " + canonicalName + ": " + ra + " " + dec);
        }
        names = names == null || names.isEmpty() ? List.of(canonicalName) : List.copyOf(names);
    }

    /** The same object, answering to {@code extra} names as well (duplicates skipped). */
    public SkyObject withNames(List<String> extra) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(names);
        all.addAll(extra);
        return new SkyObject(canonicalName, ra, dec, List.copyOf(all), catalogue, reference, objectClass, extension);
    }
}
