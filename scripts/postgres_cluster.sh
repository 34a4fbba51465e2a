#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the Postgres build (docs/postgres.md): start | stop | status.
# start: installs Debian's postgresql when absent (apt-get), initdb's a fresh cluster in a temp directory as
# the postgres user (initdb refuses root), starts it on FIRSTPARTY_PG_PORT (default 55432, 127.0.0.1 only),
# creates the database, the roles and the keyed-hash function (python -m firstparty.postgres_setup).
# stop: stops the cluster and deletes its directory. The state (data directory) is kept in
# FIRSTPARTY_PG_STATE (default target/postgres_cluster.dir).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${FIRSTPARTY_PG_PORT:-55432}"
STATE="${FIRSTPARTY_PG_STATE:-target/postgres_cluster.dir}"
PYTHON="${PYTHON_BIN:-.venv/bin/python}"

pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    return 1
}

as_owner() {
    # initdb and postgres refuse to run as root: run them as the postgres user then
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    if ! BIN=$(pg_bin); then
        echo "postgres_cluster: installing PostgreSQL from Debian (apt-get install postgresql)" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        BIN=$(pg_bin)
    fi
    if [ -f "$STATE" ] && [ -d "$(cat "$STATE")" ]; then
        echo "postgres_cluster: already started ($(cat "$STATE")); run stop first" >&2
        exit 1
    fi
    DIR=$(mktemp -d /tmp/firstparty-pg.XXXXXX)
    chmod 755 "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
    mkdir -p "$(dirname "$STATE")"
    echo "$DIR" > "$STATE"
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c shared_buffers=256MB -c work_mem=64MB -c max_connections=30" start >/dev/null
    echo "postgres_cluster: started on 127.0.0.1:$PORT ($DIR)" >&2
    FIRSTPARTY_PG_HOST=127.0.0.1 FIRSTPARTY_PG_PORT=$PORT "$PYTHON" -m firstparty.postgres_setup
}

stop() {
    [ -f "$STATE" ] || { echo "postgres_cluster: not started" >&2; return 0; }
    DIR=$(cat "$STATE")
    if BIN=$(pg_bin) && [ -d "$DIR/data" ]; then
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    fi
    case "$DIR" in /tmp/firstparty-pg.*) rm -rf "$DIR" ;; esac
    rm -f "$STATE"
    echo "postgres_cluster: stopped and removed" >&2
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) [ -f "$STATE" ] && echo "running: $(cat "$STATE") port $PORT" || echo "not running" ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
