#!/usr/bin/env bash
# Builds every image of the platform offline, one at a time, with podman (docs/kubernetes.md, "Container images"):
#   base-jre, base-nginx   Debian bookworm minbase root filesystems made by mmdebstrap from Debian packages
#                          (no registry is reachable here, so no base image is pulled);
#   tap-service, uws-service, resolver-service, slurm-bridge   the Quarkus fast-jar on base-jre;
#   web-ui                 Debian's nginx with web-ui/dist and k8s/web-ui/nginx.conf;
#   kafka                  Apache Kafka's own jars (k8s/images/kafka/pom.xml) on base-jre, KRaft single node;
#   postgres               Debian's PostgreSQL 15 + pgSphere (the CI pin, docs/postgresql.md).
# Each is tagged gammavo/<name>:<project version> (localhost/ in podman) and saved as an OCI archive
# work/images/<name>.oci.tar that podman, docker, kind (kind load image-archive) and containerd (ctr images import) load.
# Reproducible where the tools allow: file times and image dates are the time of the last commit that changed the
# image's inputs (or SOURCE_DATE_EPOCH when set), so an unchanged image keeps its ID across commits; the Debian root
# filesystems are cached by package list.
#   k8s/images/build.sh [--skip-maven] [name...]      (run as root; needs podman, runc, mmdebstrap)
# GAMMAVO_DEBIAN_MIRROR overrides the Debian mirror (default: deb.debian.org, as apt uses here).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/../.."
ROOT=$PWD
export CONTAINERS_CONF=$ROOT/k8s/images/containers.conf
OUT=${GAMMAVO_IMAGES_DIR:-$ROOT/work/images}
MIRROR=${GAMMAVO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${GAMMAVO_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
VERSION=$(sed -n '0,/<artifactId>gammavo-parent<\/artifactId>/d; s:.*<version>\([^<]*\)</version>.*:\1:p' pom.xml | head -1)
FIXED_EPOCH=${SOURCE_DATE_EPOCH:-}
# The date of an image: the last commit touching its inputs (paths), unless SOURCE_DATE_EPOCH fixes one.
epoch() { [ -n "$FIXED_EPOCH" ] && echo "$FIXED_EPOCH" || git log -1 --format=%ct -- "$@" 2>/dev/null || echo 0; }
SERVICES=(tap-service uws-service resolver-service slurm-bridge)
ALL=(base-jre base-nginx "${SERVICES[@]}" web-ui kafka postgres)

skip_maven=0
wanted=()
for a in "$@"; do
  case "$a" in --skip-maven) skip_maven=1 ;; *) wanted+=("$a") ;; esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=("${ALL[@]}")
for c in podman mmdebstrap runc; do
  command -v "$c" >/dev/null || { echo "images: $c is required (apt-get install podman runc mmdebstrap)" >&2; exit 2; }
done
mkdir -p "$OUT/rootfs" "$OUT/ctx"
t0=$SECONDS
say() { echo "images [$((SECONDS - t0))s] $*" >&2; }

# Debian root filesystem, cached by its package list and suites: <name> "<packages>" <security: 1|0> [essential hook]
rootfs() {
  local name=$1 pkgs=$2 security=$3 hook=${4:-true}
  local key; key=$(printf '%s|%s|%s|%s|%s' "$pkgs" "$security" "$hook" "$MIRROR" "$(sha256sum "$0" | cut -c1-12)" | sha256sum | cut -c1-16)
  local tar=$OUT/rootfs/$name-$key.tar
  if [ ! -f "$tar" ]; then
    say "mmdebstrap $name ($pkgs)"
    rm -f "$OUT/rootfs/$name"-*.tar
    local sources=("deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main")
    [ "$security" = 1 ] && sources+=("deb $SECURITY_MIRROR bookworm-security main")
    # minbase without documentation, manuals or translations; the users the images run as have fixed ids.
    # The JRE's maintainer script links its manual page into /usr/share/man/man1, so that directory must exist.
    mmdebstrap --verbose --logfile="$OUT/rootfs/$name.log" --variant=minbase --format=tar --include="$pkgs" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-exclude=/usr/share/info/*' \
      --essential-hook="$hook" --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
      --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/log/* "$1"/var/lib/apt/lists/*' \
      bookworm "$tar.part" "${sources[@]}" < /dev/null >&2 \
      || { tail -25 "$OUT/rootfs/$name.log" >&2; echo "images: mmdebstrap $name failed (log: $OUT/rootfs/$name.log)" >&2; exit 1; }
    mv "$tar.part" "$tar"
  fi
  echo "$tar"
}

# An essential-hook adding a system user and group with a fixed id (useradd is not installed yet at that stage, and
# a package's maintainer script would otherwise pick an id of its own).
user_hook() {
  printf 'echo "%s:x:%s:%s::%s:/usr/sbin/nologin" >> "$1/etc/passwd" && echo "%s:x:%s:" >> "$1/etc/group" && echo "%s:!*:::::::" >> "$1/etc/shadow"' \
    "$1" "$2" "$2" "$3" "$1" "$2" "$1"
}

# podman build with fixed dates; $1 image name, $2 its inputs (space-separated paths), then podman build arguments.
build() {
  local name=$1 inputs=$2; shift 2
  say "build gammavo/$name:$VERSION"
  # shellcheck disable=SC2086
  podman build --quiet --network=none --timestamp "$(epoch k8s/images $inputs)" --tag "gammavo/$name:$VERSION" "$@" >/dev/null
  rm -f "$OUT/$name.oci.tar"
  podman save --quiet --format oci-archive -o "$OUT/$name.oci.tar" "localhost/gammavo/$name:$VERSION"
}

stage() { rm -rf "$OUT/ctx/$1"; mkdir -p "$OUT/ctx/$1"; echo "$OUT/ctx/$1"; }

want() { local w; for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }
has_image() { podman image exists "localhost/gammavo/$1:$VERSION"; }
need_base() { want "$1" || has_image "$1" || wanted+=("$1"); }

# Images on a base need that base.
for s in "${SERVICES[@]}" kafka; do want "$s" && need_base base-jre; done
want web-ui && need_base base-nginx

if [ "$skip_maven" = 0 ]; then
  mods=()
  for s in "${SERVICES[@]}" web-ui; do want "$s" && mods+=("$s"); done
  if [ ${#mods[@]} -gt 0 ]; then
    say "maven package ${mods[*]}"
    (IFS=,; mvn -B -q package -DskipTests -pl "${mods[*]}" -am)
  fi
fi

if want base-jre; then
  # JVM memory from the container limit (cgroup): 75 % of it for the heap, and exit on OutOfMemoryError so that the
  # kubelet restarts the container instead of leaving a broken JVM running.
  tar=$(rootfs base-jre "openjdk-17-jre-headless" 1 \
    "$(user_hook gammavo 185 /deployments)")
  ctx=$(stage base-jre); cp "$tar" "$ctx/rootfs.tar"
  build base-jre "" -f k8s/images/base.Containerfile --build-arg ROOTFS=rootfs.tar \
    --env 'JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp' "$ctx"
fi
if want base-nginx; then
  # uid/gid 101: the user of k8s/base/web-ui/web-ui.yaml (as in nginx-unprivileged).
  tar=$(rootfs base-nginx "nginx-light" 1 \
    "$(user_hook nginx 101 /nonexistent)")
  ctx=$(stage base-nginx); cp "$tar" "$ctx/rootfs.tar"
  build base-nginx "" -f k8s/images/base.Containerfile --build-arg ROOTFS=rootfs.tar "$ctx"
fi
for s in "${SERVICES[@]}"; do
  want "$s" || continue
  [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || { echo "images: $s is not built ($s/target/quarkus-app)" >&2; exit 1; }
  ctx=$(stage "$s"); cp -a "$s/target/quarkus-app" "$ctx/"
  build "$s" "$s pom.xml job-catalogue" -f k8s/images/quarkus.Containerfile --build-arg "BASE=localhost/gammavo/base-jre:$VERSION" "$ctx"
done
if want web-ui; then
  [ -f web-ui/dist/index.html ] || { echo "images: web-ui/dist is not built (mvn -q -B package -pl web-ui)" >&2; exit 1; }
  ctx=$(stage web-ui); mkdir -p "$ctx/k8s/web-ui" "$ctx/web-ui"
  cp k8s/web-ui/nginx.conf k8s/web-ui/entrypoint.sh "$ctx/k8s/web-ui/"; cp -a web-ui/dist "$ctx/web-ui/"
  build web-ui "web-ui k8s/web-ui" -f k8s/web-ui/Dockerfile --build-arg "BASE=localhost/gammavo/base-nginx:$VERSION" "$ctx"
fi
if want kafka; then
  ctx=$(stage kafka)
  say "maven: Kafka's jars"
  mvn -B -q -f k8s/images/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$ctx/libs"
  cp k8s/images/kafka/kafka-entrypoint.sh "$ctx/"
  build kafka "pom.xml" -f k8s/images/kafka/Containerfile --build-arg "BASE=localhost/gammavo/base-jre:$VERSION" "$ctx"
fi
if want postgres; then
  # Only bookworm's main suite: postgresql-15 15.18 there; 15.20 (bookworm-security) breaks CREATE EXTENSION pg_sphere
  # (the CI pin, docs/postgresql.md). The postgres user gets uid/gid 26 before the package would pick one.
  tar=$(rootfs postgres "postgresql-15 postgresql-15-pgsphere" 0 \
    "$(user_hook postgres 26 /var/lib/postgresql)")
  ctx=$(stage postgres); cp "$tar" "$ctx/rootfs.tar"; cp k8s/images/postgres/postgres-entrypoint.sh "$ctx/"
  build postgres "" -f k8s/images/postgres/Containerfile "$ctx"
fi
rm -rf "$OUT/ctx"
say "done; images (size, id):"
for n in "${ALL[@]}"; do
  has_image "$n" && podman image inspect --format "  gammavo/$n:$VERSION  {{.Size}} bytes  {{.Id}}" "localhost/gammavo/$n:$VERSION" \
    | awk '{printf "  %-36s %6.0f MB  %s\n", $1, $2/1e6, substr($4,1,12)}'
done
