#!/usr/bin/python3
"""Science check of tap-service against the GADF index files, with astropy (an implementation independent of the
service's nom-tam-fits reader). Usage: science-check.py TAP_URL DL3_ROOT   e.g. http://localhost:8080/tap /work/shared/data/dl3
For every observation: s_ra/s_dec = RA_PNT/DEC_PNT (1e-9 deg), t_min/t_max = MJDREF + TSTART|TSTOP/86400 (1e-6 d),
t_exptime = LIVETIME (1e-3 s) -- the EVENTS header fills what the obs-index lacks. Then cone queries against
astropy angular separations. Exit 0 when everything matches."""
import glob, os, sys
import numpy as np
import pyvo
from astropy.io import fits
from astropy.coordinates import SkyCoord
import astropy.units as u

tap, root = sys.argv[1], sys.argv[2]
svc = pyvo.dal.TAPService(tap)
rows = svc.run_sync("SELECT obs_publisher_did, s_ra, s_dec, t_min, t_max, t_exptime FROM ivoa.obscore "
                    "WHERE dataproduct_type = 'hea-event-bundle'", maxrec=100000).to_table()
got = {str(r["obs_publisher_did"]): r for r in rows}
bad = checked = 0
for coll in sorted(os.listdir(root)):
    idx = sorted(glob.glob(os.path.join(root, coll, "**", "obs-index.fits*"), recursive=True))
    if not idx:
        continue
    obs = fits.open(idx[0])[1]
    hdu = fits.open(glob.glob(os.path.join(os.path.dirname(idx[0]), "hdu-index.fits*"))[0])[1].data
    for row in obs.data:
        oid = int(row["OBS_ID"])
        ev = [h for h in hdu if int(h["OBS_ID"]) == oid and h["HDU_TYPE"].strip() == "events"][0]
        evh = fits.getheader(os.path.join(os.path.dirname(idx[0]), ev["FILE_DIR"].strip(), ev["FILE_NAME"].strip()), ev["HDU_NAME"].strip())
        hdr = obs.header if "MJDREFI" in obs.header else evh
        mjdref = float(hdr["MJDREFI"]) + float(hdr.get("MJDREFF", 0))
        names = obs.columns.names
        live = float(row["LIVETIME"]) if "LIVETIME" in names else float(evh["LIVETIME"])
        want = dict(s_ra=(float(row["RA_PNT"]), 1e-9), s_dec=(float(row["DEC_PNT"]), 1e-9),
                    t_min=(mjdref + float(row["TSTART"]) / 86400, 1e-6), t_max=(mjdref + float(row["TSTOP"]) / 86400, 1e-6),
                    t_exptime=(live, 1e-3))
        did = f"ivo://gammavo.org/{coll}?{oid}"
        checked += 1
        if did not in got:
            bad += 1; print("MISSING", did); continue
        for k, (v, tol) in want.items():
            if abs(float(got[did][k]) - v) > tol:
                bad += 1; print(f"MISMATCH {did} {k}: service {float(got[did][k])!r} index {v!r}")
print(f"observations checked: {checked}, mismatches: {bad}")

for ra, dec, r in [(83.6331, 22.0145, 3.0), (329.7169, -30.2256, 2.5), (266.4168, -29.0078, 5.0), (228.6125, -59.1575, 1.0)]:
    q = (f"SELECT obs_publisher_did FROM ivoa.obscore WHERE dataproduct_type = 'hea-event-bundle' AND "
         f"1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', {ra}, {dec}, {r}))")
    cone = set(str(x) for x in svc.run_sync(q, maxrec=100000).to_table()["obs_publisher_did"])
    pos = SkyCoord(np.array([float(x["s_ra"]) for x in rows]) * u.deg, np.array([float(x["s_dec"]) for x in rows]) * u.deg)
    sep = pos.separation(SkyCoord(ra * u.deg, dec * u.deg)).deg
    expect = set(str(d) for d, s in zip(rows["obs_publisher_did"], sep) if s <= r)
    ok = cone == expect
    bad += 0 if ok else 1
    print(f"cone ({ra}, {dec}, {r} deg): service {len(cone)} rows, astropy {len(expect)} -> {'ok' if ok else 'DIFFERENT'}")
sys.exit(1 if bad else 0)
