#!/usr/bin/env bash
# The platform started from its Kubernetes manifests in a real container runtime: `podman kube play --network host`
# of k8s/overlays/podman (the base's Deployments and ConfigMap, docs/kubernetes.md "The platform under podman").
#   k8s/podman/run.sh          up, wait for every readiness probe, drive it from outside, measure, take it all down
#   k8s/podman/run.sh up       up and wait, then leave it running (k8s/podman/run.sh down removes it)
#   k8s/podman/run.sh down     take down what an earlier run left (pods, containers, volumes, SLURM, /gammavo)
# Needs root, podman + runc, the images of `./platform images`, kubectl (kustomize), python3 with PyYAML, and for the
# checks pyvo, astropy, stilts and the SLURM packages (.ci/install.sh). SLURM stays outside the containers, as on a
# site: a private single-node cluster of slurm-bridge/cluster/local-slurm.sh that slurm-bridge reaches through
# slurmrestd. Jobs run on the host and see the shared store at /gammavo, as SLURM nodes mount it.
# Settings: GAMMAVO_KUBE_WORK (work/kube), GAMMAVO_KUBE_SLURM_DIR (/tmp/gammavo-kube-slurm) and its ports
# GAMMAVO_KUBE_SLURM_{CTLD,SLURMD,REST}_PORT (9717, 9718, 9720), GAMMAVO_KUBE_READY_TIMEOUT (s, 420).
set -eEuo pipefail
shopt -s inherit_errexit
trap 'echo "KUBE FAILED: k8s/podman/run.sh line $LINENO: $BASH_COMMAND"' ERR
cd "$(dirname "$0")/../.."
ROOT=$PWD
SHARED_CHECKS=${GAMMAVO_SHARED_CHECKS:-$ROOT/../shared/checks}
SHARED_DATA=${GAMMAVO_SHARED_DATA_SRC:-$ROOT/../shared/data}
export CONTAINERS_CONF=$ROOT/k8s/images/containers.conf
WORK=${GAMMAVO_KUBE_WORK:-$ROOT/work/kube}
SLURM_DIR=${GAMMAVO_KUBE_SLURM_DIR:-/tmp/gammavo-kube-slurm}
READY_TIMEOUT=${GAMMAVO_KUBE_READY_TIMEOUT:-420}
# The pods' uid (k8s/components/quarkus-service/hardening.yaml): SLURM jobs run as a host user with that uid, so that
# what they write in the shared store is the services' (docs/kubernetes.md, "Shared store", item 4).
POD_UID=185
JOB_USER=gammavo-pod
# Where the SLURM nodes mount the shared store (GAMMAVO_RESULTS_DIR, GAMMAVO_SHARED_DATA of the ConfigMap).
MOUNT=/gammavo
TAP=http://127.0.0.1:30091/tap
UWS=http://127.0.0.1:30092/uws
RESOLVER=http://127.0.0.1:30093/resolver
t0=$SECONDS
say() { echo "kube [$((SECONDS - t0))s] $*"; }
die() { echo "KUBE FAILED: $*"; exit 1; }

slurm() {
  GAMMAVO_SLURM_DIR=$SLURM_DIR GAMMAVO_SLURM_CTLD_PORT=${GAMMAVO_KUBE_SLURM_CTLD_PORT:-9717} \
    GAMMAVO_SLURMD_PORT=${GAMMAVO_KUBE_SLURM_SLURMD_PORT:-9718} GAMMAVO_SLURM_REST_PORT=${GAMMAVO_KUBE_SLURM_REST_PORT:-9720} \
    GAMMAVO_SLURM_JOB_USER=$JOB_USER bash slurm-bridge/cluster/local-slurm.sh "$@"
}

DEPLOYMENTS=(gammavo-kafka gammavo-db tap-service uws-service resolver-service slurm-bridge web-ui)

# Everything this script may have made; each step tolerates its absence (idempotent).
down() {
  local f
  for f in "$WORK"/render/platform.yaml "$WORK"/render/infra.yaml; do
    [ -f "$f" ] && podman kube down "$f" >/dev/null 2>&1 || true
  done
  # A pod whose start failed half-way is not always removed by kube down: by name, as kube play names them.
  for d in "${DEPLOYMENTS[@]}"; do
    podman pod exists "$d-pod-0" 2>/dev/null && podman pod rm -f "$d-pod-0" >/dev/null 2>&1 || true
  done
  for f in "$WORK"/render/secrets/*.json; do
    [ -f "$f" ] && podman secret rm "$(basename "$f" .json)" >/dev/null 2>&1 || true
  done
  podman volume rm -f gammavo-kafka-data gammavo-db-data >/dev/null 2>&1 || true
  [ -d "$SLURM_DIR" ] && slurm stop >/dev/null 2>&1 || true
  [ -L "$MOUNT" ] && [ "$(readlink "$MOUNT")" = "$WORK/shared" ] && rm -f "$MOUNT"
  rm -rf "$WORK/render"
}

leftovers() {
  local pods vols
  pods=$(podman pod ps --format '{{.Name}}' | grep -E "^($(IFS='|'; echo "${DEPLOYMENTS[*]}"))-pod" || true)
  vols=$(podman volume ls --format '{{.Name}}' | grep -E '^gammavo-' || true)
  [ -z "$pods$vols" ] || { echo "left behind: pods [$pods] volumes [$vols]"; return 1; }
}

case "${1:-run}" in
  down) down; leftovers; say "down"; exit 0 ;;
  up|run) ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
MODE=${1:-run}

for c in podman kubectl python3 curl; do command -v "$c" >/dev/null || die "$c is required"; done
[ "$(id -u)" = 0 ] || die "run as root (podman kube play of host-network pods, SLURM daemons, $MOUNT)"
VERSION=$(sed -n '0,/<artifactId>gammavo-parent<\/artifactId>/d; s:.*<version>\([^<]*\)</version>.*:\1:p' pom.xml | head -1)
for i in tap-service uws-service resolver-service slurm-bridge web-ui kafka postgres; do
  podman image exists "localhost/gammavo/$i:$VERSION" || die "image gammavo/$i:$VERSION is missing: ./platform images"
done

down
if [ "$MODE" = run ]; then trap 'down' EXIT; fi

say "SLURM outside the containers ($SLURM_DIR), job user $JOB_USER (uid $POD_UID)"
if ! id "$JOB_USER" >/dev/null 2>&1; then
  getent passwd "$POD_UID" >/dev/null && die "uid $POD_UID is taken on this host by $(getent passwd $POD_UID | cut -d: -f1)"
  getent group "$POD_UID" >/dev/null || groupadd --system --gid "$POD_UID" "$JOB_USER"
  useradd --system --uid "$POD_UID" --gid "$POD_UID" --create-home --shell /bin/bash "$JOB_USER"
fi
slurm start >/dev/null
eval "$(slurm env)"

say "shared store $WORK/shared, mounted at $MOUNT on this host as on a SLURM node"
if [ -e "$MOUNT" ] && ! { [ -L "$MOUNT" ] && [ "$(readlink "$MOUNT")" = "$WORK/shared" ]; }; then
  die "$MOUNT exists and is not this run's link to $WORK/shared"
fi
mkdir -p "$WORK/shared/results" "$WORK/shared/data"
rm -rf "$WORK/shared/results"/*
[ -d "$WORK/shared/data/dl3" ] || cp -a "$SHARED_DATA"/. "$WORK/shared/data/"
chown "$POD_UID:$POD_UID" "$WORK/shared/results"; chmod 2775 "$WORK/shared/results"
ln -sfn "$WORK/shared" "$MOUNT"

say "render k8s/overlays/podman"
mkdir -p "$WORK/render"
kubectl kustomize k8s/overlays/podman > "$WORK/render/rendered.yaml"
# The Secrets an operator creates by hand (docs/kubernetes.md): random database passwords, the SLURM token.
rand() { head -c 18 /dev/urandom | base64 | tr -d '/+='; }
umask 077
cat > "$WORK/render/secrets.in.yaml" <<EOF
apiVersion: v1
kind: Secret
metadata: {name: gammavo-db-tap}
type: kubernetes.io/basic-auth
stringData: {username: gammavo_tap, password: "$(rand)"}
---
apiVersion: v1
kind: Secret
metadata: {name: gammavo-db-uws}
type: kubernetes.io/basic-auth
stringData: {username: gammavo_uws, password: "$(rand)"}
---
apiVersion: v1
kind: Secret
metadata: {name: gammavo-slurm}
stringData: {url: "$GAMMAVO_TEST_SLURM_URL", user: "$GAMMAVO_TEST_SLURM_USER", token: "$(cat "$GAMMAVO_TEST_SLURM_TOKEN_FILE")"}
EOF
umask 022
python3 k8s/podman/render.py "$WORK/render/rendered.yaml" "$WORK/render/secrets.in.yaml" "$WORK/render" \
  --bind "gammavo-shared=$WORK/shared"
# The token file is read by uid 185 (in Kubernetes the kubelet gives it the pod's fsGroup).
chgrp -R "$POD_UID" "$WORK/render/secret-volumes"; chmod -R g+rX "$WORK/render/secret-volumes"; chmod 755 "$WORK/render"
for f in "$WORK"/render/secrets/*.json; do podman secret create "$(basename "$f" .json)" "$f" >/dev/null; done

# Readiness as the kubelet checks it: every container's readinessProbe of the rendered manifests (podman 4.3 runs
# only liveness probes, as healthchecks). Prints "pod container kind target" lines.
probes() {
  python3 - "$1" <<'EOF'
import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if not d or d["kind"] != "Deployment":
        continue
    for c in d["spec"]["template"]["spec"]["containers"]:
        p = c.get("readinessProbe") or {}
        ports = {x.get("name"): x["containerPort"] for x in c.get("ports", [])}
        port = lambda v: ports.get(v, v)
        if "httpGet" in p:
            print(d["metadata"]["name"], c["name"], "http", f"http://127.0.0.1:{port(p['httpGet']['port'])}{p['httpGet']['path']}")
        elif "tcpSocket" in p:
            print(d["metadata"]["name"], c["name"], "tcp", port(p["tcpSocket"]["port"]))
        elif "exec" in p:
            print(d["metadata"]["name"], c["name"], "exec", " ".join(p["exec"]["command"]))
        else:
            sys.exit(f"{d['metadata']['name']}/{c['name']} has no readiness probe")
EOF
}
ready() {   # pod container kind target...
  local pod=$1 ctr=$2 kind=$3; shift 3
  case "$kind" in
    http) curl -sf -o /dev/null --max-time 5 "$1" ;;
    tcp) (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null ;;
    exec) podman exec "$pod-pod-0-$ctr" "$@" >/dev/null 2>&1 ;;
  esac
}
wait_ready() {   # file
  local deadline=$((SECONDS + READY_TIMEOUT)) line pending
  while :; do
    pending=()
    while read -r line; do
      # shellcheck disable=SC2086
      ready $line || pending+=("${line%% *}")
    done < <(probes "$1")
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      for p in "${pending[@]}"; do
        for c in $(podman ps -a --filter "pod=$p-pod-0" --format '{{.Names}}' | grep -v infra); do
          echo "--- $c (not ready):"; podman logs --tail 30 "$c" 2>&1 | tail -30 || true
        done
      done
      podman ps -a --format '{{.Names}} {{.Status}}'
      die "not ready after ${READY_TIMEOUT}s: ${pending[*]}"
    fi
    sleep 2
  done
}

say "kube play infra (Kafka, PostgreSQL)"
# (podman logs an error per container that it cannot schedule liveness healthchecks without systemd: kept in a file.)
podman kube play --network host "$WORK/render/infra.yaml" >"$WORK/play-infra.log" 2>&1 || { cat "$WORK/play-infra.log"; die "kube play infra"; }
wait_ready "$WORK/render/infra.yaml"
say "topics of k8s/base/kafka/topics.yaml"
python3 - k8s/base/kafka/topics.yaml > "$WORK/render/topics.txt" <<'EOF'
import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d and d["kind"] == "KafkaTopic":
        s = d["spec"]
        print(s.get("topicName", d["metadata"]["name"]), s["partitions"],
              ",".join(f"{k}={v}" for k, v in (s.get("config") or {}).items()))
EOF
podman exec -i -e KAFKA_PORT=39092 gammavo-kafka-pod-0-kafka /opt/kafka/bin/kafka-entrypoint.sh topics /dev/stdin \
  < "$WORK/render/topics.txt" > "$WORK/topics.log" 2>&1 || { cat "$WORK/topics.log"; die "topics not created"; }

say "kube play platform (k8s/base Deployments)"
t_play=$SECONDS
podman kube play --network host "$WORK/render/platform.yaml" >"$WORK/play-platform.log" 2>&1 \
  || { cat "$WORK/play-platform.log"; die "kube play platform"; }
wait_ready "$WORK/render/platform.yaml"
say "all ready: $((SECONDS - t_play)) s from kube play of the platform"

if [ "$MODE" = up ]; then say "up; take it down with: k8s/podman/run.sh down"; exit 0; fi

failed=0
check() {
  local name=$1; shift
  if "$@"; then say "check passed: $name"; else say "CHECK FAILED: $name"; failed=1; fi
}
/usr/bin/python3 -c "from astropy.utils.data import clear_download_cache; clear_download_cache()" 2>/dev/null || true
check "astropy Sesame resolution" /usr/bin/python3 "$SHARED_CHECKS/astropy-resolve.py" "$RESOLVER/sesame/"
check "pyvo TAP smoke" /usr/bin/python3 "$SHARED_CHECKS/pyvo-smoke.py" "$TAP"
# taplint: 0 errors except E-OBS-ILOP (the High-Energy ObsCore extension's dataproduct_types, as in .ci/run).
taplint_clean() {
  stilts taplint tapurl="$TAP" report=EWF > "$WORK/taplint.txt" 2>&1 || true
  grep -E '^Totals' "$WORK/taplint.txt" || { tail -20 "$WORK/taplint.txt"; return 1; }
  [ -z "$(grep -E '^E-[A-Z]{3}-' "$WORK/taplint.txt" | grep -v '^E-OBS-ILOP' || true)" ] \
    || { grep -E '^E-' "$WORK/taplint.txt" | head; return 1; }
}
check "taplint" taplint_clean
# One job through UWS, executed by SLURM outside the containers, its result downloaded.
uws_job() {
  local job phase i
  job=$(curl -sf -u alice:alice -o /dev/null -w '%{redirect_url}' -X POST -d PHASE=RUN "$UWS/selftest") || return 1
  [ -n "$job" ] || return 1
  say "job $job"
  # UWS 1.1 blocking: GET the job with WAIT returns when its phase changes (or after 30 s).
  for i in $(seq 1 20); do
    curl -sf -u alice:alice -o /dev/null "$job?WAIT=30" || sleep 2
    phase=$(curl -sf -u alice:alice "$job/phase") || return 1
    case "$phase" in COMPLETED) break ;; ERROR|ABORTED) curl -s -u alice:alice "$job"; return 1 ;; esac
  done
  [ "$phase" = COMPLETED ] || { echo "phase $phase"; return 1; }
  curl -sf -u alice:alice "$job/results/result.txt" | tee "$WORK/result.txt" | grep -q . 
}
check "selftest job through UWS to COMPLETED, result downloaded" uws_job

say "RSS per container (VmRSS of its main process) and podman stats"
for c in $(podman ps --format '{{.Names}}' | grep -- '-pod-0-'); do
  pid=$(podman inspect --format '{{.State.Pid}}' "$c")
  printf '  %-36s %6s MiB\n' "$c" "$(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$pid/status")"
done
podman stats --no-stream --format '  {{.Name}} {{.MemUsage}} {{.CPUPerc}}' | grep -- '-pod-0-' || true

[ "$failed" = 0 ] || die "a check failed (above)"
down; trap - EXIT
leftovers || die "podman kube down left something behind"
say "passed and taken down"
