#!/usr/bin/env bash
# Run Tacker's whole test suite: unit tests, then functional tests against
# real tacker-server/tacker-conductor processes, RabbitMQ, SQLite, MariaDB
# and PostgreSQL. Installs and starts whatever of these is missing.
# Extra arguments go to pytest (e.g. -k healthcheck).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_venv
ensure_rabbitmq
ensure_mariadb
ensure_postgresql
export_etsi_dir
# Every backend was just made available: a test must not skip one.
export TACKER_TEST_REQUIRE_ALL_DBS=1

cd "$TOP"
# loadscope keeps a module's tests on one worker: a deployment a module
# shares starts once, not on both.
"$VENV/bin/python" -m pytest -p no:cacheprovider -n 2 --dist loadscope \
    tests "$@"
