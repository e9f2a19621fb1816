#!/usr/bin/env bash
# Installs everything CI's tests need on a fresh Debian 12 machine (run as root), pinned where a drift is known to
# break the run, and checks each install right away with one real call. Any failure stops the run with one line
# that starts with "CI INSTALL FAILED:" and names the package and the versions involved. Idempotent.
#
# Pins (why each exists, and when to lift it: docs/postgresql.md and the table below):
#   exact   postgresql-15, postgresql-client-15 = 15.18-0+deb12u1, held: 15.20 (bookworm-security) makes
#           CREATE EXTENSION pg_sphere fail ("commutator operator @> is already the commutator of operator <@").
#           postgresql-15-pgsphere = 1.1.1+2021-11-10-2+b1 (the only build in bookworm).
#   series  SLURM 22.05 (slurmrestd's v0.0.38 API, which the bridge speaks), gammapy 1.0 (the analyses' and the
#           science tests' figures), astropy 5.2, pyvo 1.2, stilts 3.4.7 (taplint's rule set), munge 0.5: a point
#           release may replace the exact build, a new series must not arrive unnoticed.
#   none    chromium: Debian ships only the newest security build and removes the old one, so an exact pin would
#           break at the next advisory; playwright-core (pinned exactly in web-ui/package-lock.json) is checked
#           against it below with a real page load.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
LOG=${CI_INSTALL_LOG:-/tmp/ci-install.log}
: > "$LOG"

PG_VERSION=15.18-0+deb12u1
PGSPHERE_VERSION=1.1.1+2021-11-10-2+b1

fail() { echo "CI INSTALL FAILED: $*"; echo "(details: $LOG)"; exit 1; }

# name  version-pattern (shell glob on the installed version; exact when it has no *)
PINNED=(
  "postgresql-15          $PG_VERSION"
  "postgresql-client-15   $PG_VERSION"
  "postgresql-15-pgsphere $PGSPHERE_VERSION"
  "slurm-wlm              22.05.*"
  "slurmrestd             22.05.*"
  "slurm-wlm-jwt-plugin   22.05.*"
  "munge                  0.5.*"
  "python3-gammapy        1.0-*"
  "python3-astropy        5.2.*"
  "python3-pyvo           1.2.*"
  "python3-matplotlib     3.6.*"
  "stilts                 3.4.7-*"
  "chromium               *"
  "podman                 4.3.*"
  "runc                   1.1.*"
  "catatonit              0.1.*"
  "mmdebstrap             1.3.*"
)

installed_version() { { dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null || true; } | awk '$3=="installed"{print $4}'; }

# apt preferences: the exact pins win over bookworm-security, the series pins keep a new series out.
cat > /etc/apt/preferences.d/gammavo-ci <<EOF
# Written by .ci/install.sh (gammavo CI). Why: docs/postgresql.md.
Package: postgresql-15 postgresql-client-15
Pin: version $PG_VERSION
Pin-Priority: 1001

Package: postgresql-15-pgsphere
Pin: version $PGSPHERE_VERSION
Pin-Priority: 1001
EOF

need=()
for row in "${PINNED[@]}"; do
  read -r name pattern <<<"$row"
  v=$(installed_version "$name")
  # shellcheck disable=SC2053  # the pattern is a glob on purpose
  if [[ -z $v || $v != $pattern ]]; then
    if [[ $pattern == *'*'* ]]; then need+=("$name"); else need+=("$name=$pattern"); fi
  fi
done
if [ ${#need[@]} -gt 0 ]; then
  apt-mark unhold postgresql-15 postgresql-client-15 postgresql-15-pgsphere >>"$LOG" 2>&1 || true
  apt-get update -q >>"$LOG" 2>&1 || fail "apt-get update (is the Debian mirror reachable?)"
  for want in "${need[@]}"; do
    if [[ $want == *=* ]] && ! apt-cache madison "${want%%=*}" | awk -v v="${want#*=}" '$3==v{f=1} END{exit !f}'; then
      fail "${want%%=*} ${want#*=} is no longer in the Debian archive (pinned: see docs/postgresql.md, 'When to lift the pin')"
    fi
  done
  apt-get install -y -q --no-install-recommends --allow-downgrades --allow-change-held-packages "${need[@]}" >>"$LOG" 2>&1 \
    || fail "apt-get install ${need[*]}: $(grep -E '^E:' "$LOG" | tail -1)"
fi
apt-mark hold postgresql-15 postgresql-client-15 postgresql-15-pgsphere >>"$LOG" 2>&1

# Every package at a version its pattern allows.
for row in "${PINNED[@]}"; do
  read -r name pattern <<<"$row"
  v=$(installed_version "$name")
  # shellcheck disable=SC2053
  [[ -n $v && $v == $pattern ]] || fail "$name is ${v:-not installed}, CI needs $pattern"
done

# One real call per install.
check() { local what=$1; shift; "$@" >>"$LOG" 2>&1 || fail "$what"; echo "ok: $what"; }

bash .ci/postgres.sh >>"$LOG" 2>&1 \
  || fail "PostgreSQL $(installed_version postgresql-15) + pgSphere $(installed_version postgresql-15-pgsphere): $(grep -E 'ERROR|FATAL' "$LOG" | tail -1)"
echo "ok: PostgreSQL $(installed_version postgresql-15) + pgSphere $(installed_version postgresql-15-pgsphere): pgSphere query answered"

check "SLURM $(installed_version slurm-wlm): slurmctld -V" bash -c 'slurmctld -V | grep -q "^slurm[-a-z]* 22\.05"'
check "munge $(installed_version munge): munge -V" munge -V
check "gammapy $(installed_version python3-gammapy): reads the H.E.S.S. DL3 index" /usr/bin/python3 -c '
import sys, gammapy
from gammapy.data import DataStore
assert gammapy.__version__.startswith("1.0"), gammapy.__version__
ds = DataStore.from_dir("tap-service/demo-data/hess-dl3-dr1")
assert len(ds.obs_table) > 0'
check "pyvo $(installed_version python3-pyvo), astropy $(installed_version python3-astropy): import and build a table" \
  /usr/bin/python3 -c 'import pyvo, astropy.table as t; t.Table({"a": [1]}); print(pyvo.__version__)'
check "stilts $(installed_version stilts): stilts -version" bash -c 'stilts -version | grep -q "3\.4"'

command -v kubectl >/dev/null || fail "kubectl not found (the k8s module renders the overlays with kubectl >= 1.27)"
kubectl version --client -o json | grep -Eq '"kustomizeVersion": "v([5-9]|[1-9][0-9])\.' \
  || fail "kubectl $(kubectl version --client -o json | grep -o '"gitVersion": "[^"]*"' | head -1) embeds no kustomize v5 (kubectl >= 1.27)"
check "kubectl: renders k8s/overlays/dev" kubectl kustomize k8s/overlays/dev

# The images (#14) are built by mmdebstrap + podman and run under `podman kube play` with runc (crun fails on this
# machine kind: setrlimit, then cgroups in hybrid mode); catatonit is the pods' infra container's init.
check "podman $(installed_version podman) with runc $(installed_version runc) (k8s/images/containers.conf)" \
  env CONTAINERS_CONF=k8s/images/containers.conf bash -c 'podman info --format "{{.Host.OCIRuntime.Name}}" | grep -qx runc'
check "mmdebstrap $(installed_version mmdebstrap): --version" mmdebstrap --version

# npm: exactly the lock file's versions (npm ci), then playwright-core drives Debian's Chromium for one page.
(cd web-ui && npm ci --no-audit --no-fund --loglevel=error) >>"$LOG" 2>&1 \
  || fail "npm ci in web-ui (node $(node --version), npm $(npm --version)): $(grep -E 'ERR' "$LOG" | tail -1)"
check "playwright-core $(node -p 'require("./web-ui/node_modules/playwright-core/package.json").version') with chromium $(installed_version chromium): loads a page" \
  node web-ui/e2e/smoke-chromium.mjs

check "Java 17+: javac -version" bash -c 'javac -version 2>&1 | grep -Eq "javac (1[7-9]|[2-9][0-9])"'
# Keycloak (the OIDC issuer of the web-ui tests, #19) needs Java 21+; the platform stays on 17. The same search as
# KeycloakServer: GAMMAVO_KEYCLOAK_JAVA_HOME, else the newest JDK 21+ under /usr/lib/jvm.
kc_java=${GAMMAVO_KEYCLOAK_JAVA_HOME:-}
if [ -z "$kc_java" ]; then
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] || continue
    v=$("$d/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    [ -n "$v" ] && [ "$v" -ge 21 ] && kc_java=$d
  done
fi
[ -n "$kc_java" ] || fail "no JDK 21+ under /usr/lib/jvm for Keycloak (install one, e.g. Temurin, or set GAMMAVO_KEYCLOAK_JAVA_HOME)"
check "Keycloak's Java: $kc_java/bin/java -version" "$kc_java/bin/java" -version
check "Maven 3.8+: mvn -v" bash -c 'mvn -v | grep -Eq "Apache Maven (3\.(8|9)|[4-9])"'
echo "installed and checked (log: $LOG)"
