"""Fast tests of the analysis jobs (run: /usr/bin/python3 -m unittest discover -s src/test/python -p 'test_*.py')."""
import json
import os
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "main" / "resources" / "analysis"))
import gammavo_analysis as ga  # noqa: E402

SHARED = os.environ.get("GAMMAVO_SHARED_DATA") or str(HERE.parents[3].parent / "shared" / "data")
HAVE_DATA = (Path(SHARED) / "dl3" / "hess-dl3-dr1").is_dir()


class InWorkDir(unittest.TestCase):
    def setUp(self):
        self.old = os.getcwd()
        self.tmp = tempfile.TemporaryDirectory()
        os.chdir(self.tmp.name)
        os.environ["GAMMAVO_SHARED_DATA"] = SHARED
        os.environ.setdefault("MPLCONFIGDIR", self.tmp.name)

    def tearDown(self):
        os.chdir(self.old)
        self.tmp.cleanup()


class ParametersTest(unittest.TestCase):
    def test_publisher_dids(self):
        self.assertEqual(ga.parse_dids("ivo://gammavo.org/hess-dl3-dr1?23523, ivo://gammavo.org/magic?5029747"),
                         [("hess-dl3-dr1", 23523), ("magic", 5029747)])
        self.assertEqual(ga.did("veritas", 64080), "ivo://gammavo.org/veritas?64080")

    def test_bad_dids_and_ids_are_usage_errors(self):
        for bad in ("ivo://elsewhere.org/hess-dl3-dr1?1", "ivo://gammavo.org/unknown?1", "ivo://gammavo.org/magic?x"):
            with self.assertRaises(ga.UsageError):
                ga.parse_dids(bad)
        with self.assertRaises(ga.UsageError):
            ga.parse_obs_ids("1,2;rm")

    def test_collections_found_under_shared_and_demo(self):
        with tempfile.TemporaryDirectory() as d:
            (Path(d) / "dl3" / "magic" / "data").mkdir(parents=True)
            (Path(d) / "dl3" / "magic" / "data" / "obs-index.fits.gz").write_bytes(b"")
            (Path(d) / "demo" / "veritas").mkdir(parents=True)
            (Path(d) / "demo" / "veritas" / "obs-index.fits.gz").write_bytes(b"")
            found = ga.collection_dirs({"GAMMAVO_SHARED_DATA": d, "GAMMAVO_DEMO_DATA": str(Path(d) / "demo")})
            self.assertEqual(found["magic"], Path(d) / "dl3" / "magic" / "data")
            self.assertEqual(found["veritas"], Path(d) / "demo" / "veritas")

    def test_parser_takes_the_bridge_arguments(self):
        args = ga.parser().parse_args(["spectrum", "--obs_id", "1,2", "--ra", "83.6", "--dec", "22",
                                       "--model", "log-parabola"])
        self.assertEqual((args.obs_id, args.ra, args.model), ("1,2", 83.6, "log-parabola"))

    def test_kinds_and_defaults_come_from_the_descriptions(self):
        """Every SLURM analysis kind of the catalogue has its function here, and its defaults are the description's."""
        described = {k for k, d in ga.descriptions().items() if k != "selftest"}
        self.assertEqual(described, set(ga.RUNNERS))
        p = ga.parser()
        self.assertEqual(p.parse_args(["spectrum"]).radius, 0.11)
        self.assertEqual(p.parse_args(["skymap"]).radius, 1.5)
        self.assertEqual(p.parse_args(["significance"]).correlation_radius, 0.1)
        self.assertIsNone(p.parse_args(["cutout"]).radius)
        with self.assertRaises(SystemExit):
            p.parse_args(["spectrum", "--model", "cubic"])  # the description's allowed values

    def test_the_bridge_passes_the_jobs_own_description(self):
        d = {"id": "skymap", "executor": "slurm", "parameters": [{"name": "radius", "type": "double", "default": "2"}]}
        p = ga.parser({"GAMMAVO_JOB_DESCRIPTION": json.dumps(d)})
        self.assertEqual(p.parse_args(["skymap"]).radius, 2.0)
        with self.assertRaises(SystemExit):
            p.parse_args(["spectrum"])


@unittest.skipUnless(HAVE_DATA, "no shared DL3 data at %s" % SHARED)
class CutoutTest(InWorkDir):
    def test_cutout_job_writes_events_gti_and_manifest(self):
        rc = ga.main(["cutout", "--obs_publisher_did", "ivo://gammavo.org/hess-dl3-dr1?23523", "--ra", "83.633",
                      "--dec", "22.0145", "--radius", "0.3", "--energy_min", "1", "--time_min", "53343.92",
                      "--time_max", "53343.94"])
        self.assertEqual(rc, 0)
        from astropy.io import fits
        with fits.open("cutout_23523.fits.gz") as f:
            names = [h.name for h in f]
            self.assertEqual(names[:3], ["PRIMARY", "EVENTS", "GTI"])
            self.assertTrue({"AEFF", "EDISP"} <= set(names), names)
            ev = f["EVENTS"]
            self.assertGreater(len(ev.data), 0)
            self.assertTrue((ev.data["ENERGY"] >= 1).all())
            gti = f["GTI"].data
            self.assertAlmostEqual(ev.header["TSTART"], gti["START"].min())
            self.assertAlmostEqual(ev.header["ONTIME"], float((gti["STOP"] - gti["START"]).sum()))
            self.assertLess(ev.header["LIVETIME"], ev.header["ONTIME"])  # dead time kept
            self.assertTrue((ev.data["TIME"] >= gti["START"].min()).all())
        m = json.load(open("manifest.json"))
        self.assertEqual(m["inputs"][0]["obs_publisher_did"], "ivo://gammavo.org/hess-dl3-dr1?23523")
        self.assertEqual(len(m["inputs"][0]["sha256"]), 64)
        self.assertEqual([o["name"] for o in m["outputs"]], ["cutout_23523.fits.gz", "cutout_summary.json"])
        self.assertEqual(m["software"]["name"], "gammapy")

    def test_unknown_observation_is_a_clear_error(self):
        self.assertEqual(ga.main(["cutout", "--obs_id", "999999999"]), 2)

    def test_significance_map_of_the_crab(self):
        """The significance kind on one H.E.S.S. Crab run (coarse pixels: a few seconds)."""
        rc = ga.main(["significance", "--obs_id", "23523", "--ra", "83.633", "--dec", "22.0145"])
        self.assertEqual(rc, 0)
        s = json.load(open("significance_summary.json"))
        self.assertGreater(s["max_significance"], 5)
        self.assertLess(s["peak_offset_deg"], 0.15)
        m = json.load(open("manifest.json"))
        self.assertEqual([o["name"] for o in m["outputs"]],
                         ["significance.fits", "significance.png", "significance_summary.json"])
        self.assertEqual(m["parameters"]["bin_size"], 0.05)  # the description's default

    def test_point_like_collection_is_found(self):
        rc = ga.main(["cutout", "--obs_publisher_did", "ivo://gammavo.org/veritas?64080"])
        self.assertEqual(rc, 0)
        self.assertTrue(Path("cutout_64080.fits.gz").exists())


if __name__ == "__main__":
    unittest.main()
