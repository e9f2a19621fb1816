package org.gammavo.tap.adapters;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.Cursor;
import nom.tam.util.FitsOutputStream;
import org.gammavo.tap.domain.EventSelection;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * FITS products made from the DL3 files with nom-tam-fits: a single response-function HDU, an event-list cutout
 * (selected events, GTI and IRF HDUs kept) and a counts-map preview PNG.
 */
public final class Dl3Files {

    /** Keywords describing a binary table's layout: rewritten for the new table, never copied. */
    private static final Pattern STRUCTURAL = Pattern.compile("(XTENSION|BITPIX|NAXIS\\d*|PCOUNT|GCOUNT|TFIELDS|THEAP|TFORM\\d+|TDIM\\d+|END)");

    private Dl3Files() {
    }

    /** Writes a FITS file with an empty primary HDU and the HDU {@code hduName} of {@code file}. */
    public static void writeSingleHdu(Path file, String hduName, OutputStream out) throws IOException, FitsException {
        try (Fits in = new Fits(file.toFile()); Fits result = new Fits()) {
            BasicHDU<?> hdu;
            BasicHDU<?> found = null;
            while ((hdu = in.readHDU()) != null) {
                if (hduName.equalsIgnoreCase(hdu.getHeader().getStringValue("EXTNAME"))) {
                    found = hdu;
                    break;
                }
            }
            if (found == null) throw new IOException("no HDU " + hduName + " in " + file.getFileName());
            result.addHDU(BasicHDU.getDummyHDU());
            result.addHDU(found);
            FitsOutputStream o = new FitsOutputStream(out);
            result.write(o);
            o.flush();
        }
    }

    /** Result of a cutout: how many events were kept of how many. */
    public record CutoutStats(long kept, long total) {
    }

    /**
     * Writes the events of {@code eventsFile} that pass {@code sel}, with every other HDU of that file (GTI, IRFs)
     * kept and the HDUs {@code extra} (IRFs stored in other files, as file/HDU-name pairs) appended. A time range
     * also trims the GTI to it, and the EVENTS header's TSTART, TSTOP, ONTIME and LIVETIME follow, so that an
     * analysis of the cutout (gammapy takes exposure from GTI and LIVETIME) counts only the time selected.
     */
    public static CutoutStats cutout(Path eventsFile, String eventsHdu, EventSelection sel, List<Path> extraFiles,
                                     List<String> extraHdus, OutputStream out) throws IOException, FitsException {
        List<Fits> open = new ArrayList<>();
        try (Fits in = new Fits(eventsFile.toFile()); Fits result = new Fits()) {
            open.add(in);
            BasicHDU<?>[] hdus = in.read();
            Gti gti = null;
            if (sel.hasTimeRange()) {
                for (BasicHDU<?> hdu : hdus) {
                    if (hdu instanceof BinaryTableHDU b && "GTI".equalsIgnoreCase(trimmed(hdu.getHeader().getStringValue("EXTNAME")))) {
                        gti = trimGti(b, sel);
                    }
                }
            }
            long kept = 0, total = 0;
            List<String> names = new ArrayList<>();
            for (BasicHDU<?> hdu : hdus) {
                String name = trimmed(hdu.getHeader().getStringValue("EXTNAME"));
                if (name != null) names.add(name.toUpperCase(Locale.ROOT));
                if (hdu instanceof BinaryTableHDU b && eventsHdu.equalsIgnoreCase(name)) {
                    BinaryTable t = b.getData();
                    total = t.getNRows();
                    double mjdRef = b.getHeader().getDoubleValue("MJDREFI", 0) + b.getHeader().getDoubleValue("MJDREFF", 0);
                    Object ra = t.getColumn(b.findColumn("RA"));
                    Object dec = t.getColumn(b.findColumn("DEC"));
                    Object energy = t.getColumn(b.findColumn("ENERGY"));
                    Object time = t.getColumn(b.findColumn("TIME"));
                    boolean[] keep = new boolean[(int) total];
                    for (int i = 0; i < total; i++) {
                        keep[i] = sel.accepts(num(ra, i), num(dec, i), num(energy, i), mjdRef + num(time, i) / 86400.0);
                        if (keep[i]) kept++;
                    }
                    BinaryTableHDU events = filtered(b, keep, (int) kept);
                    if (gti != null) gti.describe(events.getHeader(), b.getHeader());
                    result.addHDU(events);
                } else if (gti != null && "GTI".equalsIgnoreCase(name)) {
                    result.addHDU(gti.hdu());
                } else {
                    result.addHDU(hdu);
                }
            }
            for (int k = 0; k < extraFiles.size(); k++) {
                String want = extraHdus.get(k);
                if (names.contains(want.trim().toUpperCase(Locale.ROOT))) continue;
                Fits f = new Fits(extraFiles.get(k).toFile());
                open.add(f);
                BasicHDU<?> x;
                while ((x = f.readHDU()) != null) {
                    if (want.equalsIgnoreCase(x.getHeader().getStringValue("EXTNAME"))) {
                        result.addHDU(x);
                        names.add(want.trim().toUpperCase(Locale.ROOT));
                        break;
                    }
                }
            }
            FitsOutputStream o = new FitsOutputStream(out);
            result.write(o);
            o.flush();
            return new CutoutStats(kept, total);
        } finally {
            for (Fits f : open.subList(1, open.size())) f.close();
        }
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    /** A GTI cut to the selected time range: the new HDU and its intervals (seconds since the GTI's MJDREF). */
    private record Gti(BinaryTableHDU hdu, double[] start, double[] stop) {
        double ontime() {
            double sum = 0;
            for (int i = 0; i < start.length; i++) sum += stop[i] - start[i];
            return sum;
        }

        /** Sets TSTART, TSTOP, ONTIME and LIVETIME of the events header {@code h} (original header {@code orig}). */
        void describe(Header h, Header orig) throws FitsException {
            double on = ontime();
            double origOn = orig.getDoubleValue("ONTIME", Double.NaN);
            double origLive = orig.getDoubleValue("LIVETIME", Double.NaN);
            double deadc = orig.getDoubleValue("DEADC", Double.NaN);
            double live = deadc > 0 ? on * deadc : origOn > 0 && !Double.isNaN(origLive) ? origLive * on / origOn : on;
            if (start.length > 0) {
                h.addValue("TSTART", start[0], "start of the first GTI kept by the cutout [s]");
                h.addValue("TSTOP", stop[stop.length - 1], "end of the last GTI kept by the cutout [s]");
            }
            h.addValue("ONTIME", on, "sum of the GTI kept by the cutout [s]");
            h.addValue("LIVETIME", live, "ONTIME corrected for dead time [s]");
        }
    }

    private static Gti trimGti(BinaryTableHDU b, EventSelection sel) throws FitsException {
        double mjdRef = b.getHeader().getDoubleValue("MJDREFI", 0) + b.getHeader().getDoubleValue("MJDREFF", 0);
        double lo = (sel.tMin() - mjdRef) * 86400.0, hi = (sel.tMax() - mjdRef) * 86400.0;
        BinaryTable t = b.getData();
        Object start = t.getColumn(b.findColumn("START"));
        Object stop = t.getColumn(b.findColumn("STOP"));
        List<double[]> kept = new ArrayList<>();
        for (int i = 0, n = Array.getLength(start); i < n; i++) {
            double a = Math.max(num(start, i), lo), z = Math.min(num(stop, i), hi);
            if (z > a) kept.add(new double[] {a, z});
        }
        double[] s = new double[kept.size()], e = new double[kept.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = kept.get(i)[0];
            e[i] = kept.get(i)[1];
        }
        BinaryTableHDU out = BinaryTableHDU.wrap(BinaryTable.fromColumnMajor(new Object[] {s, e}));
        copyKeywords(b.getHeader(), out.getHeader());
        out.getHeader().addValue("TTYPE1", "START", null);
        out.getHeader().addValue("TTYPE2", "STOP", null);
        out.getHeader().insertHistory("GTI cut to the time range of a gammavo tap-service cutout");
        return new Gti(out, s, e);
    }

    private static double num(Object column, int i) {
        return ((Number) Array.get(column, i)).doubleValue();
    }

    /** A copy of table {@code b} with the rows flagged in {@code keep}; column metadata and header keywords kept. */
    private static BinaryTableHDU filtered(BinaryTableHDU b, boolean[] keep, int n) throws FitsException {
        BinaryTable t = b.getData();
        Object[] cols = new Object[t.getNCols()];
        for (int c = 0; c < cols.length; c++) {
            Object col = t.getColumn(c);
            Object copy = Array.newInstance(col.getClass().getComponentType(), n);
            for (int i = 0, j = 0; i < keep.length; i++) if (keep[i]) Array.set(copy, j++, Array.get(col, i));
            cols[c] = copy;
        }
        BinaryTableHDU out = BinaryTableHDU.wrap(BinaryTable.fromColumnMajor(cols));
        copyKeywords(b.getHeader(), out.getHeader());
        out.getHeader().insertHistory("event selection by gammavo tap-service cutout");
        return out;
    }

    /** Copies every keyword of {@code from} but those describing the table layout (column names, units... kept). */
    private static void copyKeywords(Header from, Header to) throws FitsException {
        for (Cursor<String, HeaderCard> it = from.iterator(); it.hasNext(); ) {
            HeaderCard card = it.next();
            String key = card.getKey();
            if (key == null || key.isBlank() || STRUCTURAL.matcher(key).matches()) continue;
            if (key.equals("COMMENT") || key.equals("HISTORY")) to.addLine(card);
            else to.updateLine(key, card);
        }
    }

    /**
     * Writes a PNG counts map of the events in a square of half-width {@code radius} degrees around the pointing
     * (gnomonic-free: RA offsets scaled by cos(dec), enough for a preview), {@code size} pixels wide, log-scaled.
     */
    public static void preview(Path eventsFile, String eventsHdu, double raPnt, double decPnt, double radius, int size,
                               OutputStream out) throws IOException, FitsException {
        int[] counts = new int[size * size];
        try (Fits in = new Fits(eventsFile.toFile())) {
            BasicHDU<?> hdu;
            while ((hdu = in.readHDU()) != null) {
                if (hdu instanceof BinaryTableHDU b && eventsHdu.equalsIgnoreCase(hdu.getHeader().getStringValue("EXTNAME"))) {
                    Object ra = b.getData().getColumn(b.findColumn("RA"));
                    Object dec = b.getData().getColumn(b.findColumn("DEC"));
                    double cosd = Math.cos(Math.toRadians(decPnt));
                    for (int i = 0, n = Array.getLength(ra); i < n; i++) {
                        double dx = (num(ra, i) - raPnt);
                        if (dx > 180) dx -= 360;
                        if (dx < -180) dx += 360;
                        dx *= cosd;
                        double dy = num(dec, i) - decPnt;
                        int x = (int) Math.floor((radius - dx) / (2 * radius) * size);  // east to the left
                        int y = (int) Math.floor((radius - dy) / (2 * radius) * size);
                        if (x >= 0 && x < size && y >= 0 && y < size) counts[y * size + x]++;
                    }
                    break;
                }
            }
        }
        int max = 1;
        for (int c : counts) max = Math.max(max, c);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        double lmax = Math.log1p(max);
        for (int i = 0; i < counts.length; i++) {
            float v = (float) (Math.log1p(counts[i]) / lmax);
            img.setRGB(i % size, i / size, Color.HSBtoRGB(0.7f - 0.7f * v, 0.9f, v == 0 ? 0.05f : 0.3f + 0.7f * v));
        }
        ImageIO.write(img, "png", out);
    }

    /** The file size, 0 if unknown. */
    public static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
