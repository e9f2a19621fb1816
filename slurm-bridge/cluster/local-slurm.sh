#!/usr/bin/env bash
# A single-node SLURM cluster (munged, slurmctld, slurmd, slurmrestd with JWT) for development and CI, without systemd.
#
#   local-slurm.sh start    write the configuration and keys (once), start the daemons (idempotent)
#   local-slurm.sh stop     stop the daemons by the PIDs this script recorded
#   local-slurm.sh status   show which daemons run and the node's state
#   local-slurm.sh env      print `export` lines for the bridge's integration tests (eval them)
#   local-slurm.sh kill-ctld     kill -9 slurmctld: it dies without saving its last seconds of state, as in a crash
#   local-slurm.sh start-ctld    start slurmctld again (it recovers its saved state), wait until slurmd has registered
#                                with it, and resume the node if the restart drained it for a "Duplicate jobid"
#   local-slurm.sh restart-ctld  kill-ctld, then start-ctld (fault tests, chaos suites)
#
# Needs root and the Debian packages slurm-wlm slurmrestd slurm-wlm-jwt-plugin munge (SLURM 22.05).
# Everything lives under $GAMMAVO_SLURM_DIR (default /tmp/gammavo-slurm); nothing under /etc is touched.
# Settings (environment): GAMMAVO_SLURM_DIR, GAMMAVO_SLURM_REST_PORT (6820), GAMMAVO_SLURM_CTLD_PORT (6817),
# GAMMAVO_SLURMD_PORT (6818), GAMMAVO_SLURM_JOB_USER (gammavo: the non-root user jobs run as),
# GAMMAVO_SLURM_TOKEN_LIFESPAN (seconds, 86400), GAMMAVO_SLURM_DRAIN_WATCH (seconds start-ctld watches for a
# "Duplicate jobid" drain after slurmd registered, 10).
set -euo pipefail

DIR=${GAMMAVO_SLURM_DIR:-/tmp/gammavo-slurm}
REST_PORT=${GAMMAVO_SLURM_REST_PORT:-6820}
CTLD_PORT=${GAMMAVO_SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${GAMMAVO_SLURMD_PORT:-6818}
JOB_USER=${GAMMAVO_SLURM_JOB_USER:-gammavo}
TOKEN_LIFESPAN=${GAMMAVO_SLURM_TOKEN_LIFESPAN:-86400}
DRAIN_WATCH=${GAMMAVO_SLURM_DRAIN_WATCH:-10}
CONF=$DIR/etc/slurm.conf
export SLURM_CONF=$CONF

log() { printf 'local-slurm: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# A killed daemon stays a zombie until its parent reaps it: that counts as dead (kill -0 would still succeed).
running() { kill -0 "$1" 2>/dev/null && [[ $(sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) != Z ]]; }
pid_alive() { [[ -s $1 ]] && running "$(cat "$1")"; }

need_tools() {
    [[ $(id -u) -eq 0 ]] || die "run as root (slurmd must switch to the job user)"
    local t
    for t in munged slurmctld slurmd slurmrestd scontrol sinfo runuser; do
        command -v "$t" >/dev/null || die "$t not found: apt-get install -y slurm-wlm slurmrestd slurm-wlm-jwt-plugin munge"
    done
    [[ -e /usr/lib/x86_64-linux-gnu/slurm-wlm/auth_jwt.so || -n $(find /usr/lib -name auth_jwt.so -print -quit 2>/dev/null) ]] \
        || die "auth_jwt.so missing (slurmctld would die: cannot find auth plugin for auth/jwt): apt-get install -y slurm-wlm-jwt-plugin"
}

write_config() {
    mkdir -p "$DIR"/{etc,state,spool,log,run,munge}
    chmod 755 "$DIR" "$DIR"/{etc,log,run}
    id "$JOB_USER" >/dev/null 2>&1 || { log "creating job user $JOB_USER"; useradd --system --create-home --shell /bin/bash "$JOB_USER"; }

    # munge: our own key and socket, owned by the munge user (munged refuses keys others can read).
    if [[ ! -s $DIR/munge/munge.key ]]; then
        dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1 count=1024 status=none
    fi
    chown -R munge:munge "$DIR/munge"
    chmod 700 "$DIR/munge"; chmod 400 "$DIR/munge/munge.key"
    # The socket directory must be reachable by every client (slurmrestd runs as nobody).
    chmod 755 "$DIR/munge"

    # JWT signing key: 32 random bytes, owner slurm, mode 0600, inside StateSaveLocation.
    if [[ ! -s $DIR/state/jwt_hs256.key ]]; then
        dd if=/dev/urandom of="$DIR/state/jwt_hs256.key" bs=32 count=1 status=none
    fi
    chown -R slurm:slurm "$DIR/state" "$DIR/log"
    chmod 700 "$DIR/state"; chmod 600 "$DIR/state/jwt_hs256.key"

    local host node
    host=$(hostname -s)
    # NodeName line from the hardware as slurmd sees it (CPUs, RealMemory, ...), without the UpTime field.
    node=$(slurmd -C | head -1 | sed -e 's/ UpTime=.*//')
    cat > "$CONF" <<EOF
# Written by slurm-bridge/cluster/local-slurm.sh: a single-node cluster for development and CI.
ClusterName=gammavo
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket.2
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$DIR/state/jwt_hs256.key
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
# No slurmdbd: accounting off, completions to a text file; finished jobs stay in slurmctld's memory for a day
# so the bridge (and sacct-less tools) can still read their final state and exit code.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
JobAcctGatherType=jobacct_gather/none
MinJobAge=86400
InactiveLimit=0
KillWait=5
Waittime=0
SlurmctldTimeout=30
SlurmdTimeout=60
$node NodeAddr=127.0.0.1 State=UNKNOWN
# Trivial jobs share cores (up to 4 per core) so a burst of small jobs does not queue behind two CPUs.
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
EOF
    chmod 644 "$CONF"
}

start() {
    need_tools
    write_config
    if ! pid_alive "$DIR/run/munged.pid"; then
        log "starting munged"
        runuser -u munge -- munged --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket.2" \
            --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"
        cp "$DIR/munge/munged.pid" "$DIR/run/munged.pid"
    fi
    if ! pid_alive "$DIR/run/slurmctld.pid"; then
        log "starting slurmctld"
        slurmctld -i
    fi
    if ! pid_alive "$DIR/run/slurmd.pid"; then
        log "starting slurmd"
        slurmd
    fi
    if ! pid_alive "$DIR/run/slurmrestd.pid"; then
        log "starting slurmrestd on 127.0.0.1:$REST_PORT"
        # SLURM_JWT=daemon: slurmrestd authenticates each request with the caller's token (else "Rejecting thread
        # config token"); openapi/v0.0.38 only, since the dbv plugins need slurmdbd.
        SLURM_JWT=daemon nohup slurmrestd -a rest_auth/jwt -s openapi/v0.0.38 -u nobody -g nogroup \
            "127.0.0.1:$REST_PORT" > "$DIR/log/slurmrestd.log" 2>&1 < /dev/null &
        echo $! > "$DIR/run/slurmrestd.pid"
    fi
    wait_ready
}

wait_ready() {
    local i state
    for i in $(seq 1 60); do
        state=$(sinfo -h -N -o '%t' 2>/dev/null | head -1 || true)
        if [[ $state == idle* || $state == mix* || $state == alloc* ]]; then
            if curl -s -o /dev/null "http://127.0.0.1:$REST_PORT/"; then
                log "ready: node $state, slurmrestd on 127.0.0.1:$REST_PORT (after ${i}x0.5 s)"
                return 0
            fi
        fi
        if [[ $state == down* || $state == drain* ]]; then
            resume_duplicate_drain || scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true
        fi
        sleep 0.5
    done
    die "cluster not ready after 30 s; see $DIR/log/*.log"
}

kill_ctld() {
    local f=$DIR/run/slurmctld.pid pid
    if ! pid_alive "$f"; then
        log "slurmctld is not running"
        return 0
    fi
    pid=$(cat "$f")
    log "kill -9 slurmctld ($pid)"
    kill -9 "$pid"
    for _ in $(seq 1 100); do running "$pid" || return 0; sleep 0.05; done
    die "slurmctld ($pid) still there 5 s after kill -9"
}

# Whether slurmd has registered with the running slurmctld: until it does, a restarted controller shows the node's
# saved state (SlurmdStartTime=None), has not yet killed the stale jobs slurmd reports, and cannot drain it.
registered() {
    local start
    start=$(scontrol -o show node "$(hostname -s)" 2>/dev/null | grep -o 'SlurmdStartTime=[^ ]*' | cut -d= -f2 || true)
    [[ -n $start && $start != None ]]
}

# What a site operator does after a controller crash: a job the restarted slurmctld recovered as pending (it had
# started since the last state save) is launched again while slurmd still holds its first run; slurmd refuses
# ("Job N already running, do not launch second copy"), slurmctld drains the node with reason "Duplicate jobid"
# and requeues the job held. The node itself is fine: resume it. Logged, so that a chaos run can count it.
resume_duplicate_drain() {
    local node reason state
    node=$(hostname -s)
    state=$(sinfo -h -N -n "$node" -o '%t' 2>/dev/null | head -1 || true)
    [[ $state == drain* || $state == drng* ]] || return 1
    reason=$(scontrol -o show node "$node" 2>/dev/null | sed -n 's/.* Reason=\(.*\)$/\1/p')
    [[ $reason == "Duplicate jobid"* ]] || return 1
    scontrol update nodename="$node" state=resume
    log "resumed node $node, drained by slurmctld after its restart: $reason"
}

# Only the controller: munged, slurmd and slurmrestd keep running, as they would on a real cluster.
start_ctld() {
    [[ -s $CONF ]] || die "no cluster in $DIR: local-slurm.sh start"
    if pid_alive "$DIR/run/slurmctld.pid"; then
        log "slurmctld already running"
        return 0
    fi
    log "starting slurmctld (recovering its saved state)"
    slurmctld -i
    local i state
    # slurmd registers at the controller's first ping (up to SlurmdTimeout/3 = 20 s) or sooner.
    for i in $(seq 1 120); do
        if scontrol ping 2>/dev/null | grep -q 'is UP' && registered; then
            break
        fi
        sleep 0.5
    done
    registered || die "slurmd did not register with slurmctld 60 s after its start; see $DIR/log/slurmctld.log"
    log "slurmd registered with slurmctld (after ${i}x0.5 s)"
    # The drain follows the registration by a scheduling cycle or two: watch for it a while.
    local end=$((SECONDS + DRAIN_WATCH)) ready=
    while (( SECONDS < end )) || [[ -z $ready ]]; do
        resume_duplicate_drain || true
        state=$(sinfo -h -N -o '%t' 2>/dev/null | head -1 || true)
        if [[ $state == idle* || $state == mix* || $state == alloc* ]]; then
            [[ -n $ready ]] || log "slurmctld answers: node $state"
            ready=1
        elif [[ $state == down* ]]; then
            scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true
        fi
        (( SECONDS < end + 30 )) || die "node not usable ($state) 30 s after the drain watch; see $DIR/log/slurmctld.log"
        sleep 0.5
    done
}

stop() {
    local d f
    for d in slurmrestd slurmd slurmctld munged; do
        f=$DIR/run/$d.pid
        if pid_alive "$f"; then
            log "stopping $d ($(cat "$f"))"
            kill "$(cat "$f")"
            for _ in $(seq 1 20); do pid_alive "$f" || break; sleep 0.25; done
        fi
        rm -f "$f"
    done
}

status() {
    local d f rc=0
    for d in munged slurmctld slurmd slurmrestd; do
        f=$DIR/run/$d.pid
        if pid_alive "$f"; then echo "$d running ($(cat "$f"))"; else echo "$d stopped"; rc=1; fi
    done
    [[ $rc -eq 0 ]] && sinfo -N -l
    return $rc
}

env_lines() {
    pid_alive "$DIR/run/slurmrestd.pid" || die "the cluster is not running: local-slurm.sh start"
    local token
    token=$(scontrol token username="$JOB_USER" lifespan="$TOKEN_LIFESPAN" | sed -n 's/^SLURM_JWT=//p')
    [[ -n $token ]] || die "scontrol token gave no token"
    # A token file as well, the way a Kubernetes Secret would be mounted.
    install -m 600 /dev/null "$DIR/run/token"
    printf '%s' "$token" > "$DIR/run/token"
    cat <<EOF
export SLURM_CONF=$CONF
export GAMMAVO_TEST_SLURM_URL=http://127.0.0.1:$REST_PORT
export GAMMAVO_TEST_SLURM_USER=$JOB_USER
export GAMMAVO_TEST_SLURM_TOKEN=$token
export GAMMAVO_TEST_SLURM_TOKEN_FILE=$DIR/run/token
export GAMMAVO_TEST_SLURM_DIR=$DIR
EOF
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) env_lines ;;
    kill-ctld) kill_ctld ;;
    start-ctld) start_ctld ;;
    restart-ctld) kill_ctld; start_ctld ;;
    *) echo "usage: $0 start|stop|status|env|kill-ctld|start-ctld|restart-ctld" >&2; exit 2 ;;
esac
