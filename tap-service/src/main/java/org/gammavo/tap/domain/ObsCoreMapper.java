package org.gammavo.tap.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ingestion rules: how one DL3 observation becomes ivoa.obscore and ivoa.obscore_hea rows. Pure functions,
 * no I/O. One hea-event-bundle row per observation and one response-function row per IRF, each with its own
 * obs_publisher_did: {@code ivo://gammavo.org/<collection>?<OBS_ID>} and {@code ...?<OBS_ID>/<subtype>}.
 */
public final class ObsCoreMapper {

    /** hc in eV·m (CODATA 2022), as the HE note prescribes for λ = hc/E. */
    public static final double HC_EV_M = 1.239841984332e-6;
    /** Publisher authority of the dataset identifiers. */
    public static final String AUTHORITY = "ivo://gammavo.org/";

    private ObsCoreMapper() {
    }

    /** The rows of one observation, bundle first. */
    public record Rows(String publisherDid, Map<String, Object> obscore, Map<String, Object> hea, String role,
                       Dl3Observation.HduRef file) {
    }

    /** The publisher DID of an observation's bundle. */
    public static String bundleDid(String collection, String obsId) {
        return AUTHORITY + collection + "?" + obsId;
    }

    /** MJD of a time given in seconds since the reference MJD (GADF / OGIP time convention). */
    public static double mjd(double mjdRef, double seconds) {
        return mjdRef + seconds / 86400.0;
    }

    /** Wavelength in metres of a photon of energy {@code eV}. */
    public static double wavelength(double eV) {
        return HC_EV_M / eV;
    }

    /**
     * Maps an observation.
     * @param baseUrl public base URL of this service (e.g. {@code http://host/tap}), for access_url
     */
    public static List<Rows> map(Dl3Observation o, Collection c, String baseUrl) {
        String obsId = Long.toString(o.obsId());
        String did = bundleDid(o.collection(), obsId);
        double fov = o.fovRadius() != null ? 2 * o.fovRadius() : c.fovDiameter();
        Double eMinTeV = o.safeEnergyMin() != null ? o.safeEnergyMin() : o.eventEnergyMin();
        Double eMaxTeV = o.safeEnergyMax() != null ? o.safeEnergyMax() : o.eventEnergyMax();
        Double eMin = eMinTeV == null ? null : eMinTeV * 1e12;
        Double eMax = eMaxTeV == null ? null : eMaxTeV * 1e12;
        String instrument = o.instrument() != null && !o.instrument().isBlank() ? o.instrument().trim() : c.instrument();

        Map<String, Object> base = new LinkedHashMap<>();
        base.put("calib_level", (short) 2);
        base.put("obs_collection", c.obsCollection());
        base.put("obs_id", obsId);
        base.put("target_name", o.object() == null ? null : o.object().trim());
        base.put("s_ra", o.raPnt());
        base.put("s_dec", o.decPnt());
        base.put("s_fov", fov);
        base.put("s_region", String.format(Locale.ROOT, "Circle ICRS %.9f %.9f %.6f", o.raPnt(), o.decPnt(), fov / 2));
        base.put("s_circle", new double[] {o.raPnt(), o.decPnt(), fov / 2});
        base.put("s_xel1", -1L);
        base.put("s_xel2", -1L);
        base.put("t_min", mjd(o.mjdRef(), o.tstart()));
        base.put("t_max", mjd(o.mjdRef(), o.tstop()));
        base.put("t_exptime", o.livetime());
        base.put("t_xel", -1L);
        base.put("em_min", eMax == null ? null : wavelength(eMax));
        base.put("em_max", eMin == null ? null : wavelength(eMin));
        base.put("em_xel", -1L);
        base.put("em_ucd", "em.energy");
        base.put("facility_name", c.facility());
        base.put("instrument_name", instrument);

        Map<String, Object> heaBase = new LinkedHashMap<>();
        heaBase.put("energy_min", eMin);
        heaBase.put("energy_max", eMax);
        double[] intervals = new double[o.gtis().size() * 2];
        for (int i = 0; i < o.gtis().size(); i++) {
            intervals[2 * i] = mjd(o.mjdRef(), o.gtis().get(i)[0]);
            intervals[2 * i + 1] = mjd(o.mjdRef(), o.gtis().get(i)[1]);
        }
        heaBase.put("t_intervals", intervals);
        heaBase.put("obs_mode", o.obsMode());
        heaBase.put("tracking_mode", "sidereal");
        heaBase.put("scan_mode", o.obsMode() != null && o.obsMode().toUpperCase(Locale.ROOT).contains("WOBBLE")
                ? "on-the-fly-cross-map" : "on-source");
        heaBase.put("pointing_mode", "parallel");
        heaBase.put("analysis_mode", o.eventClass());
        heaBase.put("event_type", o.eventClass());
        heaBase.put("messenger", "photon");
        heaBase.put("messenger_pdgid", "+22");

        List<Rows> rows = new ArrayList<>();
        Map<String, Object> bundle = new LinkedHashMap<>(base);
        bundle.put("dataproduct_type", "hea-event-bundle");
        bundle.put("dataproduct_subtype", null);
        bundle.put("obs_publisher_did", did);
        bundle.put("obs_title", c.facility() + " observation " + obsId + (o.object() == null ? "" : " of " + o.object().trim())
                + " (events, GTI, IRFs)");
        bundle.put("access_url", baseUrl + "/datalink?ID=" + urlEncode(did));
        bundle.put("access_format", "application/x-votable+xml;content=datalink");
        bundle.put("access_estsize", kbytes(o.eventsFile().size()));
        bundle.put("o_ucd", "pos.eq#time#em.energy");
        Map<String, Object> bundleHea = new LinkedHashMap<>(heaBase);
        bundleHea.put("obs_publisher_did", did);
        bundleHea.put("ev_xel", o.eventCount());
        rows.add(new Rows(did, bundle, bundleHea, "bundle", o.eventsFile()));

        for (Dl3Observation.Irf irf : o.irfs()) {
            String irfDid = did + "/" + irf.subtype();
            Map<String, Object> r = new LinkedHashMap<>(base);
            r.put("dataproduct_type", "response-function");
            r.put("dataproduct_subtype", irf.subtype());
            r.put("obs_publisher_did", irfDid);
            r.put("obs_title", c.facility() + " observation " + obsId + ": " + irf.subtype() + " response function");
            r.put("access_url", baseUrl + "/files/" + o.collection() + "/" + obsId + "/" + irf.subtype());
            r.put("access_format", "application/fits");
            r.put("access_estsize", kbytes(irf.hdu().size()));
            r.put("o_ucd", null);
            Map<String, Object> h = new LinkedHashMap<>(heaBase);
            h.put("obs_publisher_did", irfDid);
            h.put("ev_xel", null);
            rows.add(new Rows(irfDid, r, h, irf.subtype(), irf.hdu()));
        }
        return rows;
    }

    private static long kbytes(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** GADF HDU_TYPE/HDU_CLASS to the HE note's response-function subtype, or null for non-IRF HDUs. */
    public static String irfSubtype(String hduType) {
        if (hduType == null) return null;
        return switch (hduType.trim().toLowerCase(Locale.ROOT)) {
            case "aeff" -> "aeff";
            case "edisp" -> "edisp";
            case "psf" -> "psf";
            case "bkg" -> "bkgrate";
            case "rad_max" -> "rad_max";
            default -> null;
        };
    }
}
