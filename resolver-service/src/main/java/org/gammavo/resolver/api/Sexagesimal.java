package org.gammavo.resolver.api;

import java.util.Locale;

/** Sesame's {@code jpos} form of a position: "hh:mm:ss.ss +dd:mm:ss.s". */
final class Sexagesimal {

    private Sexagesimal() {
    }

    static String of(double ra, double dec) {
        // Work in hundredths of a time second and tenths of an arcsecond so rounding carries properly.
        long raCs = Math.round(ra / 15.0 * 3600 * 100) % (24L * 3600 * 100);
        long decDs = Math.round(Math.abs(dec) * 3600 * 10);
        return String.format(Locale.ROOT, "%02d:%02d:%05.2f %s%02d:%02d:%04.1f",
                raCs / 360000, raCs / 6000 % 60, raCs % 6000 / 100.0,
                dec < 0 ? "-" : "+", decDs / 36000, decDs / 600 % 60, decDs % 600 / 10.0);
    }
}
