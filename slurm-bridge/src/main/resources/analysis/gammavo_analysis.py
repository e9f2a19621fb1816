#!/usr/bin/python3
"""GammaVO analysis jobs, run by the SLURM bridge with gammapy 1.0 (Debian python3-gammapy).

    gammavo_analysis.py <kind> [--obs_id 23523,23526 | --obs_publisher_did ivo://gammavo.org/hess-dl3-dr1?23523]
                               [--ra DEG --dec DEG] [--radius DEG] [--energy_min TEV] [--energy_max TEV]
                               [--time_min MJD] [--time_max MJD] [kind options]

Kinds and their parameters (names, types, allowed values, defaults) come from the job catalogue's descriptions,
never from this file: the bridge passes the job's own description in $GAMMAVO_JOB_DESCRIPTION; run by hand, the
files of $GAMMAVO_JOB_DESCRIPTIONS_DIR (default: job-catalogue/src/main/resources/job-descriptions of the source
tree) are read. A kind is runnable when it has a description and a function registered with @analysis("<kind>").
Each runs in the job's directory (the current directory), writes its
results there and a manifest.json naming its inputs (DL3 files with SHA-256), its outputs and the software, which
the bridge reports as results and uws-service reads for provenance. Errors go to stderr as one line starting with
"error:" and exit code 2 (bad request) or 1 (analysis failed): the bridge puts that line into the UWS error summary.

The DL3 collections are found under $GAMMAVO_SHARED_DATA/dl3/<collection> and $GAMMAVO_DEMO_DATA/<collection>
(GADF obs-index/hdu-index; gammapy's DataStore reads them).
"""
import argparse
import hashlib
import json
import os
import sys
import warnings
from pathlib import Path

PUBLISHER = "ivo://gammavo.org/"
COLLECTIONS = ("hess-dl3-dr1", "cta-1dc", "magic", "veritas")


# Terms of the data (see each collection's README): shown on every plot and written into the summaries.
ATTRIBUTION = {
    "hess-dl3-dr1": "This work made use of data from the H.E.S.S. DL3 public test data release 1 "
                    "(HESS DL3 DR1, H.E.S.S. collaboration, 2018)",
}


def attribute(fig, collection):
    text = ATTRIBUTION.get(collection)
    if text:
        # Below everything already drawn (rotated tick labels reach under the figure's bottom edge).
        fig.canvas.draw()
        bottom = fig.get_tightbbox(fig.canvas.get_renderer()).y0
        fig.text(0.01, (bottom - 0.05) / fig.get_figheight(), text, fontsize=7, color="gray", ha="left", va="top")


class UsageError(Exception):
    """The job asked for something that cannot be done (exit code 2)."""


# ---------------------------------------------------------------------------------------------------------------
# Parameters and data lookup (no gammapy needed: unit-tested on their own)
# ---------------------------------------------------------------------------------------------------------------

RUNNERS = {}


def analysis(kind):
    """Registers the function that runs jobs of ``kind`` (its description is the catalogue's ``<kind>.json``)."""
    def register(fn):
        RUNNERS[kind] = fn
        return fn
    return register


# In the source tree this file is slurm-bridge/src/main/resources/analysis/; the catalogue is a sibling module.
SOURCE_DESCRIPTIONS = Path(__file__).resolve().parent.joinpath(
    "..", "..", "..", "..", "..", "job-catalogue", "src", "main", "resources", "job-descriptions")


def read_description(path):
    """A description file with its "include"d fragments (common/<name>.json) merged in, as the Java parser does:
    the fragments' parameters first, a parameter of the file with an included name changing only its own fields."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    merged, extra = {}, []
    for name in doc.get("include", []):
        fragment = json.loads((Path(path).parent / "common" / (name + ".json")).read_text(encoding="utf-8"))
        for p in fragment["parameters"]:
            merged[p["name"].lower()] = dict(p)
    for p in doc.get("parameters", []):
        key = p["name"].lower()
        if key in merged:
            merged[key].update({k: v for k, v in p.items() if k != "name"})
        else:
            extra.append(p)
    doc["parameters"] = list(merged.values()) + extra
    return doc


def descriptions(env=None):
    """{kind: description} of the SLURM kinds: the job's own (bridge) or the catalogue's files (by hand, tests)."""
    env = os.environ if env is None else env
    if env.get("GAMMAVO_JOB_DESCRIPTION"):
        d = json.loads(env["GAMMAVO_JOB_DESCRIPTION"])
        return {d["id"]: d}
    directory = Path(env.get("GAMMAVO_JOB_DESCRIPTIONS_DIR") or SOURCE_DESCRIPTIONS)
    out = {}
    for f in sorted(directory.glob("*.json")):
        d = read_description(f)
        if d.get("executor") == "slurm":
            out[d["id"]] = d
    return out


TYPES = {"double": float, "integer": int}


def parser(env=None):
    """The command line of every runnable kind, one sub-command each, built from the kinds' descriptions."""
    p = argparse.ArgumentParser(prog="gammavo_analysis.py")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="kind")
    for kind, d in sorted(descriptions(env).items()):
        if kind not in RUNNERS:
            continue
        k = kinds.add_parser(kind, help=d.get("title"))
        for param in d.get("parameters", []):
            options = {"help": param.get("description"), "default": None}
            if param.get("type") in TYPES:
                options["type"] = TYPES[param["type"]]
            if param.get("type") == "enum":
                options["choices"] = param["allowed"]
            if param.get("default") is not None:
                options["default"] = options.get("type", str)(param["default"])
            k.add_argument("--" + param["name"], **options)
        k.add_argument("--max_offset", type=float, default=2.5,
                       help="deg: pointings within this of the target are used when no obs_id is given")
    return p


def parse_dids(text):
    """[(collection, obs_id)] from comma-separated ivo://gammavo.org/<collection>?<obs_id>."""
    out = []
    for did in (d.strip() for d in text.split(",") if d.strip()):
        if not did.startswith(PUBLISHER) or "?" not in did:
            raise UsageError("not a GammaVO obs_publisher_did: %s (expected %s<collection>?<obs_id>)" % (did, PUBLISHER))
        collection, obs = did[len(PUBLISHER):].split("?", 1)
        if collection not in COLLECTIONS or not obs.isdigit():
            raise UsageError("not a GammaVO obs_publisher_did: %s" % did)
        out.append((collection, int(obs)))
    return out


def parse_obs_ids(text):
    try:
        return [int(o) for o in text.split(",") if o.strip()]
    except ValueError:
        raise UsageError("obs_id must be comma-separated integers, not %r" % text)


def collection_dirs(env=None):
    """{collection: directory holding its obs-index}, shared data first, then the demo subset."""
    env = os.environ if env is None else env
    roots = []
    if env.get("GAMMAVO_SHARED_DATA"):
        roots.append(Path(env["GAMMAVO_SHARED_DATA"]) / "dl3")
    if env.get("GAMMAVO_DEMO_DATA"):
        roots.append(Path(env["GAMMAVO_DEMO_DATA"]))
    found = {}
    for root in roots:
        for name in COLLECTIONS:
            if name in found or not (root / name).is_dir():
                continue
            index = sorted((root / name).rglob("obs-index.fits*"))
            if index:
                found[name] = index[0].parent
    return found


def did(collection, obs_id):
    return "%s%s?%d" % (PUBLISHER, collection, obs_id)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


MIME = {".png": "image/png", ".fits": "application/fits", ".gz": "application/fits", ".json": "application/json",
        ".ecsv": "text/x-ecsv"}


def write_manifest(inputs, outputs, extra=None):
    """manifest.json: inputs [(collection, obs_id, path)], outputs [file names]."""
    import gammapy
    manifest = {
        "inputs": [{"obs_publisher_did": did(c, o), "path": str(p), "sha256": sha256(p)} for c, o, p in inputs],
        "outputs": [{"name": n, "path": n, "mimeType": MIME.get(Path(n).suffix, "application/octet-stream"),
                     "sha256": sha256(n)} for n in outputs],
        "software": {"name": "gammapy", "version": gammapy.__version__},
        "executorJobId": os.environ.get("SLURM_JOB_ID") or os.environ.get("GAMMAVO_EXECUTOR_JOB_ID"),
    }
    if extra:
        manifest["parameters"] = extra
    terms = sorted({ATTRIBUTION[c] for c, _, _ in inputs if c in ATTRIBUTION})
    if terms:
        manifest["attribution"] = terms
    with open("manifest.json", "w") as f:
        json.dump(manifest, f, indent=2)


# ---------------------------------------------------------------------------------------------------------------
# Observations
# ---------------------------------------------------------------------------------------------------------------

def target_of(args):
    from astropy.coordinates import SkyCoord
    if args.ra is None or args.dec is None:
        raise UsageError("give the target as ra and dec (deg) or as a name the resolver knows")
    if not (0 <= args.ra <= 360 and -90 <= args.dec <= 90):
        raise UsageError("ra must be in [0, 360] and dec in [-90, 90]")
    return SkyCoord(args.ra, args.dec, unit="deg", frame="icrs")


def select_observations(args, target):
    """(collection, DataStore, [obs_id]) for the request: one collection, so that all runs share one IRF kind."""
    from gammapy.data import DataStore
    import astropy.units as u
    dirs = collection_dirs()
    if not dirs:
        raise UsageError("no DL3 data: set GAMMAVO_SHARED_DATA or GAMMAVO_DEMO_DATA")
    if args.collection and args.collection not in dirs:
        raise UsageError("unknown collection %s (have %s)" % (args.collection, ", ".join(dirs)))
    wanted = {}
    if args.obs_publisher_did:
        for c, o in parse_dids(args.obs_publisher_did):
            wanted.setdefault(c, []).append(o)
    elif args.obs_id:
        ids = parse_obs_ids(args.obs_id)
        for name in ([args.collection] if args.collection else list(dirs)):
            table = DataStore.from_dir(dirs[name]).obs_table
            have = set(int(i) for i in table["OBS_ID"])
            hit = [i for i in ids if i in have]
            if hit:
                wanted[name] = hit
                ids = [i for i in ids if i not in have]
        if ids:
            raise UsageError("no observation %s in %s" % (",".join(map(str, ids)), ", ".join(dirs)))
    else:
        for name in ([args.collection] if args.collection else list(dirs)):
            table = DataStore.from_dir(dirs[name]).obs_table
            sel = table.select_sky_circle(target, args.max_offset * u.deg)
            if len(sel):
                wanted[name] = [int(i) for i in sel["OBS_ID"]]
                break
        if not wanted:
            raise UsageError("no observation points within %.1f deg of the target" % args.max_offset)
    if len(wanted) > 1:
        raise UsageError("the observations come from several collections (%s): analyse one at a time"
                         % ", ".join(wanted))
    collection, ids = next(iter(wanted.items()))
    if collection not in dirs:
        raise UsageError("collection %s is not available here" % collection)
    store = DataStore.from_dir(dirs[collection])
    if args.time_min is not None or args.time_max is not None:
        ids = [i for i in ids if in_time(store, i, args.time_min, args.time_max)]
        if not ids:
            raise UsageError("no observation in the requested time range")
    return collection, store, ids


def in_time(store, obs_id, tmin, tmax):
    row = store.obs_table.select_obs_id(obs_id)
    from gammapy.utils.time import time_ref_from_dict
    ref = time_ref_from_dict(store.obs_table.meta)
    start = (ref + row["TSTART"].quantity[0]).mjd
    stop = (ref + row["TSTOP"].quantity[0]).mjd
    return (tmin is None or stop >= tmin) and (tmax is None or start <= tmax)


def load(store, ids):
    """Observations with full-enclosure IRFs, or point-like ones (MAGIC, VERITAS) where that is all there is."""
    try:
        obs = store.get_observations(ids, required_irf="full-enclosure")
        return obs, False
    except Exception:
        return store.get_observations(ids, required_irf="point-like"), True


def input_files(collection, store, ids):
    """[(collection, obs_id, path)] of every file an observation's HDUs live in."""
    out = []
    for obs_id in ids:
        seen = set()
        for row in store.hdu_table[store.hdu_table["OBS_ID"] == obs_id]:
            path = (store.hdu_table.base_dir / row["FILE_DIR"] / row["FILE_NAME"]).resolve()
            if path not in seen and path.exists():
                seen.add(path)
                out.append((collection, obs_id, path))
    return out


def time_filter(observations, args):
    if args.time_min is None and args.time_max is None:
        return observations
    from astropy.time import Time
    start = Time(args.time_min if args.time_min is not None else 0, format="mjd", scale="tt")
    stop = Time(args.time_max if args.time_max is not None else 100000, format="mjd", scale="tt")
    return observations.select_time([start, stop])


def energy_bounds(args):
    """The energy range; each kind's description gives its defaults."""
    emin, emax = args.energy_min, args.energy_max
    if emin is None or emax is None:
        raise UsageError("give energy_min and energy_max (TeV)")
    if not 0 < emin < emax:
        raise UsageError("energy_min must be positive and below energy_max")
    return emin, emax


# ---------------------------------------------------------------------------------------------------------------
# 1D reflected-regions datasets (spectrum, lightcurve)
# ---------------------------------------------------------------------------------------------------------------

def spectrum_datasets(observations, target, on_radius, emin, emax, point_like):
    import astropy.units as u
    from gammapy.datasets import Datasets, SpectrumDataset
    from gammapy.makers import (ReflectedRegionsBackgroundMaker, SafeMaskMaker, SpectrumDatasetMaker,
                                WobbleRegionsFinder)
    from gammapy.maps import MapAxis, RegionGeom, WcsGeom
    from regions import CircleSkyRegion, PointSkyRegion

    energy_axis = MapAxis.from_energy_bounds(emin, emax, nbin=10, per_decade=True, unit="TeV", name="energy")
    energy_axis_true = MapAxis.from_energy_bounds(0.05, 100, nbin=20, per_decade=True, unit="TeV",
                                                  name="energy_true")
    if point_like:
        # Point-like IRFs carry the ON size (RAD_MAX) themselves: gammapy 1.0 wants a point region and wobble OFFs.
        on_region = PointSkyRegion(target)
        maker = SpectrumDatasetMaker(containment_correction=False, selection=["counts", "exposure", "edisp"],
                                     use_region_center=True)
        bkg_maker = ReflectedRegionsBackgroundMaker(region_finder=WobbleRegionsFinder(n_off_regions=3))
    else:
        on_region = CircleSkyRegion(center=target, radius=on_radius * u.deg)
        maker = SpectrumDatasetMaker(containment_correction=True, selection=["counts", "exposure", "edisp"])
        exclusion = WcsGeom.create(npix=(150, 150), binsz=0.05, skydir=target, proj="TAN", frame="icrs")
        mask = ~exclusion.region_mask([CircleSkyRegion(center=target, radius=0.5 * u.deg)])
        bkg_maker = ReflectedRegionsBackgroundMaker(exclusion_mask=mask)
    geom = RegionGeom.create(region=on_region, axes=[energy_axis])
    empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
    safe = SafeMaskMaker(methods=["aeff-max"], aeff_percent=10)
    datasets = Datasets()
    for obs in observations:
        ds = maker.run(empty.copy(name=str(obs.obs_id)), obs)
        ds = bkg_maker.run(ds, obs)
        ds = safe.run(ds, obs)
        datasets.append(ds)
    return datasets


def spectral_model(kind):
    from gammapy.modeling.models import LogParabolaSpectralModel, PowerLawSpectralModel
    if kind == "log-parabola":
        return LogParabolaSpectralModel(alpha=2.3, beta=0.1, amplitude="3e-11 cm-2 s-1 TeV-1", reference="1 TeV")
    return PowerLawSpectralModel(index=2, amplitude="3e-11 cm-2 s-1 TeV-1", reference="1 TeV")


def fit(datasets, kind):
    """Fits one spectral model jointly to all datasets; returns (SkyModel, summary dict)."""
    from gammapy.modeling import Fit
    from gammapy.modeling.models import SkyModel
    model = SkyModel(spectral_model=spectral_model(kind), name="source")
    datasets.models = [model]
    result = Fit().run(datasets=datasets)
    stat_fit = datasets.stat_sum()
    amp = model.spectral_model.amplitude
    summary = {"model": kind, "success": bool(result.success), "amplitude": amp.value,
               "amplitude_err": amp.error, "amplitude_unit": "cm-2 s-1 TeV-1", "reference_TeV": 1.0,
               "stat": float(stat_fit)}
    if kind == "log-parabola":
        for p in ("alpha", "beta"):
            summary[p] = model.spectral_model.parameters[p].value
            summary[p + "_err"] = model.spectral_model.parameters[p].error
    else:
        summary["index"] = model.spectral_model.index.value
        summary["index_err"] = model.spectral_model.index.error
    # TS of the source: fit statistic without the source minus with it.
    datasets.models = None
    summary["ts"] = float(datasets.stat_sum() - stat_fit)
    datasets.models = [model]
    return model, summary


@analysis("spectrum")
def run_spectrum(args):
    import astropy.units as u
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from gammapy.estimators import FluxPointsEstimator

    target = target_of(args)
    collection, store, ids = select_observations(args, target)
    observations, point_like = load(store, ids)
    emin, emax = energy_bounds(args)
    datasets = spectrum_datasets(observations, target, args.radius, emin, emax, point_like)
    info_table = datasets.info_table(cumulative=True)
    info = info_table[-1]
    fits = {}
    models = {}
    for kind in ("power-law", "log-parabola"):
        models[kind], fits[kind] = fit(datasets, kind)
    chosen = args.model
    datasets.models = [models[chosen]]
    summary = dict(fits[chosen])
    summary.update({"fits": fits, "excess": float(info["excess"]), "significance": float(info["sqrt_ts"]),
                    "counts": int(info["counts"]), "counts_off": float(info["counts_off"]),
                    "livetime_s": float(info_table["livetime"].quantity[-1].to_value("s")),
                    "obs_ids": ids, "collection": collection, "on_radius_deg": None if point_like else args.radius,
                    "point_like": point_like, "attribution": ATTRIBUTION.get(collection)})
    edges = np.geomspace(emin, emax, 7) * u.TeV
    fpe = FluxPointsEstimator(energy_edges=edges, source="source", selection_optional=["ul"])
    flux_points = fpe.run(datasets=datasets)
    flux_points.write("flux_points.fits", sed_type="dnde", overwrite=True)
    flux_points.to_table(sed_type="dnde", formatted=True).write("flux_points.ecsv", format="ascii.ecsv",
                                                                overwrite=True)
    with open("fit_summary.json", "w") as f:
        json.dump(summary, f, indent=2, default=float)
    fig, ax = plt.subplots(figsize=(7, 5))
    bounds = [emin, emax] * u.TeV
    models[chosen].spectral_model.plot(energy_bounds=bounds, ax=ax, sed_type="e2dnde", label=chosen + " fit")
    models[chosen].spectral_model.plot_error(energy_bounds=bounds, ax=ax, sed_type="e2dnde")
    flux_points.plot(ax=ax, sed_type="e2dnde", color="black", label="flux points")
    ax.set_title("%s: %s" % (args.target or "target", ", ".join(map(str, ids))))
    ax.legend()
    attribute(fig, collection)
    fig.savefig("spectrum.png", dpi=100, bbox_inches="tight")
    outputs = ["fit_summary.json", "flux_points.fits", "flux_points.ecsv", "spectrum.png"]
    write_manifest(input_files(collection, store, ids), outputs, vars(args))
    return summary


# ---------------------------------------------------------------------------------------------------------------
# Sky maps
# ---------------------------------------------------------------------------------------------------------------

def stacked_map(args, kind, selection, energy_true, fov_background):
    """(target, collection, store, ids, stacked MapDataset, exclusion mask, emin, emax): the observations of the
    request stacked on a square map of half-width ``radius`` and pixel ``bin_size`` around the target, one energy
    bin; with ``fov_background`` each run's background model is scaled outside 0.3 deg around the target."""
    import astropy.units as u
    from gammapy.datasets import MapDataset
    from gammapy.makers import FoVBackgroundMaker, MapDatasetMaker, SafeMaskMaker
    from gammapy.maps import MapAxis, WcsGeom
    from regions import CircleSkyRegion

    target = target_of(args)
    collection, store, ids = select_observations(args, target)
    observations, point_like = load(store, ids)
    if point_like:
        raise UsageError("%s needs full-enclosure IRFs with a background model; %s has point-like IRFs only"
                         % (kind, collection))
    emin, emax = energy_bounds(args)
    energy = MapAxis.from_energy_bounds(emin, emax, nbin=1, unit="TeV", name="energy")
    geom = WcsGeom.create(skydir=target, binsz=args.bin_size, width=(2 * args.radius, 2 * args.radius),
                          frame="icrs", proj="CAR", axes=[energy])
    exclusion = ~geom.to_image().region_mask([CircleSkyRegion(center=target, radius=0.3 * u.deg)])
    maker = MapDatasetMaker(selection=selection)
    safe = SafeMaskMaker(methods=["offset-max"], offset_max=2.5 * u.deg)
    stacked = MapDataset.create(geom=geom, energy_axis_true=energy_true, name="stacked")
    fov = FoVBackgroundMaker(method="scale", exclusion_mask=exclusion)
    for obs in observations:
        ds = safe.run(maker.run(stacked.cutout(obs.pointing_radec, width="5 deg"), obs), obs)
        stacked.stack(fov.run(ds) if fov_background else ds)
    return target, collection, store, ids, stacked, exclusion, emin, emax


@analysis("skymap")
def run_skymap(args):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from gammapy.estimators import ExcessMapEstimator
    from gammapy.makers import RingBackgroundMaker
    from gammapy.maps import MapAxis

    energy_true = MapAxis.from_energy_bounds(0.05, 150, nbin=5, per_decade=True, unit="TeV", name="energy_true")
    target, collection, store, ids, stacked, exclusion, emin, emax = stacked_map(
        args, "sky maps", ["counts", "exposure", "background", "psf", "edisp"], energy_true, args.background == "fov")
    if args.background == "ring":
        ring = RingBackgroundMaker(r_in="0.5 deg", width="0.3 deg", exclusion_mask=exclusion)
        dataset = ring.run(stacked.to_image())
    else:
        dataset = stacked.to_image()
    estimator = ExcessMapEstimator(correlation_radius="0.1 deg", selection_optional=[])
    maps = estimator.run(dataset)
    dataset.counts.write("counts.fits", overwrite=True)
    maps["npred_excess"].write("excess.fits", overwrite=True)
    maps["sqrt_ts"].write("significance.fits", overwrite=True)
    fig = plt.figure(figsize=(14, 4.5))
    for i, (name, m) in enumerate([("counts", dataset.counts), ("excess", maps["npred_excess"]),
                                   ("Li & Ma significance", maps["sqrt_ts"])]):
        ax = fig.add_subplot(1, 3, i + 1, projection=m.geom.to_image().wcs)
        m.sum_over_axes().plot(ax=ax, add_cbar=True, stretch="linear")
        ax.set_title(name)
    attribute(fig, collection)
    fig.savefig("skymap.png", dpi=90, bbox_inches="tight")
    sig = maps["sqrt_ts"].data
    summary = {"background": args.background, "obs_ids": ids, "collection": collection,
               "max_significance": float(sig[sig == sig].max()) if sig.size else None,
               "excess_total": float(np.nansum(maps["npred_excess"].data))}
    with open("skymap_summary.json", "w") as f:
        json.dump(summary, f, indent=2)
    outputs = ["counts.fits", "excess.fits", "significance.fits", "skymap.png", "skymap_summary.json"]
    write_manifest(input_files(collection, store, ids), outputs, vars(args))
    return summary


# ---------------------------------------------------------------------------------------------------------------
# Light curves
# ---------------------------------------------------------------------------------------------------------------

@analysis("lightcurve")
def run_lightcurve(args):
    import astropy.units as u
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from astropy.time import Time
    from gammapy.estimators import LightCurveEstimator

    target = target_of(args)
    collection, store, ids = select_observations(args, target)
    observations, point_like = load(store, ids)
    emin, emax = energy_bounds(args)
    datasets = spectrum_datasets(observations, target, args.radius, emin, emax, point_like)
    model, fit_summary = fit(datasets, "power-law")
    # The shape is fixed at the joint fit; each bin fits the normalisation only.
    model.spectral_model.index.frozen = True
    time_intervals = None
    if args.time_bin:
        start = min(o.tstart for o in observations)
        stop = max(o.tstop for o in observations)
        n = int(np.ceil((stop - start).to_value("d") / args.time_bin))
        if n > 1000:
            raise UsageError("time_bin gives %d bins; at most 1000" % n)
        edges = start + np.arange(n + 1) * args.time_bin * u.d
        time_intervals = [Time([a, b]) for a, b in zip(edges[:-1], edges[1:])]
    estimator = LightCurveEstimator(energy_edges=[emin, emax] * u.TeV, source="source",
                                    time_intervals=time_intervals, selection_optional=["ul"])
    lc = estimator.run(datasets)
    table = lc.to_table(format="lightcurve", sed_type="flux")
    table.write("lightcurve.fits", overwrite=True)
    table.write("lightcurve.ecsv", format="ascii.ecsv", overwrite=True)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    lc.plot(ax=ax, sed_type="flux", axis_name="time")
    ax.set_title("%s, %.2g-%.2g TeV" % (args.target or "target", emin, emax))
    attribute(fig, collection)
    fig.savefig("lightcurve.png", dpi=100, bbox_inches="tight")
    summary = {"obs_ids": ids, "collection": collection, "bins": len(table), "index": fit_summary["index"],
               "energy_min_TeV": emin, "energy_max_TeV": emax}
    with open("lightcurve_summary.json", "w") as f:
        json.dump(summary, f, indent=2)
    outputs = ["lightcurve.fits", "lightcurve.ecsv", "lightcurve.png", "lightcurve_summary.json"]
    write_manifest(input_files(collection, store, ids), outputs, vars(args))
    return summary


# ---------------------------------------------------------------------------------------------------------------
# Cutouts: the DataLink cutout operation, as a job
# ---------------------------------------------------------------------------------------------------------------

def cut_events(path, target, radius, emin, emax, tmin_mjd, tmax_mjd):
    """An HDUList of the file's EVENTS cut by cone/energy/time, its GTI cropped, the other HDUs (IRFs) kept; header
    times and livetime follow the cropped GTI (dead-time fraction kept)."""
    import numpy as np
    from astropy.coordinates import SkyCoord
    from astropy.io import fits
    with fits.open(path) as hdus:
        events = hdus["EVENTS"]
        header = events.header.copy()
        data = events.data
        mjdref = header.get("MJDREFI", 0) + header.get("MJDREFF", 0.0)

        def met(mjd):
            return (mjd - mjdref) * 86400.0

        keep = np.ones(len(data), dtype=bool)
        if target is not None and radius:
            coords = SkyCoord(data["RA"], data["DEC"], unit="deg")
            keep &= coords.separation(target).deg <= radius
        if emin is not None:
            keep &= data["ENERGY"] >= emin
        if emax is not None:
            keep &= data["ENERGY"] <= emax
        t0 = met(tmin_mjd) if tmin_mjd is not None else -np.inf
        t1 = met(tmax_mjd) if tmax_mjd is not None else np.inf
        keep &= (data["TIME"] >= t0) & (data["TIME"] <= t1)
        gti = hdus["GTI"]
        start = np.clip(gti.data["START"], t0, t1)
        stop = np.clip(gti.data["STOP"], t0, t1)
        good = stop > start
        old_ontime = float(np.sum(gti.data["STOP"] - gti.data["START"]))
        ontime = float(np.sum(stop[good] - start[good]))
        new_events = fits.BinTableHDU(data=data[keep], header=header, name="EVENTS")
        gti_table = fits.BinTableHDU.from_columns(
            [fits.Column(name="START", format="D", array=start[good], unit="s"),
             fits.Column(name="STOP", format="D", array=stop[good], unit="s")], header=gti.header.copy(), name="GTI")
        h = new_events.header
        if good.any():
            h["TSTART"] = float(start[good].min())
            h["TSTOP"] = float(stop[good].max())
        h["ONTIME"] = ontime
        if "LIVETIME" in h and old_ontime > 0:
            h["LIVETIME"] = float(h["LIVETIME"]) * ontime / old_ontime
        if "DEADC" not in h and old_ontime > 0 and "LIVETIME" in header:
            h["DEADC"] = float(header["LIVETIME"]) / old_ontime
        h["HISTORY"] = "GammaVO cutout: cone %s deg, energy [%s, %s] TeV, time [%s, %s] MJD" % (
            radius, emin, emax, tmin_mjd, tmax_mjd)
        h["NAXIS2"] = int(keep.sum())
        others = [hdu.copy() for hdu in hdus[1:] if hdu.name not in ("EVENTS", "GTI")]
        return fits.HDUList([fits.PrimaryHDU(header=hdus[0].header.copy()), new_events, gti_table] + others), \
            int(keep.sum()), len(data)


@analysis("cutout")
def run_cutout(args):
    from astropy.io import fits
    target = target_of(args) if args.ra is not None else None
    if target is None and not (args.obs_id or args.obs_publisher_did):
        raise UsageError("a cutout needs observations (obs_id or obs_publisher_did) or a target")
    collection, store, ids = select_observations(args, target)
    outputs, summary = [], {"collection": collection, "observations": []}
    files = input_files(collection, store, ids)
    for obs_id in ids:
        loc = store.hdu_table.hdu_location(obs_id=obs_id, hdu_type="events")
        hdus, n, total = cut_events(loc.path(), target, args.radius, args.energy_min, args.energy_max,
                                    args.time_min, args.time_max)
        # IRFs kept in separate files (CTA 1DC caldb) are appended, so each cutout is self-contained.
        names = {h.name for h in hdus}
        for hdu_type in ("aeff", "edisp", "psf", "bkg"):
            try:
                irf = store.hdu_table.hdu_location(obs_id=obs_id, hdu_type=hdu_type)
            except Exception:
                continue
            if irf is not None and Path(irf.path()).resolve() != Path(loc.path()).resolve():
                with fits.open(irf.path()) as f:
                    h = f[irf.hdu_name].copy()
                    if h.name not in names:
                        hdus.append(h)
                        names.add(h.name)
        name = "cutout_%d.fits.gz" % obs_id
        hdus.writeto(name, overwrite=True)
        outputs.append(name)
        summary["observations"].append({"obs_id": obs_id, "events": n, "events_before": total})
    with open("cutout_summary.json", "w") as f:
        json.dump(summary, f, indent=2)
    outputs.append("cutout_summary.json")
    write_manifest(files, outputs, vars(args))
    return summary


# ---------------------------------------------------------------------------------------------------------------
# Significance map: one Li & Ma map against the field-of-view background, and where it peaks
# ---------------------------------------------------------------------------------------------------------------

@analysis("significance")
def run_significance(args):
    import astropy.units as u
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from astropy.coordinates import SkyCoord
    from gammapy.estimators import ExcessMapEstimator

    # Counts, exposure and background only: no PSF or energy dispersion is needed for a significance map.
    target, collection, store, ids, stacked, _, emin, emax = stacked_map(
        args, "significance maps", ["counts", "exposure", "background"], None, True)
    maps = ExcessMapEstimator(correlation_radius=args.correlation_radius * u.deg, selection_optional=[]).run(stacked)
    sig = maps["sqrt_ts"]
    sig.write("significance.fits", overwrite=True)
    data = np.nan_to_num(sig.data[0], nan=-np.inf)
    iy, ix = np.unravel_index(np.argmax(data), data.shape)
    peak = [float(u.Quantity(c, "deg").value) for c in sig.geom.to_image().pix_to_coord((ix, iy))]
    fig = plt.figure(figsize=(6, 5))
    ax = fig.add_subplot(1, 1, 1, projection=sig.geom.to_image().wcs)
    sig.sum_over_axes().plot(ax=ax, add_cbar=True, stretch="linear")
    ax.plot(ix, iy, "w+", markersize=12)
    ax.set_title("Li & Ma significance, %s, %.2g-%.2g TeV" % (args.target or "target", emin, emax))
    attribute(fig, collection)
    fig.savefig("significance.png", dpi=90, bbox_inches="tight")
    summary = {"obs_ids": ids, "collection": collection, "max_significance": float(data[iy, ix]),
               "peak_ra": peak[0], "peak_dec": peak[1],
               "peak_offset_deg": float(target.separation(SkyCoord(peak[0], peak[1], unit="deg")).deg),
               "excess_total": float(np.nansum(maps["npred_excess"].data)),
               "correlation_radius_deg": args.correlation_radius, "energy_min_TeV": emin, "energy_max_TeV": emax,
               "attribution": ATTRIBUTION.get(collection)}
    with open("significance_summary.json", "w") as f:
        json.dump(summary, f, indent=2)
    outputs = ["significance.fits", "significance.png", "significance_summary.json"]
    write_manifest(input_files(collection, store, ids), outputs, vars(args))
    return summary


def main(argv=None):
    args = parser().parse_args(argv)
    warnings.filterwarnings("ignore")
    try:
        summary = RUNNERS[args.kind](args)
    except UsageError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    except Exception as e:  # the job's log keeps the traceback; the summary line is what users see
        import traceback
        traceback.print_exc()
        print("error: %s failed: %s: %s" % (args.kind, type(e).__name__, e), file=sys.stderr)
        return 1
    print(json.dumps(summary, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
