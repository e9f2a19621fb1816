package org.gammavo.adql.check;

import java.util.HashMap;
import java.util.Map;

/**
 * Minimal VOUnit conversion for IN_UNIT (ADQL 2.1 §4.6): simple units with SI prefixes and one optional
 * "/" quotient. Enough for angles, lengths, times, frequencies and energies used in gamma-ray and
 * ObsCore tables.
 */
public final class Units {
    private Units() { }

    /** Dimension vector as a string key plus factor to the base unit. */
    record Q(String dim, double factor) { }

    private static final Map<String, Q> BASE = new HashMap<>();
    private static final Map<String, Double> PREFIX = new HashMap<>();

    static {
        BASE.put("rad", new Q("angle", 1));
        BASE.put("deg", new Q("angle", Math.PI / 180));
        BASE.put("arcmin", new Q("angle", Math.PI / 180 / 60));
        BASE.put("arcsec", new Q("angle", Math.PI / 180 / 3600));
        BASE.put("mas", new Q("angle", Math.PI / 180 / 3600e3));
        BASE.put("m", new Q("length", 1));
        BASE.put("Angstrom", new Q("length", 1e-10));
        BASE.put("AU", new Q("length", 1.495978707e11));
        BASE.put("pc", new Q("length", 3.0856775814913673e16));
        BASE.put("s", new Q("time", 1));
        BASE.put("min", new Q("time", 60));
        BASE.put("h", new Q("time", 3600));
        BASE.put("d", new Q("time", 86400));
        BASE.put("yr", new Q("time", 365.25 * 86400));
        BASE.put("a", new Q("time", 365.25 * 86400));
        BASE.put("Hz", new Q("frequency", 1));
        BASE.put("eV", new Q("energy", 1.602176634e-19));
        BASE.put("J", new Q("energy", 1));
        BASE.put("erg", new Q("energy", 1e-7));
        BASE.put("g", new Q("mass", 1e-3));
        BASE.put("sr", new Q("solidangle", 1));
        BASE.put("deg2", new Q("solidangle", Math.pow(Math.PI / 180, 2)));
        String[] p = {"y", "z", "a", "f", "p", "n", "u", "m", "c", "d", "da", "h", "k", "M", "G", "T", "P", "E", "Z", "Y"};
        double[] v = {1e-24, 1e-21, 1e-18, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 1e-2, 1e-1, 1e1, 1e2, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18, 1e21, 1e24};
        for (int i = 0; i < p.length; i++) PREFIX.put(p[i], v[i]);
    }

    private static Q simple(String u) {
        u = u.trim();
        Q q = BASE.get(u);
        if (q != null) return q;
        for (int n = 2; n >= 1; n--) {
            if (u.length() > n && PREFIX.containsKey(u.substring(0, n))) {
                Q b = BASE.get(u.substring(n));
                if (b != null && !u.substring(n).equals("deg") && !u.substring(n).equals("min"))
                    return new Q(b.dim(), b.factor() * PREFIX.get(u.substring(0, n)));
            }
        }
        return null;
    }

    private static Q parse(String u) {
        if (u == null || u.isBlank()) return null;
        int slash = u.indexOf('/');
        if (slash < 0) return simple(u);
        Q a = simple(u.substring(0, slash)), b = simple(u.substring(slash + 1));
        if (a == null || b == null) return null;
        return new Q(a.dim() + "/" + b.dim(), a.factor() / b.factor());
    }

    /** The factor to multiply a value in {@code from} by to get it in {@code to}, or null if not convertible. */
    public static Double factor(String from, String to) {
        Q a = parse(from), b = parse(to);
        if (a == null || b == null || !a.dim().equals(b.dim())) return null;
        return a.factor() / b.factor();
    }

    /** True if the unit string is understood. */
    public static boolean known(String u) { return parse(u) != null; }
}
