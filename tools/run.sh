#!/usr/bin/env bash
# Start the whole Tacker service on this machine: virtualenv, RabbitMQ,
# database migrated, tacker-conductor and tacker-server in the background.
#   bash tools/run.sh          start (or restart) and print where it listens
#   bash tools/run.sh stop     stop both processes
# State, config and logs live in $TACKER_RUN_DIR (default .tacker-run/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR=${TACKER_RUN_DIR:-$TOP/.tacker-run}
PORT=${TACKER_PORT:-9890}
VHOST=tacker
CONF=$RUN_DIR/tacker.conf

stop_service() {
    local name pid
    for name in tacker-server tacker-conductor; do
        pid=$(cat "$RUN_DIR/$name.pid" 2>/dev/null) || continue
        if kill "$pid" 2>/dev/null; then
            log "stopping $name (pid $pid)"
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$RUN_DIR/$name.pid"
    done
}

if [ "${1:-start}" = stop ]; then
    stop_service
    exit 0
fi

ensure_venv
ensure_rabbitmq
as_root rabbitmqctl -q add_vhost "$VHOST" 2>/dev/null || true
as_root rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*'

mkdir -p "$RUN_DIR/state/tosca"
# VNFDs often import ETSI's SOL001 types by URL; Tacker looks them up by
# name in [vnf_package] tosca_definitions_dir ($state_path/tosca). Use
# ETSI's files when a copy lies beside this checkout.
for types in "$TOP"/../shared/etsi/SOL001/2.6.1/*.yaml; do
    if [ -f "$types" ]; then cp -n "$types" "$RUN_DIR/state/tosca/"; fi
done
if [ ! -f "$CONF" ]; then
    cat > "$CONF" <<CONF
[DEFAULT]
state_path = $RUN_DIR/state
bind_host = 0.0.0.0
bind_port = $PORT
api_workers = 2
auth_strategy = noauth
transport_url = rabbit://guest:guest@127.0.0.1:5672/$VHOST
CONF
fi

stop_service
"$VENV/bin/tacker-db-manage" --config-file "$CONF" upgrade head
for name in tacker-conductor tacker-server; do
    nohup "$VENV/bin/$name" --config-file "$CONF" \
        --log-file "$RUN_DIR/$name.log" >/dev/null 2>&1 &
    echo $! > "$RUN_DIR/$name.pid"
done

url=http://127.0.0.1:$(sed -n 's/^bind_port *= *//p' "$CONF")
for _ in $(seq 120); do
    if "$VENV/bin/python" -c "import sys, urllib.request
sys.exit(urllib.request.urlopen('$url/healthcheck', timeout=2).status != 200)" 2>/dev/null; then
        cat <<DONE
Tacker is running: $url/  (try: curl $url/vnflcm/v1/api_versions)
  config: $CONF    logs: $RUN_DIR/*.log
  stop:   bash tools/run.sh stop
DONE
        exit 0
    fi
    sleep 0.5
done
log "Tacker did not become healthy within 60 s; see $RUN_DIR/*.log"
exit 1
