#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suite (TEST_DATABASE_URL).
#
#   scripts/pg-test.sh start   initialise (if needed) and start; prints the URL on stdout
#   scripts/pg-test.sh env     prints `export TEST_DATABASE_URL=…` for a running cluster (eval it)
#   scripts/pg-test.sh stop    stops the cluster and removes its directory
#
# Settings: PGTEST_DIR (default <repo>/.pgtest), PGTEST_PORT (first port to try, default 54329),
# PG_BIN (default /usr/lib/postgresql/15/bin). Run as root, the server runs as the `postgres` user
# (initdb refuses root). Only stdout carries the URL; progress goes to stderr.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "$script_dir/.." && pwd)"
state_dir="${PGTEST_DIR:-$repo_dir/.pgtest}"
first_port="${PGTEST_PORT:-54329}"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"

log() { printf 'pg-test: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

is_root() { [ "$(id -u)" = 0 ]; }

# Runs a PostgreSQL binary as the postgres user when we are root.
as_pg() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The data directory lives in the state dir, unless the postgres user cannot reach it (a clone under
# /root, say): then it lives in a temp dir and the state dir records where.
data_dir() {
  if [ -f "$state_dir/datadir" ]; then cat "$state_dir/datadir"; else echo "$state_dir/data"; fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

url_for() { echo "postgres://postgres@127.0.0.1:$1/postgres"; }

# Up and answering on its port: a postmaster.pid alone can outlive a killed server.
running() {
  local d
  d="$(data_dir)"
  [ -f "$d/PG_VERSION" ] && [ -f "$state_dir/port" ] &&
    as_pg "$pg_bin/pg_ctl" -D "$d" status >/dev/null 2>&1 &&
    "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$(cat "$state_dir/port")" -U postgres
}

check_binaries() {
  [ -x "$pg_bin/initdb" ] || die "no PostgreSQL binaries in $pg_bin (apt-get install postgresql-15, or set PG_BIN)"
  local share
  share="$("$pg_bin/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)"
  for ext in ltree pg_trgm; do
    [ -f "$share/extension/$ext.control" ] ||
      die "extension $ext is missing from $share/extension (Debian ships it in postgresql-15 / postgresql-contrib)"
  done
}

cmd_stop() {
  local d
  d="$(data_dir)"
  if [ -f "$d/postmaster.pid" ]; then
    log "stopping the cluster in $d"
    as_pg "$pg_bin/pg_ctl" -D "$d" -m fast -w stop >/dev/null 2>&1 || log "pg_ctl stop failed (already down?)"
  fi
  if [ "$d" != "$state_dir/data" ]; then rm -rf "$(dirname "$d")"; fi
  rm -rf "$state_dir"
}

cmd_start() {
  check_binaries
  if running; then
    log "already running"
    url_for "$(cat "$state_dir/port")"
    return
  fi
  if [ -e "$state_dir" ]; then
    log "removing a leftover $state_dir"
    cmd_stop
  fi

  mkdir -p "$state_dir"
  local d="$state_dir/data"
  if is_root; then
    chown postgres: "$state_dir"
    if ! runuser -u postgres -- test -w "$state_dir"; then
      d="$(mktemp -d /tmp/luoshi-pgtest.XXXXXX)/data"
      chown postgres: "$(dirname "$d")"
      echo "$d" >"$state_dir/datadir"
      log "postgres cannot reach $state_dir; the data directory is $d"
    fi
  fi

  local port="$first_port"
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -lt $((first_port + 100)) ] || die "no free port in $first_port..$((port - 1))"
  done

  log "initdb in $d"
  as_pg "$pg_bin/initdb" -D "$d" --locale=C.UTF-8 -E UTF8 -U postgres --auth=trust >"$(dirname "$d")/initdb.log" 2>&1 ||
    {
      cat "$(dirname "$d")/initdb.log" >&2
      die "initdb failed"
    }

  # Tests run many files in parallel, each with its own database and pool; durability is not wanted here.
  cat >>"$d/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  log "starting on 127.0.0.1:$port"
  if ! as_pg "$pg_bin/pg_ctl" -D "$d" -l "$d/server.log" -w -t 60 start >/dev/null; then
    cat "$d/server.log" >&2 || true
    die "the server did not start"
  fi
  echo "$port" >"$state_dir/port"
  url_for "$port"
}

cmd_env() {
  running || die "not running (scripts/pg-test.sh start)"
  echo "export TEST_DATABASE_URL=$(url_for "$(cat "$state_dir/port")")"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
