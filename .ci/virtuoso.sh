#!/usr/bin/env bash
# A throwaway Virtuoso open source server (Debian's virtuoso-opensource) for kg's tests.
#
#   .ci/virtuoso.sh install                 apt-get install virtuoso-opensource (when virtuoso-t is missing)
#   .ci/virtuoso.sh start DIR [HTTP] [SQL]  private virtuoso.ini in DIR, every file in DIR, ports on 127.0.0.1
#                                           (default 8890 / 1111); waits until SPARQL answers; prints the endpoint
#   .ci/virtuoso.sh wait DIR                wait until the server in DIR answers SPARQL (60 s at most)
#   .ci/virtuoso.sh stop DIR                stop the server in DIR (TERM, then KILL after 20 s)
#
# Environment: VIRTUOSO_RESULT_ROWS (ResultSetMaxRows, default 1000000), VIRTUOSO_BUFFERS
# (NumberOfBuffers of 8 KiB, default 100000: about 800 MiB of cache), VIRTUOSO_WAIT (seconds, 60).
#
# The server keeps its database in DIR: `start` on a DIR whose server was killed restarts it on the
# same database (Virtuoso rolls its transaction log forward). Credentials: dba/dba (the packaged
# default). Updates: through the digest-authenticated endpoints /sparql-auth and
# /sparql-graph-crud-auth with dba/dba, or anonymously through /sparql (SPARQL_UPDATE is granted to
# the anonymous SPARQL user: loopback only, throwaway data).
set -euo pipefail

TEMPLATE=${VIRTUOSO_INI_TEMPLATE:-/usr/share/virtuoso-opensource-7/virtuoso.ini}

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

install() {
  if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then
    return
  fi
  [ "$(id -u)" = 0 ] || die "virtuoso-t is not installed and installing it needs root (apt-get install virtuoso-opensource)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
}

# Write DIR/virtuoso.ini from the packaged template: files in DIR, loopback ports, raised limits.
configure() {
  local dir=$1 http=$2 sql=$3
  [ -f "$TEMPLATE" ] || die "no virtuoso.ini template at $TEMPLATE (is virtuoso-opensource installed?)"
  sed -E \
    -e "s|^(DatabaseFile[[:space:]]*=).*virtuoso-temp\.db|\1 $dir/virtuoso-temp.db|" \
    -e "s|^(DatabaseFile[[:space:]]*=).*virtuoso\.db|\1 $dir/virtuoso.db|" \
    -e "s|^(TransactionFile[[:space:]]*=).*virtuoso-temp\.trx|\1 $dir/virtuoso-temp.trx|" \
    -e "s|^(TransactionFile[[:space:]]*=).*virtuoso\.trx|\1 $dir/virtuoso.trx|" \
    -e "s|^(ErrorLogFile[[:space:]]*=).*|\1 $dir/virtuoso.log|" \
    -e "s|^(LockFile[[:space:]]*=).*|\1 $dir/virtuoso.lck|" \
    -e "s|^(xa_persistent_file[[:space:]]*=).*|\1 $dir/virtuoso.pxa|" \
    -e "s|^(DirsAllowed[[:space:]]*=)(.*)|\1\2, $dir|" \
    -e "s|^(NumberOfBuffers[[:space:]]*=).*|\1 ${VIRTUOSO_BUFFERS:-100000}|" \
    -e "s|^(MaxDirtyBuffers[[:space:]]*=).*|\1 $(( ${VIRTUOSO_BUFFERS:-100000} * 3 / 4 ))|" \
    -e "s|^(ResultSetMaxRows[[:space:]]*=).*|\1 ${VIRTUOSO_RESULT_ROWS:-1000000}|" \
    -e "s|^(MaxQueryExecutionTime[[:space:]]*=).*|\1 300|" \
    -e "/^\[Zero Config\]/,/^\[/ s|^(ServerName[[:space:]]*=.*)|;\1|" \
    "$TEMPLATE" |
  awk -v http="127.0.0.1:$http" -v sql="127.0.0.1:$sql" '
    /^\[/ { section = $0 }
    /^ServerPort[[:space:]]*=/ { if (section == "[Parameters]") $0 = "ServerPort = " sql; else if (section == "[HTTPServer]") $0 = "ServerPort = " http }
    { print }' >"$dir/virtuoso.ini"
  grep -q "ServerPort = 127.0.0.1:$http" "$dir/virtuoso.ini" || die "could not set the HTTP port in $dir/virtuoso.ini"
  grep -q "ServerPort = 127.0.0.1:$sql" "$dir/virtuoso.ini" || die "could not set the SQL port in $dir/virtuoso.ini"
  echo "$http" >"$dir/http.port"
  echo "$sql" >"$dir/sql.port"
}

# A live process (a killed one not yet reaped by its parent is a zombie: not running).
running() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

answers() {
  local http=$1
  curl -fsS -m 2 -o /dev/null -H 'Accept: application/sparql-results+json' \
    --get --data-urlencode 'query=ASK {}' "http://127.0.0.1:$http/sparql" 2>/dev/null
}

wait_up() {
  local dir=$1 http pid deadline
  http=$(cat "$dir/http.port")
  pid=$(cat "$dir/virtuoso.pid")
  deadline=$((SECONDS + ${VIRTUOSO_WAIT:-60}))
  until answers "$http"; do
    running "$pid" || { tail -n 20 "$dir/virtuoso.log" >&2 || true; die "virtuoso exited during start-up (log: $dir/virtuoso.log)"; }
    [ $SECONDS -lt $deadline ] || die "virtuoso did not answer on 127.0.0.1:$http within ${VIRTUOSO_WAIT:-60} s"
    sleep 0.2
  done
}

start() {
  local dir http sql pid
  dir=$(mkdir -p "$1" && cd "$1" && pwd)
  http=${2:-8890}
  sql=${3:-1111}
  command -v virtuoso-t >/dev/null || die "virtuoso-t not found: run '$0 install' (as root)"
  if [ -f "$dir/virtuoso.pid" ] && running "$(cat "$dir/virtuoso.pid")"; then
    die "a server is already running from $dir (pid $(cat "$dir/virtuoso.pid"))"
  fi
  rm -f "$dir/virtuoso.lck"
  configure "$dir" "$http" "$sql"
  (cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini" </dev/null >>"$dir/stdout.log" 2>&1) &
  pid=$!
  echo "$pid" >"$dir/virtuoso.pid"
  wait_up "$dir"
  # (on a database that already has the grant, isql says so: not an error)
  isql-vt "127.0.0.1:$sql" dba dba exec='GRANT SPARQL_UPDATE TO "SPARQL";' >>"$dir/isql.log" 2>&1 || true
  echo "http://127.0.0.1:$http/sparql"
}

stop() {
  local dir=$1 pid
  [ -f "$dir/virtuoso.pid" ] || return 0
  pid=$(cat "$dir/virtuoso.pid")
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 100); do
      running "$pid" || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/virtuoso.pid"
}

case "${1:-}" in
  install) install ;;
  start) [ $# -ge 2 ] || die "usage: $0 start DIR [HTTP_PORT] [SQL_PORT]"; start "${@:2}" ;;
  wait) [ $# -eq 2 ] || die "usage: $0 wait DIR"; wait_up "$2" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 install | start DIR [HTTP_PORT] [SQL_PORT] | wait DIR | stop DIR" ;;
esac
