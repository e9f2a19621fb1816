package org.gammavo.tap.domain;

import java.util.List;

/**
 * One DL3 observation as read from a GADF data store (obs-index row, hdu-index rows and the EVENTS header),
 * before any ObsCore mapping. Missing values are null (not every release writes every index column).
 *
 * @param collection     the data-release key (folder name), e.g. {@code hess-dl3-dr1}
 * @param obsId          OBS_ID
 * @param raPnt          RA_PNT, deg (ICRS/FK5 J2000)
 * @param decPnt         DEC_PNT, deg
 * @param tstart         TSTART, s since the reference time
 * @param tstop          TSTOP, s since the reference time
 * @param mjdRef         MJDREFI + MJDREFF, days
 * @param timeSys        TIMESYS (TT, UTC, ...)
 * @param livetime       LIVETIME, s
 * @param object         OBJECT
 * @param eventCount     number of rows of the EVENTS table
 * @param safeEnergyMin  SAFE_ENERGY_LO, TeV (null when the release gives none)
 * @param safeEnergyMax  SAFE_ENERGY_HI, TeV
 * @param eventEnergyMin lowest reconstructed event ENERGY, TeV
 * @param eventEnergyMax highest reconstructed event ENERGY, TeV
 * @param telescope      TELESCOP
 * @param instrument     INSTRUME (may be null)
 * @param obsMode        OBS_MODE (may be null)
 * @param eventClass     EV_CLASS or the IRF name (may be null)
 * @param fovRadius      radius of the field of view, deg, when the file states it (DSVAL of POS(RA,DEC)), else null
 * @param gtis           good time intervals as (start, stop) pairs in s since the reference time
 * @param eventsFile     the file holding the EVENTS HDU
 * @param irfs           the response functions present
 */
public record Dl3Observation(String collection, long obsId, double raPnt, double decPnt, double tstart, double tstop,
                             double mjdRef, String timeSys, Double livetime, String object, long eventCount,
                             Double safeEnergyMin, Double safeEnergyMax, Double eventEnergyMin, Double eventEnergyMax,
                             String telescope, String instrument, String obsMode, String eventClass, Double fovRadius,
                             List<double[]> gtis, HduRef eventsFile, List<Irf> irfs) {

    /** A file and the HDU inside it. {@code size} is the file size in bytes. */
    public record HduRef(String path, String hduName, long size) {
    }

    /**
     * A response function of the observation.
     * @param subtype ObsCore dataproduct_subtype (HE note vocabulary): aeff, edisp, psf, bkgrate, rad_max
     */
    public record Irf(String subtype, HduRef hdu) {
    }
}
