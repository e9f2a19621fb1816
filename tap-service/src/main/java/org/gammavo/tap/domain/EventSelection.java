package org.gammavo.tap.domain;

import java.util.Locale;

/**
 * The selection of an event-list cutout: an optional cone, energy range and time range. Parameters follow SODA 1.0
 * §3.3 syntax where one exists (POS=CIRCLE ra dec radius in degrees, BAND=λmin λmax in metres, TIME=MJD MJD),
 * plus ENERGY=Emin Emax in TeV, the natural unit of DL3 event lists; -Inf/+Inf leave an end open.
 *
 * @param ra     cone centre, deg (NaN when no cone)
 * @param dec    cone centre, deg
 * @param radius cone radius, deg
 */
public record EventSelection(double ra, double dec, double radius, double eMinTeV, double eMaxTeV, double tMin, double tMax) {

    /** Parses the parameters (each may be null). @throws IllegalArgumentException with a message for the client */
    public static EventSelection parse(String pos, String band, String energy, String time) {
        double ra = Double.NaN, dec = Double.NaN, r = Double.NaN;
        if (pos != null && !pos.isBlank()) {
            String[] w = pos.trim().split("\\s+");
            if (w.length != 4 || !w[0].equalsIgnoreCase("CIRCLE")) {
                throw new IllegalArgumentException("POS must be 'CIRCLE ra dec radius' (degrees; RANGE and POLYGON are not supported for event lists), not '" + pos + "'");
            }
            ra = number(w[1], "POS");
            dec = number(w[2], "POS");
            r = number(w[3], "POS");
            if (r <= 0 || r > 180 || dec < -90 || dec > 90) throw new IllegalArgumentException("POS out of range: " + pos);
        }
        double eMin = Double.NEGATIVE_INFINITY, eMax = Double.POSITIVE_INFINITY;
        if (energy != null && !energy.isBlank()) {
            double[] e = interval(energy, "ENERGY");
            eMin = e[0];
            eMax = e[1];
        }
        if (band != null && !band.isBlank()) {
            double[] b = interval(band, "BAND");
            // λ = hc/E: the shortest wavelength bounds the highest energy
            eMin = Math.max(eMin, b[1] == Double.POSITIVE_INFINITY ? 0 : ObsCoreMapper.HC_EV_M / b[1] / 1e12);
            eMax = Math.min(eMax, b[0] <= 0 ? Double.POSITIVE_INFINITY : ObsCoreMapper.HC_EV_M / b[0] / 1e12);
        }
        double tMin = Double.NEGATIVE_INFINITY, tMax = Double.POSITIVE_INFINITY;
        if (time != null && !time.isBlank()) {
            double[] t = interval(time, "TIME");
            tMin = t[0];
            tMax = t[1];
        }
        return new EventSelection(ra, dec, r, eMin, eMax, tMin, tMax);
    }

    private static double[] interval(String s, String name) {
        String[] w = s.trim().split("\\s+");
        if (w.length != 2) throw new IllegalArgumentException(name + " must be two numbers 'low high', not '" + s + "'");
        double lo = number(w[0], name), hi = number(w[1], name);
        if (lo > hi) throw new IllegalArgumentException(name + " low end is above the high end: '" + s + "'");
        return new double[] {lo, hi};
    }

    private static double number(String w, String name) {
        String v = w.toLowerCase(Locale.ROOT);
        if (v.equals("-inf")) return Double.NEGATIVE_INFINITY;
        if (v.equals("+inf") || v.equals("inf")) return Double.POSITIVE_INFINITY;
        try {
            return Double.parseDouble(w);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + w + "' is not a number");
        }
    }

    /** True when the selection bounds time (then the GTI of a cutout is trimmed to it). */
    public boolean hasTimeRange() {
        return tMin > Double.NEGATIVE_INFINITY || tMax < Double.POSITIVE_INFINITY;
    }

    /** True if an event (ra, dec deg; energy TeV; time MJD) passes. */
    public boolean accepts(double evRa, double evDec, double energyTeV, double mjd) {
        if (energyTeV < eMinTeV || energyTeV > eMaxTeV || mjd < tMin || mjd > tMax) return false;
        return Double.isNaN(radius) || angularDistance(ra, dec, evRa, evDec) <= radius;
    }

    /** Great-circle distance in degrees (haversine, stable at small angles). */
    public static double angularDistance(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1), p2 = Math.toRadians(dec2);
        double s = Math.pow(Math.sin((p2 - p1) / 2), 2)
                + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(Math.toRadians(ra2 - ra1) / 2), 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(s))));
    }
}
