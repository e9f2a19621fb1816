package org.gammavo.adql.translate;

import java.util.List;

/** Small spherical helpers (degrees) for computing index ranges of constant shapes. */
final class Sphere {
    private Sphere() { }

    /** Centre of a polygon given as lon,lat pairs: the normalised mean of the vertex unit vectors. */
    static double[] centre(List<Double> c) {
        double x = 0, y = 0, z = 0;
        for (int i = 0; i + 1 < c.size(); i += 2) {
            double lon = Math.toRadians(c.get(i)), lat = Math.toRadians(c.get(i + 1));
            x += Math.cos(lat) * Math.cos(lon);
            y += Math.cos(lat) * Math.sin(lon);
            z += Math.sin(lat);
        }
        double lon = Math.toDegrees(Math.atan2(y, x));
        return new double[] {lon < 0 ? lon + 360 : lon, Math.toDegrees(Math.atan2(z, Math.hypot(x, y)))};
    }

    /** Angular distance in degrees (haversine, stable for small angles). */
    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2)
                + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    /** Largest distance from {@code centre} to a vertex. */
    static double maxDistance(double[] centre, List<Double> c) {
        double m = 0;
        for (int i = 0; i + 1 < c.size(); i += 2) {
            m = Math.max(m, distance(centre[0], centre[1], c.get(i), c.get(i + 1)));
        }
        return m;
    }
}
