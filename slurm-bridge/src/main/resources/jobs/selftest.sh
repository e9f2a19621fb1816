#!/bin/sh
# selftest: proves the job path end to end (command in, process run, result file out). Runs in the job's work dir.
set -eu
printf 'selftest job %s ran on %s at %s\n' "$GAMMAVO_JOB_ID" "$(hostname)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > result.txt
