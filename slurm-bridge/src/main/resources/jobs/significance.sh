#!/bin/bash
# significance: gammapy analysis of DL3 observations (see analysis code in .job/gammavo_analysis.py); writes manifest.json.
exec "${GAMMAVO_PYTHON:-/usr/bin/python3}" .job/gammavo_analysis.py significance @ARGS@
