"""Science check: the spectrum job against gammapy run by hand with the same settings, on the four H.E.S.S. DR1
Crab runs. Slow (about a minute): run by Maven as AnalysisScienceIT, or by hand:
    /usr/bin/python3 src/test/python/science_crab.py
Prints one JSON line with both results and exits 1 if index or amplitude differ by more than 1e-3 relative."""
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "main" / "resources" / "analysis"))
SHARED = os.environ.get("GAMMAVO_SHARED_DATA") or str(HERE.parents[3].parent / "shared" / "data")
RUNS = [23523, 23526, 23559, 23592]


def by_hand():
    """The analysis written out as in gammapy 1.0's spectral-analysis tutorial: reflected regions, ON 0.11 deg."""
    import astropy.units as u
    from astropy.coordinates import SkyCoord
    from gammapy.data import DataStore
    from gammapy.datasets import Datasets, SpectrumDataset
    from gammapy.makers import ReflectedRegionsBackgroundMaker, SafeMaskMaker, SpectrumDatasetMaker
    from gammapy.maps import MapAxis, RegionGeom, WcsGeom
    from gammapy.modeling import Fit
    from gammapy.modeling.models import PowerLawSpectralModel, SkyModel
    from regions import CircleSkyRegion

    store = DataStore.from_dir(Path(SHARED) / "dl3" / "hess-dl3-dr1")
    observations = store.get_observations(RUNS)
    crab = SkyCoord(83.633, 22.0145, unit="deg", frame="icrs")
    on_region = CircleSkyRegion(center=crab, radius=0.11 * u.deg)
    exclusion_geom = WcsGeom.create(npix=(150, 150), binsz=0.05, skydir=crab, proj="TAN", frame="icrs")
    exclusion_mask = ~exclusion_geom.region_mask([CircleSkyRegion(center=crab, radius=0.5 * u.deg)])
    energy_axis = MapAxis.from_energy_bounds(0.5, 40, nbin=10, per_decade=True, unit="TeV", name="energy")
    energy_axis_true = MapAxis.from_energy_bounds(0.05, 100, nbin=20, per_decade=True, unit="TeV",
                                                  name="energy_true")
    empty = SpectrumDataset.create(geom=RegionGeom.create(region=on_region, axes=[energy_axis]),
                                   energy_axis_true=energy_axis_true)
    maker = SpectrumDatasetMaker(containment_correction=True, selection=["counts", "exposure", "edisp"])
    bkg = ReflectedRegionsBackgroundMaker(exclusion_mask=exclusion_mask)
    safe = SafeMaskMaker(methods=["aeff-max"], aeff_percent=10)
    datasets = Datasets()
    for obs in observations:
        datasets.append(safe.run(bkg.run(maker.run(empty.copy(name=str(obs.obs_id)), obs), obs), obs))
    model = SkyModel(spectral_model=PowerLawSpectralModel(index=2, amplitude="3e-11 cm-2 s-1 TeV-1",
                                                          reference="1 TeV"), name="crab")
    datasets.models = [model]
    Fit().run(datasets=datasets)
    pl = model.spectral_model
    return {"index": pl.index.value, "index_err": pl.index.error, "amplitude": pl.amplitude.value,
            "amplitude_err": pl.amplitude.error}


def job():
    import gammavo_analysis as ga
    old = os.getcwd()
    with tempfile.TemporaryDirectory() as d:
        os.chdir(d)
        os.environ["GAMMAVO_SHARED_DATA"] = SHARED
        os.environ.setdefault("MPLCONFIGDIR", d)
        try:
            if ga.main(["spectrum", "--obs_id", ",".join(map(str, RUNS)), "--ra", "83.633", "--dec", "22.0145",
                        "--radius", "0.11"]) != 0:
                raise SystemExit("the spectrum job failed")
            return json.load(open("fit_summary.json"))
        finally:
            os.chdir(old)


def main():
    hand, mine = by_hand(), job()
    rel = {k: abs(mine[k] - hand[k]) / abs(hand[k]) for k in ("index", "amplitude")}
    ok = all(v <= 1e-3 for v in rel.values())
    print(json.dumps({"by_hand": hand, "job": {k: mine[k] for k in ("index", "index_err", "amplitude",
                                                                      "amplitude_err", "ts", "excess",
                                                                      "significance")},
                      "relative_difference": rel, "ok": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
