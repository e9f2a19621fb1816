#!/usr/bin/env bash
# Kubernetes for real (issue #14, docs/kubernetes.md): every image built offline (`./platform images`), then the
# platform started from its manifests by `podman kube play` (k8s/podman/run.sh): all readiness probes, pyvo smoke,
# taplint, astropy name resolution, one job through UWS to COMPLETED with its result downloaded, then everything taken
# down. Run as root from the repository after the build (.ci/run's test step). Idempotent: it first removes what an
# earlier run left, and removes what it made on exit. A failure prints one line starting with "KUBE FAILED:".
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
LOG=${GAMMAVO_KUBE_LOG:-/tmp/ci-kube-images.log}
fail() { echo "KUBE FAILED: $*"; exit 1; }
trap 'bash k8s/podman/run.sh down >/dev/null 2>&1 || true' EXIT

# podman 4.3 + runc (crun fails on this machine kind), catatonit for the pods' infra container, mmdebstrap for the
# base images (the same lines belong in .ci/install.sh).
need=()
for p in podman runc catatonit mmdebstrap; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null 2>&1 || fail "apt-get update"
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>&1 || fail "apt-get install ${need[*]}"
fi
podman --version | grep -q ' 4\.' || fail "podman 4.x expected, found: $(podman --version)"

echo "=== kube: images ($LOG)"
t1=$SECONDS
./platform images > "$LOG" 2>&1 || { tail -30 "$LOG"; fail "image build (log: $LOG)"; }
grep -E '^  gammavo/' "$LOG" || true
echo "kube: images in $((SECONDS - t1)) s"

echo "=== kube: podman kube play of k8s/overlays/podman"
rc=0
bash k8s/podman/run.sh || rc=$?
[ "$rc" = 0 ] || exit "$rc"   # run.sh printed its KUBE FAILED line
echo "kube: passed in $((SECONDS - t0)) s"
