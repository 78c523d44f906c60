#!/usr/bin/env bash
# Start the whole Tacker service on this machine: virtualenv, RabbitMQ,
# database migrated, tacker-conductor and tacker-server in the background,
# and a sandbox VIM (Keystone + Heat simulator) registered as the default
# VIM, so a VNF can be instantiated right away.
#   bash tools/run.sh          start (or restart) and print where it listens
#   bash tools/run.sh stop     stop all processes
# State, config and logs live in $TACKER_RUN_DIR (default .tacker-run/).
# TACKER_PORT (9890) and TACKER_SANDBOX_PORT (9895) choose the ports, also
# when changed between runs; TACKER_RABBIT_VHOST (tacker) the RabbitMQ
# virtual host. doc/source/run.rst has more, and troubleshooting.
# The API listens on 127.0.0.1: with auth_strategy = noauth every caller is
# an admin. TACKER_BIND_HOST=<address> listens elsewhere (with a warning).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR=${TACKER_RUN_DIR:-$TOP/.tacker-run}
PORT=${TACKER_PORT:-9890}
SANDBOX_PORT=${TACKER_SANDBOX_PORT:-9895}
SANDBOX_PASSWORD=devstack
BIND_HOST=${TACKER_BIND_HOST:-127.0.0.1}
VHOST=${TACKER_RABBIT_VHOST:-tacker}
CONF=$RUN_DIR/tacker.conf

stop_service() {
    local name pid
    for name in tacker-server tacker-conductor tacker-sandbox-vim; do
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

mkdir -p "$RUN_DIR/state"
if [ ! -f "$CONF" ]; then
    cat > "$CONF" <<CONF
[DEFAULT]
state_path = $RUN_DIR/state
bind_host = $BIND_HOST
bind_port = $PORT
api_workers = 2
auth_strategy = noauth
transport_url = rabbit://guest:guest@127.0.0.1:5672/$VHOST
CONF
fi
# The default deny list but loopback, so local consumers and file servers
# are called; added to a config of an earlier run that lacks it.
if ! grep -q '^outbound_denied_networks' "$CONF"; then
    sed -i '/^\[DEFAULT\]/a outbound_denied_networks = 169.254.0.0/16,fe80::/10,0.0.0.0/8,::/128' "$CONF"
fi

# Every start binds BIND_HOST and PORT and uses VHOST, also with a config
# of an earlier run: TACKER_BIND_HOST, TACKER_PORT and TACKER_RABBIT_VHOST
# (or their defaults) win over it.
sed -i -e "s/^bind_host *=.*/bind_host = $BIND_HOST/" \
    -e "s/^bind_port *=.*/bind_port = $PORT/" \
    -e "s|^\(transport_url = rabbit://guest:guest@127.0.0.1:5672/\).*|\1$VHOST|" \
    "$CONF"
if [ "$BIND_HOST" != 127.0.0.1 ] && [ "$BIND_HOST" != ::1 ] &&
        grep -q '^auth_strategy *= *noauth' "$CONF"; then
    log "WARNING: TACKER_BIND_HOST=$BIND_HOST with auth_strategy = noauth:" \
        "anyone who reaches $BIND_HOST:$PORT is an admin of every project"
fi

SANDBOX_AUTH_URL=http://127.0.0.1:$SANDBOX_PORT/identity/v3
SANDBOX_DESCRIPTION='Sandbox Keystone+Heat of tools/run.sh'

# The sandbox VIM registered by an earlier run on another port: point it
# at this run's port. The API does not let auth_url change (a VIM is
# another cloud then), but this is the same sandbox, state file and all,
# so instances created on it stay manageable.
repoint_sandbox_vim() {
    "$VENV/bin/python" - "$CONF" "$SANDBOX_AUTH_URL" \
        "$SANDBOX_DESCRIPTION" <<'PY'
import sys
from tacker.common import config
from tacker.common import context
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import vims as db_vims
conf_file, auth_url, description = sys.argv[1:]
config.parse_args(['run.sh', '--config-file', conf_file])
db_api.configure(CONF)
admin = context.get_admin_context()
for vim in db_vims.list_all(admin, None, {'name': 'sandbox',
                                          'description': description}):
    if vim['auth_url'] != auth_url:
        db_vims.update(admin, vim, {'auth_url': auth_url})
        print('==> sandbox VIM %s moved to %s' % (vim['id'], auth_url),
              file=sys.stderr)
PY
}

stop_service
for port in "$PORT" "$SANDBOX_PORT"; do
    if port_open "$port"; then
        log "port $port is in use by another program; choose free ports" \
            "with TACKER_PORT and TACKER_SANDBOX_PORT"
        exit 1
    fi
done
"$VENV/bin/tacker-db-manage" --config-file "$CONF" upgrade head
repoint_sandbox_vim
for name in tacker-conductor tacker-server; do
    nohup "$VENV/bin/$name" --config-file "$CONF" \
        --log-file "$RUN_DIR/$name.log" >/dev/null 2>&1 &
    echo $! > "$RUN_DIR/$name.pid"
done
nohup "$VENV/bin/tacker-sandbox-vim" --host 127.0.0.1 --port "$SANDBOX_PORT" \
    --password "$SANDBOX_PASSWORD" --state-file "$RUN_DIR/sandbox-vim.db" \
    --quiet >"$RUN_DIR/tacker-sandbox-vim.log" 2>&1 &
echo $! > "$RUN_DIR/tacker-sandbox-vim.pid"

# The sandbox VIM as the default VIM, registered once (it keeps its state
# in a file, so the registration stays valid across restarts).
register_sandbox_vim() {
    "$VENV/bin/python" - "$1" "$SANDBOX_AUTH_URL" "$SANDBOX_PASSWORD" \
        "$SANDBOX_DESCRIPTION" <<'PY'
import sys, time, requests
url, auth_url, password, description = sys.argv[1:]
if requests.get(url + '/v1.0/vims?name=sandbox', timeout=10).json()['vims']:
    sys.exit(0)
body = {'vim': {'name': 'sandbox', 'type': 'openstack', 'is_default': True,
                'description': description, 'auth_url': auth_url,
                'auth_cred': {'username': 'admin', 'password': password,
                              'user_domain_name': 'Default'},
                'vim_project': {'name': 'admin',
                                'project_domain_name': 'Default'}}}
for _ in range(40):
    response = requests.post(url + '/v1.0/vims', json=body, timeout=60)
    if response.status_code == 201:
        sys.exit(0)
    time.sleep(0.5)
sys.exit('could not register the sandbox VIM: %s' % response.text)
PY
}

case $BIND_HOST in
    0.0.0.0 | ::) url_host=127.0.0.1 ;;
    *:*) url_host="[$BIND_HOST]" ;;
    *) url_host=$BIND_HOST ;;
esac
url=http://$url_host:$(sed -n 's/^bind_port *= *//p' "$CONF")
for _ in $(seq 120); do
    if "$VENV/bin/python" -c "import sys, urllib.request
sys.exit(urllib.request.urlopen('$url/healthcheck', timeout=2).status != 200)" 2>/dev/null; then
        register_sandbox_vim "$url"
        cat <<DONE
Tacker is running: $url/  (try: curl $url/vnflcm/v1/api_versions)
  default VIM: sandbox (Keystone $SANDBOX_AUTH_URL)
  CLI:    export OS_AUTH_TYPE=none OS_ENDPOINT=$url; $VENV/bin/tacker --help
  config: $CONF    logs: $RUN_DIR/*.log
  stop:   bash tools/run.sh stop
DONE
        exit 0
    fi
    sleep 0.5
done
log "Tacker did not become healthy within 60 s; see $RUN_DIR/*.log"
exit 1
