#!/usr/bin/env bash
# Start the whole Tacker service on this machine: virtualenv, RabbitMQ,
# database migrated, tacker-conductor and tacker-server in the background,
# and a sandbox VIM (Keystone + Heat simulator) registered as the default
# VIM, so a VNF can be instantiated right away; the same process's
# simulated Kubernetes API server, served over HTTPS, is registered with
# its CA certificate as the default Kubernetes VIM "sandbox-k8s", for
# CNFs.
#   bash tools/run.sh          start (or restart) and print where it listens
#   bash tools/run.sh stop     stop all processes
# State, config and logs live in $TACKER_RUN_DIR (default .tacker-run/).
# TACKER_PORT (9890), TACKER_SANDBOX_PORT (9895) and TACKER_SANDBOX_K8S_PORT
# (9896) choose the ports, also when changed between runs; TACKER_RABBIT_VHOST (tacker) the RabbitMQ
# virtual host. doc/source/run.rst has more, and troubleshooting.
# The API listens on 127.0.0.1: with auth_strategy = noauth every caller is
# an admin. TACKER_BIND_HOST=<address> listens elsewhere (with a warning).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR=${TACKER_RUN_DIR:-$TOP/.tacker-run}
PORT=${TACKER_PORT:-9890}
SANDBOX_PORT=${TACKER_SANDBOX_PORT:-9895}
SANDBOX_K8S_PORT=${TACKER_SANDBOX_K8S_PORT:-9896}
# The bearer token of the sandbox's Kubernetes API (its default).
SANDBOX_K8S_TOKEN=sandbox-kubernetes-token
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
SANDBOX_K8S_URL=https://127.0.0.1:$SANDBOX_K8S_PORT
SANDBOX_K8S_DESCRIPTION='Sandbox Kubernetes of tools/run.sh'
# The sandbox writes its Kubernetes API's certificate (kept in its state
# file) here at every start; clients verify the server with it.
SANDBOX_K8S_CA_FILE=$RUN_DIR/sandbox-k8s-ca.pem

# The sandbox VIMs (by name and description) registered by an earlier
# run: point them at this run's ports, and give sandbox-k8s this
# sandbox's CA certificate (a run before the sandbox served HTTPS
# registered it with an http URL and none). The API does not let
# auth_url change (a VIM is another cloud then), but this is the same
# sandbox, state file and all, so instances created on it stay
# manageable. The CA certificate is no secret: auth_cred keeps it plain.
repoint_sandbox_vims() {
    "$VENV/bin/python" - "$CONF" "$SANDBOX_AUTH_URL" "$SANDBOX_DESCRIPTION" \
        "$SANDBOX_K8S_URL" "$SANDBOX_K8S_DESCRIPTION" \
        "$SANDBOX_K8S_CA_FILE" <<'PY'
import sys
from tacker.common import config
from tacker.common import context
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import vims as db_vims
(conf_file, os_url, os_description,
 k8s_url, k8s_description, k8s_ca_file) = sys.argv[1:]
with open(k8s_ca_file) as ca_file:
    k8s_ca_cert = ca_file.read()
config.parse_args(['run.sh', '--config-file', conf_file])
db_api.configure(CONF)
admin = context.get_admin_context()
for name, description, auth_url, ca_cert in (
        ('sandbox', os_description, os_url, None),
        ('sandbox-k8s', k8s_description, k8s_url, k8s_ca_cert)):
    for vim in db_vims.list_all(admin, None, {'name': name,
                                              'description': description}):
        values, done = {}, []
        if vim['auth_url'] != auth_url:
            values['auth_url'] = auth_url
            done.append('moved to %s' % auth_url)
        if ca_cert and vim['auth_cred'].get('ssl_ca_cert') != ca_cert:
            values['auth_cred'] = dict(vim['auth_cred'], ssl_ca_cert=ca_cert)
            done.append('given the CA certificate %s' % k8s_ca_file)
        if values:
            db_vims.update(admin, vim, values)
            print('==> VIM %s (%s) %s' % (name, vim['id'],
                                         ' and '.join(done)), file=sys.stderr)
PY
}

# The sandbox's certificate, written once it listens; the file of an
# earlier run is removed first so that the one read is this start's.
wait_for_sandbox_ca() {
    local pid
    pid=$(cat "$RUN_DIR/tacker-sandbox-vim.pid")
    for _ in $(seq 120); do
        grep -qs -- '-----END CERTIFICATE-----' "$SANDBOX_K8S_CA_FILE" &&
            return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    log "tacker-sandbox-vim did not start; see $RUN_DIR/tacker-sandbox-vim.log"
    return 1
}

stop_service
for port in "$PORT" "$SANDBOX_PORT" "$SANDBOX_K8S_PORT"; do
    if port_open "$port"; then
        log "port $port is in use by another program; choose free ports" \
            "with TACKER_PORT, TACKER_SANDBOX_PORT and TACKER_SANDBOX_K8S_PORT"
        exit 1
    fi
done
# The sandbox first (it starts while the schema is upgraded): its CA
# certificate is what the sandbox VIMs are repointed with before Tacker
# starts.
rm -f "$SANDBOX_K8S_CA_FILE"
nohup "$VENV/bin/tacker-sandbox-vim" --host 127.0.0.1 --port "$SANDBOX_PORT" \
    --password "$SANDBOX_PASSWORD" --state-file "$RUN_DIR/sandbox-vim.db" \
    --kubernetes-port "$SANDBOX_K8S_PORT" \
    --kubernetes-token "$SANDBOX_K8S_TOKEN" --kubernetes-tls \
    --kubernetes-ca-file "$SANDBOX_K8S_CA_FILE" \
    --quiet >"$RUN_DIR/tacker-sandbox-vim.log" 2>&1 &
echo $! > "$RUN_DIR/tacker-sandbox-vim.pid"
"$VENV/bin/tacker-db-manage" --config-file "$CONF" upgrade head
wait_for_sandbox_ca
repoint_sandbox_vims
for name in tacker-conductor tacker-server; do
    nohup "$VENV/bin/$name" --config-file "$CONF" \
        --log-file "$RUN_DIR/$name.log" >/dev/null 2>&1 &
    echo $! > "$RUN_DIR/$name.pid"
done

# The sandbox VIMs, registered once each (the sandbox keeps its state in
# a file, so the registrations stay valid across restarts): Keystone+Heat
# as the default (OpenStack) VIM, its Kubernetes API server as the
# default Kubernetes VIM "sandbox-k8s", verified with its CA certificate.
register_sandbox_vims() {
    "$VENV/bin/python" - "$1" "$SANDBOX_AUTH_URL" "$SANDBOX_PASSWORD" \
        "$SANDBOX_DESCRIPTION" "$SANDBOX_K8S_URL" "$SANDBOX_K8S_TOKEN" \
        "$SANDBOX_K8S_DESCRIPTION" "$SANDBOX_K8S_CA_FILE" <<'PY'
import sys, time, requests
(url, auth_url, password, description,
 k8s_url, k8s_token, k8s_description, k8s_ca_file) = sys.argv[1:]
with open(k8s_ca_file) as ca_file:
    k8s_ca_cert = ca_file.read()
vims = [{'name': 'sandbox', 'type': 'openstack', 'is_default': True,
         'description': description, 'auth_url': auth_url,
         'auth_cred': {'username': 'admin', 'password': password,
                       'user_domain_name': 'Default'},
         'vim_project': {'name': 'admin',
                         'project_domain_name': 'Default'}},
        {'name': 'sandbox-k8s', 'type': 'kubernetes', 'is_default': True,
         'description': k8s_description, 'auth_url': k8s_url,
         'auth_cred': {'bearer_token': k8s_token,
                       'ssl_ca_cert': k8s_ca_cert},
         'vim_project': {'name': 'default'}}]
for vim in vims:
    if requests.get(url + '/v1.0/vims?name=' + vim['name'],
                    timeout=10).json()['vims']:
        continue
    for _ in range(40):
        response = requests.post(url + '/v1.0/vims', json={'vim': vim},
                                 timeout=60)
        if response.status_code == 201:
            break
        time.sleep(0.5)
    else:
        sys.exit('could not register the VIM %s: %s' % (vim['name'],
                                                        response.text))
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
        register_sandbox_vims "$url"
        cat <<DONE
Tacker is running: $url/  (try: curl $url/vnflcm/v1/api_versions)
  default OpenStack VIM: sandbox (Keystone $SANDBOX_AUTH_URL)
  default Kubernetes VIM: sandbox-k8s ($SANDBOX_K8S_URL, token $SANDBOX_K8S_TOKEN, CA $SANDBOX_K8S_CA_FILE)
  kubectl: kubectl --server $SANDBOX_K8S_URL --certificate-authority $SANDBOX_K8S_CA_FILE --token $SANDBOX_K8S_TOKEN get pods -A
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
