#!/usr/bin/env bash
# The chaos suite's short form (issue #15, docs/chaos.md): a stack of its own on its own ports and a private SLURM
# cluster, every part killed with -9 and restarted while jobs run; fails when a job is lost, runs twice or has its
# phase misreported. Run as root from the repository; about 6 minutes after the build.
#   bash .ci/chaos.sh [short|long] [--jobs N]
set -euo pipefail
cd "$(dirname "$0")/.."
# A cluster of its own: the chaos run kills its daemons, which must not hit the cluster anything else uses.
export GAMMAVO_SLURM_DIR=${GAMMAVO_CHAOS_SLURM_DIR:-/tmp/gammavo-chaos-slurm}
export GAMMAVO_SLURM_CTLD_PORT=${GAMMAVO_CHAOS_SLURM_CTLD_PORT:-9817}
export GAMMAVO_SLURMD_PORT=${GAMMAVO_CHAOS_SLURMD_PORT:-9818}
export GAMMAVO_SLURM_REST_PORT=${GAMMAVO_CHAOS_SLURM_REST_PORT:-9820}
export GAMMAVO_CHAOS_WORK_DIR=${GAMMAVO_CHAOS_WORK_DIR:-$PWD/work/chaos}
if [ -f slurm-bridge/cluster/local-slurm.sh ] && command -v slurmctld >/dev/null 2>&1; then
  bash slurm-bridge/cluster/local-slurm.sh start
  trap 'bash slurm-bridge/cluster/local-slurm.sh stop || true' EXIT
else
  echo "no SLURM here: the chaos run uses the local process executor and skips the SLURM daemons' faults"
  unset GAMMAVO_SLURM_DIR
fi
# ./platform builds first when the sources are newer than the last build (.ci/run stamps its test build).
rc=0
./platform chaos "${@:-short}" || rc=$?
[ "$rc" = 0 ] || tail -n 40 "$GAMMAVO_CHAOS_WORK_DIR"/logs/*.log || true
exit "$rc"
