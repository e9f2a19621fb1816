package org.gammavo.resolver.adapters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gamma-ray catalogues names are taken from, in order of trust, with where their columns are.
 *
 * <p>Files are those of the Gammapy data sets in {@code $GAMMAVO_SHARED_DATA/catalogs}; their licences and
 * references are in docs/resolver.md. Names a catalogue lists as associations (not identifications) are left out
 * where the association can be far off (1LHAASO's ASSO_Name); 3FHL's ASSOC1 is kept because its counterparts are
 * within the LAT error ellipse, and the more trusted catalogues win for every name they share.
 */
enum Catalogue {

    GAMMACAT("gammacat", "gammacat/gammacat.fits.gz", "fits") {
        @Override
        Row read(CatalogueRow r) {
            List<String> names = new ArrayList<>();
            names.add(r.text("common_name"));
            names.addAll(r.list("gamma_names"));
            names.addAll(r.list("other_names"));
            names.addAll(r.list("fermi_names"));
            names.add(r.text("tevcat_name"));
            return new Row(names, r.number("ra"), r.number("dec"), r.text("classes"), r.number("morph_sigma"),
                    "gammacat source_id " + (long) r.number("source_id"));
        }
    },
    HGPS("HGPS", "hgps_catalog_v1.fits.gz", "fits") {
        @Override
        Row read(CatalogueRow r) {
            String name = r.text("Source_Name");
            return new Row(Arrays.asList(name, r.text("Identified_Object")), r.number("RAJ2000"), r.number("DEJ2000"),
                    r.text("Source_Class"), r.number("Size"), "HGPS " + name);
        }
    },
    HAWC3("3HWC", "3HWC.ecsv", "ecsv") {
        @Override
        Row read(CatalogueRow r) {
            String name = r.text("source_name");
            double radius = r.number("spec0_radius");
            return new Row(List.of(name), r.number("ra"), r.number("dec"), null, radius > 0 ? radius : Double.NaN,
                    "3HWC " + name);
        }
    },
    LHAASO1("1LHAASO", "1LHAASO_catalog.fits", "fits") {
        @Override
        Row read(CatalogueRow r) {
            String name = r.text("Source_Name");
            // A source seen by WCDA only has its position in the "_b" columns.
            boolean km2a = !Double.isNaN(r.number("RAJ2000"));
            return new Row(List.of(name), km2a ? r.number("RAJ2000") : r.number("RAJ2000_b"),
                    km2a ? r.number("DECJ2000") : r.number("DECJ2000_b"), null,
                    km2a ? r.number("r39") : r.number("r39_b"), "1LHAASO " + name);
        }
    },
    FHL3("3FHL", "fermi/gll_psch_v13.fit.gz", "fits") {
        @Override
        Row read(CatalogueRow r) {
            String name = r.text("Source_Name");
            return new Row(Arrays.asList(name, r.text("Extended_Source_Name"), r.text("ASSOC1")), r.number("RAJ2000"),
                    r.number("DEJ2000"), r.text("CLASS"), Double.NaN, "3FHL " + name);
        }
    };

    final String label;
    final String file;
    final String format;

    Catalogue(String label, String file, String format) {
        this.label = label;
        this.file = file;
        this.format = format;
    }

    /** Maps one table row to names, position and properties. */
    abstract Row read(CatalogueRow row);

    /** One catalogue entry before it becomes a SkyObject; NaN and blank values mean "not given". */
    record Row(List<String> names, double ra, double dec, String objectClass, double extension, String reference) {
        Row {
            names = new ArrayList<>(names.stream().filter(n -> n != null && !n.isBlank()).map(String::strip)
                    .distinct().toList());
        }
    }

    /** Column access by name on the current row. */
    interface CatalogueRow {
        String text(String column);

        double number(String column);

        /** A comma-separated text cell as a list. */
        default List<String> list(String column) {
            String v = text(column);
            return v == null ? List.of() : Arrays.stream(v.split(",")).map(String::strip).toList();
        }
    }
}
