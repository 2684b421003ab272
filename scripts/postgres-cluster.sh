#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the prover service's tests
# (crates/cli/tests/service_postgres.rs) and for trying `zirv serve --database postgres://...`.
#
#   scripts/postgres-cluster.sh start DIR PORT   # prints the database URL
#   scripts/postgres-cluster.sh stop DIR
#
# Uses Debian's `postgresql` server binaries (scripts/setup.sh installs them). PostgreSQL
# refuses to run as root, so as root the cluster is created and run as user `postgres`.
# Trust authentication, no fsync: for tests only.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "postgres-cluster: no PostgreSQL server found (apt-get install postgresql; scripts/setup.sh does)" >&2
  exit 3
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-}" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      # User postgres must reach DIR: its parent (a private temporary directory, say) is
      # opened for traversal.
      chmod a+x "$(dirname "$dir")"
      chown postgres: "$dir"
    fi
    as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -h 127.0.0.1 -F" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$bindir/pg_ctl" -D "$2/data" -m immediate -w stop >/dev/null
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
