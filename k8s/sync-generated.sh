#!/usr/bin/env bash
# Refreshes the kept copies k8s/base/<service>/kubernetes.yml from what quarkus-kubernetes generated at the last build
# (<service>/target/kubernetes/kubernetes.yml). kustomize cannot read outside its root, hence copies; the k8s tests
# fail when a copy differs in substance from a freshly generated file, and tell you to run this script.
# Build annotations (commit id, timestamp) are dropped: they change at every build and mean nothing to kustomize.
# Usage: k8s/sync-generated.sh            (after `mvn package -DskipTests -pl <service>`)
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=(tap-service uws-service resolver-service slurm-bridge)
status=0
for s in "${SERVICES[@]}"; do
  src=$s/target/kubernetes/kubernetes.yml
  dst=k8s/base/$s/kubernetes.yml
  if [ ! -f "$src" ]; then
    echo "skip $s: $src is absent (build it: mvn -q -B package -DskipTests -pl $s)" >&2
    status=1
    continue
  fi
  mkdir -p "$(dirname "$dst")"
  {
    echo "# Copy of $src made by k8s/sync-generated.sh: do not edit by hand, patch it in k8s/base/kustomization.yaml."
    grep -v -e 'app.quarkus.io/build-timestamp:' -e 'app.quarkus.io/commit-id:' "$src"
  } > "$dst"
  echo "synced $dst"
done
exit $status
