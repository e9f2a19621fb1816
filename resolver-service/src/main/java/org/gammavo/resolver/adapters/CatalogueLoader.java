package org.gammavo.resolver.adapters;

import org.gammavo.resolver.domain.SkyObject;
import org.jboss.logging.Logger;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the gamma-ray catalogues with STIL (FITS, gzipped FITS, ECSV) into {@link SkyObject}s.
 *
 * <p>A missing catalogue is skipped with a warning: the service must start on a fresh clone without the shared data
 * and still answer the curated names.
 */
public final class CatalogueLoader {

    private static final Logger LOG = Logger.getLogger(CatalogueLoader.class);

    private final Path directory;

    /** @param directory the {@code catalogs} folder of the shared data */
    public CatalogueLoader(Path directory) {
        this.directory = directory;
    }

    /** Every catalogue present, in order of trust, each object with its names. */
    public List<SkyObject> loadAll() {
        List<SkyObject> all = new ArrayList<>();
        for (Catalogue c : Catalogue.values()) {
            Path file = directory.resolve(c.file);
            if (!Files.isReadable(file)) {
                LOG.warnf("catalogue %s not found at %s: its names are not resolved", c.label, file);
                continue;
            }
            try {
                List<SkyObject> objects = load(c, file);
                LOG.infof("catalogue %s: %d objects from %s", c.label, objects.size(), file);
                all.addAll(objects);
            } catch (IOException | RuntimeException e) {
                // One unreadable file must not take the others (or the curated names) down with it.
                LOG.errorf(e, "catalogue %s at %s cannot be read: skipped", c.label, file);
            }
        }
        return all;
    }

    static List<SkyObject> load(Catalogue catalogue, Path file) throws IOException {
        StarTable table = new StarTableFactory(false).makeStarTable(file.toString(), catalogue.format);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < table.getColumnCount(); i++) {
            columns.put(table.getColumnInfo(i).getName(), i);
        }
        List<SkyObject> objects = new ArrayList<>();
        try (RowSequence rows = table.getRowSequence()) {
            while (rows.next()) {
                Object[] cells = rows.getRow();
                Catalogue.Row row = catalogue.read(new Cells(cells, columns, file));
                if (row.names().isEmpty() || Double.isNaN(row.ra()) || Double.isNaN(row.dec())) {
                    continue;
                }
                objects.add(new SkyObject(row.names().get(0), normalizeRa(row.ra()), row.dec(), row.names(),
                        catalogue.label, row.reference(), blankToNull(row.objectClass()),
                        Double.isNaN(row.extension()) || row.extension() <= 0 ? null : row.extension()));
            }
        }
        return objects;
    }

    private static double normalizeRa(double ra) {
        double r = ra % 360.0;
        return r < 0 ? r + 360.0 : r;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private record Cells(Object[] cells, Map<String, Integer> columns, Path file) implements Catalogue.CatalogueRow {

        @Override
        public String text(String column) {
            Object v = cell(column);
            return v == null ? null : v.toString().strip();
        }

        @Override
        public double number(String column) {
            Object v = cell(column);
            // FITS floats printed as the catalogue wrote them (270.4917), not as widened doubles (270.49169921875).
            if (v instanceof Float f) {
                return Double.parseDouble(f.toString());
            }
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        }

        private Object cell(String column) {
            Integer i = columns.get(column);
            if (i == null) {
                throw new IllegalStateException(file + " has no column " + column);
            }
            return cells[i];
        }
    }
}
