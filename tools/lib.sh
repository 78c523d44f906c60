# Shared by tools/run.sh and tools/test.sh: idempotent set-up steps for a
# Debian machine. Each step checks first and only installs/starts what is
# missing; package installs need root (as the README says).

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${TACKER_VENV:-$TOP/.venv}

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    log "installing $* with apt-get"
    if [ -z "${APT_UPDATED:-}" ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() {  # port, seconds
    local i
    for ((i = 0; i < $2 * 4; i++)); do
        port_open "$1" && return 0
        sleep 0.25
    done
    return 1
}

ensure_venv() {
    command -v python3 >/dev/null || apt_install python3
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV" 2>/dev/null || {
            apt_install python3-venv python3-dev gcc
            rm -rf "$VENV"; python3 -m venv "$VENV"
        }
    fi
    # Reinstall only when the dependency files changed since the last run.
    local stamp="$VENV/.tacker-deps"
    local want
    want=$(cat "$TOP/requirements.txt" "$TOP/sandbox-requirements.txt" \
               "$TOP/test-requirements.txt" "$TOP/constraints.txt" \
               "$TOP/setup.cfg" "$TOP/pyproject.toml" | sha256sum)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "installing Python dependencies into $VENV"
        "$VENV/bin/pip" install -q --upgrade pip setuptools wheel
        # mysqlclient (the conductor's MySQL driver) builds against
        # libmariadb.
        pkg-config --exists libmariadb 2>/dev/null ||
            apt_install libmariadb-dev pkg-config gcc python3-dev
        # Tacker's own dependencies come from its package metadata, the
        # sandbox extra brings tacker-sandbox-vim's.
        "$VENV/bin/pip" install -q -c "$TOP/constraints.txt" \
            -r "$TOP/test-requirements.txt" -e "$TOP[sandbox,mysqlclient]"
        echo "$want" > "$stamp"
    fi
}

ensure_rabbitmq() {
    port_open 5672 && return 0
    command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
    log "starting RabbitMQ"
    as_root rabbitmq-server -detached >/dev/null 2>&1 || \
        as_root service rabbitmq-server start
    wait_for_port 5672 60 || { log "RabbitMQ did not start"; return 1; }
}

ensure_prometheus() {
    # Tests start Prometheus and Alertmanager processes of their own, on
    # free loopback ports (tests/functional/prometheus.py): the packaged
    # services are neither needed nor left running.
    command -v prometheus >/dev/null &&
        command -v prometheus-alertmanager >/dev/null && return 0
    # Without recommends: prometheus-node-exporter is one more service.
    apt_install --no-install-recommends prometheus prometheus-alertmanager
    local service
    for service in prometheus prometheus-alertmanager; do
        as_root service "$service" stop >/dev/null 2>&1 || true
        as_root update-rc.d "$service" disable >/dev/null 2>&1 || true
        if [ -d /run/systemd/system ]; then
            as_root systemctl disable --now "$service" >/dev/null 2>&1 || true
        fi
    done
}

ensure_sshd() {
    # The ssh mgmt driver's tests start an sshd of their own as the test's
    # user, on a free loopback port, with their own configuration and keys
    # (tests/functional/sshd.py): the packaged service is neither needed
    # nor left running.
    if ! [ -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null; then
        apt_install --no-install-recommends openssh-server
        as_root service ssh stop >/dev/null 2>&1 || true
        as_root update-rc.d ssh disable >/dev/null 2>&1 || true
        if [ -d /run/systemd/system ]; then
            as_root systemctl disable --now ssh.service ssh.socket \
                >/dev/null 2>&1 || true
        fi
    fi
    # An sshd started by root insists on its (empty) privilege separation
    # directory, which only the stopped service would have made.
    if [ "$(id -u)" = 0 ] && ! [ -d /run/sshd ]; then
        install -d -m 0755 /run/sshd
    fi
}

ensure_ping() {
    # The ping monitor driver runs the system's ping (iputils).
    command -v ping >/dev/null ||
        apt_install --no-install-recommends iputils-ping
}

ensure_mariadb() {
    if ! port_open 3306; then
        command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || \
            apt_install mariadb-server
        log "starting MariaDB"
        as_root service mariadb start >/dev/null 2>&1 || \
            as_root start-stop-daemon --start --oknodo --background \
                --exec /usr/sbin/mariadbd
        wait_for_port 3306 60 || { log "MariaDB did not start"; return 1; }
    fi
    # A user of our own: Debian's root logs in through the unix socket only.
    as_root mysql -uroot -e "
        CREATE USER IF NOT EXISTS 'tacker_test'@'127.0.0.1'
            IDENTIFIED BY 'tacker_test';
        GRANT ALL PRIVILEGES ON *.* TO 'tacker_test'@'127.0.0.1';"
    export TACKER_TEST_MYSQL_URL=mysql+pymysql://tacker_test:tacker_test@127.0.0.1:3306
}

ensure_postgresql() {
    if ! port_open 5432; then
        command -v pg_ctlcluster >/dev/null || apt_install postgresql
        log "starting PostgreSQL"
        local version
        version=$(ls /etc/postgresql | sort -V | tail -n 1)
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start \
            2>/dev/null || as_root service postgresql start
        wait_for_port 5432 60 || { log "PostgreSQL did not start"; return 1; }
    fi
    local exists
    exists=$(as_root runuser -u postgres -- psql -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname = 'tacker_test'")
    [ "$exists" = 1 ] || as_root runuser -u postgres -- psql -q -c \
        "CREATE ROLE tacker_test LOGIN CREATEDB PASSWORD 'tacker_test'"
    export TACKER_TEST_POSTGRESQL_URL=postgresql+psycopg2://tacker_test:tacker_test@127.0.0.1:5432
}
