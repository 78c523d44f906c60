#!/bin/bash
#
# devstack/plugin.sh: DevStack plugin for Tacker.
#
# Enable it in local.conf:
#
#   [[local|localrc]]
#   enable_plugin tacker <git URL of this repository> [branch]
#
# It installs Tacker from $TACKER_DIR, writes $TACKER_CONF, creates the
# database and the Keystone service user, service and endpoint, runs the
# schema migrations, and runs tacker-server and tacker-conductor as the
# DevStack services "tacker" and "tacker-conductor" (systemd units
# devstack@tacker and devstack@tacker-conductor).

# Save trace setting
_XTRACE_TACKER=$(set +o | grep xtrace)
set -o xtrace

TACKER_BIN_DIR=$(get_python_exec_prefix)


# Helpers
# -------

# The public URL of the API, as registered in the Keystone catalog.
function tacker_endpoint_url {
    echo "$TACKER_SERVICE_PROTOCOL://$TACKER_HOST:$TACKER_PORT/"
}

# The port tacker-server itself listens on.
function _tacker_listen_port {
    if is_service_enabled tls-proxy; then
        echo "$TACKER_PORT_INT"
    else
        echo "$TACKER_PORT"
    fi
}

# Wait until GET /healthcheck answers 200: the database is reachable and a
# conductor heartbeats.
function _tacker_wait_until_healthy {
    local url
    url="$(tacker_endpoint_url)healthcheck"
    echo "Waiting for Tacker to report healthy at $url"
    if ! timeout "$SERVICE_TIMEOUT" bash -c \
            "until [[ \"\$(curl -g -k --noproxy '*' -s -o /dev/null -w '%{http_code}' '$url')\" == 200 ]]; do sleep 1; done"; then
        die $LINENO "Tacker did not become healthy within $SERVICE_TIMEOUT s ($url)"
    fi
}


# Entry points
# ------------

# install_tacker: install the checkout in development mode.
function install_tacker {
    setup_develop "$TACKER_DIR"
}

# _tacker_configure_database: MySQL/PostgreSQL when DevStack runs one,
# otherwise the SQLite default under [DEFAULT] state_path.
function _tacker_configure_database {
    if is_service_enabled mysql postgresql; then
        recreate_database "$TACKER_DB_NAME"
        iniset "$TACKER_CONF" database connection \
            "$(database_connection_url "$TACKER_DB_NAME")"
    fi
}

# _tacker_configure_keystone: service user, catalog entry, token validation.
function _tacker_configure_keystone {
    if ! is_service_enabled keystone; then
        iniset "$TACKER_CONF" DEFAULT auth_strategy noauth
        return
    fi
    create_service_user "$TACKER_SERVICE_USER" "$TACKER_SERVICE_ROLE"
    get_or_create_service "tacker" "$TACKER_SERVICE_TYPE" \
        "Tacker NFV orchestration service" >/dev/null
    get_or_create_endpoint "$TACKER_SERVICE_TYPE" "$REGION_NAME" \
        "$(tacker_endpoint_url)" >/dev/null
    iniset "$TACKER_CONF" DEFAULT auth_strategy keystone
    configure_keystone_authtoken_middleware "$TACKER_CONF" \
        "$TACKER_SERVICE_USER"
}

# configure_tacker: write $TACKER_CONF from scratch.
function configure_tacker {
    sudo install -d -o "$STACK_USER" -m 755 "$TACKER_CONF_DIR"
    sudo install -d -o "$STACK_USER" -m 750 "$TACKER_STATE_PATH"
    rm -f "$TACKER_CONF"

    iniset "$TACKER_CONF" DEFAULT debug "$ENABLE_DEBUG_LOG_LEVEL"
    iniset "$TACKER_CONF" DEFAULT state_path "$TACKER_STATE_PATH"
    iniset "$TACKER_CONF" DEFAULT bind_host "$TACKER_BIND_HOST"
    iniset "$TACKER_CONF" DEFAULT bind_port "$(_tacker_listen_port)"
    iniset "$TACKER_CONF" DEFAULT api_workers "$TACKER_API_WORKERS"

    iniset_rpc_backend tacker "$TACKER_CONF" DEFAULT
    _tacker_configure_database
    _tacker_configure_keystone

    setup_logging "$TACKER_CONF"
}

# init_tacker: create or upgrade the schema.
function init_tacker {
    "$TACKER_BIN_DIR/tacker-db-manage" --config-file "$TACKER_CONF" \
        upgrade head
}

# start_tacker: run_process only starts the services that are enabled.
function start_tacker {
    run_process tacker-conductor \
        "$TACKER_BIN_DIR/tacker-conductor --config-file $TACKER_CONF"
    run_process tacker \
        "$TACKER_BIN_DIR/tacker-server --config-file $TACKER_CONF"

    if is_service_enabled tacker; then
        if is_service_enabled tls-proxy; then
            start_tls_proxy tacker '*' "$TACKER_PORT" "$TACKER_HOST" \
                "$TACKER_PORT_INT"
        fi
        if ! wait_for_service "$SERVICE_TIMEOUT" "$(tacker_endpoint_url)"; then
            die $LINENO "tacker-server did not start"
        fi
        # The health check needs a conductor; an API-only node may rely on
        # conductors running elsewhere, so only wait when one runs here.
        if is_service_enabled tacker-conductor; then
            _tacker_wait_until_healthy
        fi
    fi
}

# stop_tacker: stop both processes.
function stop_tacker {
    stop_process tacker
    stop_process tacker-conductor
}

# cleanup_tacker: remove what configure_tacker and the services left.
function cleanup_tacker {
    sudo rm -rf "$TACKER_STATE_PATH" "$TACKER_CONF_DIR"
}


# Dispatch on the DevStack phase
# ------------------------------

if is_service_enabled tacker tacker-conductor; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing Tacker"
        install_tacker

    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring Tacker"
        configure_tacker

    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        echo_summary "Initializing and starting Tacker"
        init_tacker
        start_tacker
    fi

    if [[ "$1" == "unstack" ]]; then
        stop_tacker
    fi

    if [[ "$1" == "clean" ]]; then
        cleanup_tacker
    fi
fi

# Restore xtrace
$_XTRACE_TACKER
