package org.gammavo.tap.adapters;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import org.gammavo.tap.domain.Dl3Observation;
import org.gammavo.tap.domain.ObsCoreMapper;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a GADF DL3 data store (obs-index, hdu-index, the EVENTS/GTI HDUs of each observation) with nom-tam-fits.
 * Index values win; the EVENTS header fills what a release's obs-index lacks (MJDREF, LIVETIME, OBJECT, ...).
 */
public final class GadfReader {

    /** An index file pair found under a collection folder. */
    public record Store(Path obsIndex, Path hduIndex) {
    }

    private GadfReader() {
    }

    /** Finds the obs-index/hdu-index pair under {@code dir} (at most 3 levels deep). */
    public static Optional<Store> findStore(Path dir) throws IOException {
        try (Stream<Path> s = Files.find(dir, 3, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("obs-index.fits"))) {
            Optional<Path> obs = s.sorted().findFirst();
            if (obs.isEmpty()) return Optional.empty();
            Path parent = obs.get().getParent();
            try (Stream<Path> h = Files.list(parent)) {
                return h.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("hdu-index.fits"))
                        .findFirst().map(hdu -> new Store(obs.get(), hdu));
            }
        }
    }

    /** The files an index refers to (for change detection), plus the index files. */
    public static List<Path> referencedFiles(Store store) throws IOException, FitsException {
        List<Path> out = new ArrayList<>(List.of(store.obsIndex(), store.hduIndex()));
        for (HduRow r : readHduIndex(store)) if (!out.contains(r.file)) out.add(r.file);
        return out;
    }

    private record HduRow(long obsId, String type, Path file, String hduName, Long size) {
    }

    private static List<HduRow> readHduIndex(Store store) throws IOException, FitsException {
        Table t = readTable(store.hduIndex(), null);
        Path base = store.hduIndex().getParent();
        List<HduRow> rows = new ArrayList<>();
        for (int i = 0; i < t.rows; i++) {
            String dir = t.str("FILE_DIR", i);
            Path file = base.resolve(dir == null ? "" : dir.trim()).resolve(t.str("FILE_NAME", i).trim()).normalize();
            Double size = t.num("SIZE", i);
            rows.add(new HduRow(t.num("OBS_ID", i).longValue(), t.str("HDU_TYPE", i).trim().toLowerCase(Locale.ROOT), file,
                    t.str("HDU_NAME", i).trim(), size == null ? null : size.longValue()));
        }
        return rows;
    }

    /** Reads every observation of the store. */
    public static List<Dl3Observation> read(String collection, Store store) throws IOException, FitsException {
        Table obs = readTable(store.obsIndex(), null);
        Map<Long, List<HduRow>> hdus = new LinkedHashMap<>();
        for (HduRow r : readHduIndex(store)) hdus.computeIfAbsent(r.obsId, k -> new ArrayList<>()).add(r);
        List<Dl3Observation> out = new ArrayList<>();
        for (int i = 0; i < obs.rows; i++) {
            long obsId = obs.num("OBS_ID", i).longValue();
            List<HduRow> rows = hdus.getOrDefault(obsId, List.of());
            HduRow ev = rows.stream().filter(r -> r.type.equals("events")).findFirst()
                    .orElseThrow(() -> new IOException("observation " + obsId + " has no events HDU in " + store.hduIndex()));
            HduRow gtiRow = rows.stream().filter(r -> r.type.equals("gti")).findFirst().orElse(null);
            Safe safe = new Safe(obs.num("SAFE_ENERGY_LO", i), obs.num("SAFE_ENERGY_HI", i));
            Events e = readEvents(ev, gtiRow, safe.lo == null || safe.hi == null);
            Header h = e.header;

            double mjdRef = obs.header.containsKey("MJDREFI")
                    ? obs.header.getDoubleValue("MJDREFI") + obs.header.getDoubleValue("MJDREFF", 0)
                    : h.getDoubleValue("MJDREFI") + h.getDoubleValue("MJDREFF", 0);
            String timeSys = obs.header.containsKey("TIMESYS") ? obs.header.getStringValue("TIMESYS") : h.getStringValue("TIMESYS");
            Double livetime = obs.num("LIVETIME", i);
            if (livetime == null && h.containsKey("LIVETIME")) livetime = h.getDoubleValue("LIVETIME");
            String object = obs.str("OBJECT", i);
            if (object == null) object = h.getStringValue("OBJECT");
            Double fovRadius = null;
            for (int k = 1; k <= 9; k++) {
                if ("POS(RA,DEC)".equals(h.getStringValue("DSTYP" + k))) {
                    String v = h.getStringValue("DSVAL" + k);
                    if (v != null && v.toUpperCase(Locale.ROOT).startsWith("CIRCLE(")) {
                        String[] p = v.substring(7, v.length() - 1).split(",");
                        fovRadius = Double.parseDouble(p[2].trim());
                    }
                }
            }
            String eventClass = h.getStringValue("EV_CLASS");
            if (eventClass == null) eventClass = h.getStringValue("IRF");

            List<Dl3Observation.Irf> irfs = new ArrayList<>();
            for (HduRow r : rows) {
                String sub = ObsCoreMapper.irfSubtype(r.type);
                if (sub == null || irfs.stream().anyMatch(x -> x.subtype().equals(sub))) continue;
                long size = r.size != null ? r.size : Files.size(r.file);
                irfs.add(new Dl3Observation.Irf(sub, new Dl3Observation.HduRef(r.file.toString(), r.hduName, size)));
            }
            out.add(new Dl3Observation(collection, obsId,
                    orHeader(obs.num("RA_PNT", i), h, "RA_PNT"), orHeader(obs.num("DEC_PNT", i), h, "DEC_PNT"),
                    orHeader(obs.num("TSTART", i), h, "TSTART"), orHeader(obs.num("TSTOP", i), h, "TSTOP"),
                    mjdRef, timeSys == null ? null : timeSys.trim().toUpperCase(Locale.ROOT), livetime,
                    object, e.count, safe.lo, safe.hi, e.eMin, e.eMax,
                    h.getStringValue("TELESCOP"), h.getStringValue("INSTRUME"), h.getStringValue("OBS_MODE"), eventClass,
                    fovRadius, e.gtis, new Dl3Observation.HduRef(ev.file.toString(), ev.hduName, Files.size(ev.file)), irfs));
        }
        return out;
    }

    private record Safe(Double lo, Double hi) {
    }

    private static double orHeader(Double v, Header h, String key) throws IOException {
        if (v != null) return v;
        if (!h.containsKey(key)) throw new IOException("neither the obs-index nor the EVENTS header gives " + key);
        return h.getDoubleValue(key);
    }

    private record Events(Header header, long count, Double eMin, Double eMax, List<double[]> gtis) {
    }

    /** One pass over the events file: the EVENTS header and row count (energies when needed) and the GTI rows. */
    private static Events readEvents(HduRow ev, HduRow gti, boolean needEnergies) throws IOException, FitsException {
        Header header = null;
        long count = 0;
        Double eMin = null, eMax = null;
        List<double[]> gtis = new ArrayList<>();
        boolean gtiSameFile = gti != null && gti.file.equals(ev.file);
        try (Fits f = new Fits(ev.file.toFile())) {
            BasicHDU<?> hdu;
            while ((hdu = f.readHDU()) != null) {
                String name = hdu.getHeader().getStringValue("EXTNAME");
                if (header == null && ev.hduName.equalsIgnoreCase(name) && hdu instanceof BinaryTableHDU b) {
                    header = b.getHeader();
                    count = b.getData().getNRows();
                    if (needEnergies && count > 0) {
                        Object col = b.getData().getColumn(b.findColumn("ENERGY"));
                        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                        for (int i = 0, n = Array.getLength(col); i < n; i++) {
                            double v = ((Number) Array.get(col, i)).doubleValue();
                            if (v < lo) lo = v;
                            if (v > hi) hi = v;
                        }
                        eMin = lo;
                        eMax = hi;
                    }
                } else if (gtiSameFile && gti.hduName.equalsIgnoreCase(name) && hdu instanceof BinaryTableHDU b) {
                    gtis = readGti(b);
                }
                if (header != null && (!gtiSameFile || !gtis.isEmpty())) break;
            }
        }
        if (header == null) throw new IOException("no HDU " + ev.hduName + " in " + ev.file);
        if (gti != null && !gtiSameFile) {
            try (Fits f = new Fits(gti.file.toFile())) {
                BasicHDU<?> hdu;
                while ((hdu = f.readHDU()) != null) {
                    if (gti.hduName.equalsIgnoreCase(hdu.getHeader().getStringValue("EXTNAME")) && hdu instanceof BinaryTableHDU b) {
                        gtis = readGti(b);
                        break;
                    }
                }
            }
        }
        return new Events(header, count, eMin, eMax, gtis);
    }

    private static List<double[]> readGti(BinaryTableHDU b) throws FitsException {
        BinaryTable t = b.getData();
        Object start = t.getColumn(b.findColumn("START"));
        Object stop = t.getColumn(b.findColumn("STOP"));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < t.getNRows(); i++) {
            out.add(new double[] {((Number) Array.get(start, i)).doubleValue(), ((Number) Array.get(stop, i)).doubleValue()});
        }
        return out;
    }

    /** A small index table held in memory, with lenient typed access. */
    private static final class Table {
        final Header header;
        final int rows;
        final Map<String, Object> columns = new LinkedHashMap<>();

        Table(BinaryTableHDU hdu) throws FitsException {
            header = hdu.getHeader();
            rows = hdu.getData().getNRows();
            for (int c = 0; c < hdu.getData().getNCols(); c++) {
                columns.put(hdu.getColumnName(c).trim().toUpperCase(Locale.ROOT), hdu.getData().getColumn(c));
            }
        }

        Double num(String name, int row) {
            Object col = columns.get(name);
            if (col == null) return null;
            Object v = Array.get(col, row);
            if (v instanceof Number n) {
                double d = n.doubleValue();
                return Double.isNaN(d) ? null : d;
            }
            if (v instanceof String s && !s.isBlank()) return Double.parseDouble(s.trim());
            return null;
        }

        String str(String name, int row) {
            Object col = columns.get(name);
            if (col == null) return null;
            Object v = Array.get(col, row);
            if (v == null) return null;
            String s = v.toString().trim();
            return s.isEmpty() ? null : s;
        }
    }

    private static Table readTable(Path file, String extname) throws IOException, FitsException {
        try (Fits f = new Fits(file.toFile())) {
            BasicHDU<?> hdu;
            while ((hdu = f.readHDU()) != null) {
                if (hdu instanceof BinaryTableHDU b
                        && (extname == null || extname.equalsIgnoreCase(b.getHeader().getStringValue("EXTNAME")))) {
                    return new Table(b);
                }
            }
        }
        throw new IOException("no binary table in " + file);
    }
}
