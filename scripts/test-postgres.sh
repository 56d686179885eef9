#!/usr/bin/env bash
# The PostgreSQL the tests use, and the throwaway servers some tests start.
#
#   test-postgres.sh install   makes sure PostgreSQL's server programs are here: when initdb is
#                              missing, installs Debian's postgresql with apt-get (root only).
#   test-postgres.sh ensure    prints DATABASE_URL=... (and TEST_PG_DIR=... when it started a server):
#                              $DATABASE_URL when set, else a server on 127.0.0.1:5432 that lets user
#                              postgres in without a password, else a throwaway cluster.
#   test-postgres.sh fresh     always starts a throwaway cluster (a test that restarts its server).
#   test-postgres.sh pause DIR stops the server of DIR (fast shutdown), keeping its data.
#   test-postgres.sh resume DIR starts it again on the same port.
#   test-postgres.sh stop DIR  stops it and removes DIR.
#
# A throwaway cluster lives in a temporary folder: trust authentication on 127.0.0.1 only,
# a free port, no durability settings (it is thrown away). initdb and postgres refuse to
# run as root, so as root they run as the postgres user.
set -euo pipefail

log() { echo "test-postgres: $*" >&2; }

find_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")" && return 0; fi
  # Debian keeps the server binaries out of PATH, one folder per major version: take the newest.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    [ -x "$dir/initdb" ] && echo "$dir" && return 0
  done
  return 1
}

install_server() {
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL's initdb is missing: run 'sudo apt-get install postgresql' (the store tests start a server of their own)."
    exit 1
  fi
  log "installing PostgreSQL for the store tests (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  # Debian's package may create and start a cluster on port 5432; the tests use their own, so leave none running.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters --no-header 2>/dev/null | awk '$4 == "online" { print $1, $2 }' | while read -r version name; do
      log "stopping cluster $version/$name that the install started"
      pg_ctlcluster "$version" "$name" stop || true
    done
  fi
}

bin_dir() {
  find_bin || { log "PostgreSQL's initdb is missing: run 'bash scripts/test-all.sh' (as root) or 'sudo apt-get install postgresql'."; exit 1; }
}

install() {
  find_bin >/dev/null && return 0
  install_server
  find_bin >/dev/null || { log "initdb still missing after installing postgresql"; exit 1; }
}

# Runs a server binary as the owner of the cluster: initdb and postgres refuse to run as root.
as_owner() {
  local dir=$1
  shift
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$(stat -c %U "$dir")" -- "$@"
  else
    "$@"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_server() {
  local dir=$1 bin port
  bin=$(cat "$dir/bin")
  port=$(cat "$dir/port")
  as_owner "$dir" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
}

fresh() {
  local bin dir owner port tries
  bin=$(bin_dir)
  if [ "$(id -u)" -eq 0 ]; then
    # The server runs as another user, who must reach the folder: /tmp, whatever TMPDIR says.
    dir=$(mktemp -d /tmp/agentdesk-pg.XXXXXX)
    owner=postgres
    id -u postgres >/dev/null 2>&1 || owner=nobody
    chown "$owner" "$dir"
  else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/agentdesk-pg.XXXXXX")
  fi
  echo "$bin" >"$dir/bin"
  as_owner "$dir" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    exit 1
  }
  # A port that is free now may be taken before the server binds it: try a few.
  for tries in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    port_open "$port" && continue
    echo "$port" >"$dir/port"
    if start_server "$dir"; then
      echo "DATABASE_URL=postgresql://postgres@127.0.0.1:$port/postgres"
      echo "TEST_PG_DIR=$dir"
      return 0
    fi
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  log "the throwaway PostgreSQL did not start"
  exit 1
}

ensure() {
  if [ -n "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL=$DATABASE_URL"
    return 0
  fi
  if port_open 5432 && command -v psql >/dev/null 2>&1 &&
    PGCONNECT_TIMEOUT=3 psql -X -q -w -h 127.0.0.1 -p 5432 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    echo "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres"
    return 0
  fi
  fresh
}

stop() {
  local dir=$1
  [ -f "$dir/bin" ] || { log "$dir is not a throwaway cluster"; exit 1; }
  if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$dir" "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) install ;;
  ensure) ensure ;;
  fresh) fresh ;;
  pause) as_owner "$2" "$(cat "$2/bin")/pg_ctl" -D "$2/data" -m fast -w stop >/dev/null ;;
  resume) start_server "$2" ;;
  stop) stop "$2" ;;
  *)
    echo "usage: $0 install|ensure|fresh | pause|resume|stop DIR" >&2
    exit 2
    ;;
esac
