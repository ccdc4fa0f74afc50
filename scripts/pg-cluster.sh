#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests (issue #16).
#
#   scripts/pg-cluster.sh -- <command> [args…]   start a cluster, run the command with DATABASE_URL set, stop and
#                                                remove the cluster, exit with the command's status
#   scripts/pg-cluster.sh                        start a cluster, print DATABASE_URL, keep it until Ctrl-C / SIGTERM
#
# Installs Debian's `postgresql` package when no initdb is found (needs root, as in CI on Debian 12). As root the
# cluster runs as the unprivileged `postgres` user the package creates; otherwise as the calling user. It listens on
# 127.0.0.1 on a free port with its Unix socket in a temporary folder, trusts local connections, and trades durability
# for speed (fsync=off, synchronous_commit=off, full_page_writes=off): never use it for data you want to keep.
# PG_CLUSTER_DURABLE=1 keeps PostgreSQL's durable defaults instead (fsync, synchronous_commit and full_page_writes on),
# as a production server runs: `npm run bench -- --engine postgres` measures with it.
# DATABASE_URL names the database `carecert` owned by the superuser `postgres`.
#
# For tests that stop or restart the server (tests/postgres/restart.test.ts) it also exports, and in the second form
# prints after DATABASE_URL:
#   CARECERT_PG_CTL   the cluster's pg_ctl          CARECERT_PG_DATA  its data directory
#   CARECERT_PG_LOG   its server log (pg_ctl -l)     CARECERT_PG_USER  the user it runs as (run pg_ctl as that user)
# e.g. runuser -u "$CARECERT_PG_USER" -- "$CARECERT_PG_CTL" restart -D "$CARECERT_PG_DATA" -l "$CARECERT_PG_LOG" -w -m fast
# (without runuser when CARECERT_PG_USER is the calling user); `stop` and a later `start` work the same way.
set -euo pipefail

if [[ "${1:-}" == "--" ]]; then shift; fi
if [[ "${1:-}" == -* ]]; then
  echo "用法：scripts/pg-cluster.sh [-- 命令 参数…]" >&2
  exit 2
fi

log() { echo "[pg-cluster] $*" >&2; }

find_bin_dir() {
  local initdb
  if initdb=$(command -v initdb 2>/dev/null); then
    dirname "$(readlink -f "$initdb")"
    return 0
  fi
  # Debian keeps the server programs out of PATH, one folder per major version; take the newest.
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then
    echo "$dir"
    return 0
  fi
  return 1
}

if ! BIN=$(find_bin_dir); then
  if [[ $(id -u) -ne 0 ]]; then
    log "找不到 PostgreSQL 的 initdb，且当前不是 root，无法自动安装：请先安装 PostgreSQL 15 或更高版本（Debian：apt-get install postgresql）"
    exit 1
  fi
  log "找不到 initdb，正在用 apt-get 安装 Debian 的 postgresql 软件包……"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN=$(find_bin_dir) || { log "安装 postgresql 后仍找不到 initdb"; exit 1; }
fi

VERSION=$("$BIN/initdb" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
if [[ "$VERSION" -lt 15 ]]; then
  log "找到的 PostgreSQL 是 $VERSION 版（$BIN），carecert 需要 15 或更高版本"
  exit 1
fi

# Who runs the server: never root (PostgreSQL refuses to), so as root the package's `postgres` user.
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    log "以 root 运行时需要系统用户 postgres（Debian 的 postgresql 软件包会创建它）"
    exit 1
  fi
  as_server() { runuser -u postgres -- "$@"; }
  SERVER_USER=postgres
else
  as_server() { "$@"; }
  SERVER_USER=$(id -un)
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/carecert-pg.XXXXXX")
chmod 0755 "$DIR" # the server user must reach its socket and data folders inside
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DIR"; fi
DATA="$DIR/data"
LOGFILE="$DIR/server.log"
STARTED=0
SLEEPER=
if [[ "${PG_CLUSTER_DURABLE:-0}" == "1" ]]; then
  DURABLE=on
  DURABILITY_NOTE="持久化设置（fsync=on, synchronous_commit=on, full_page_writes=on）"
else
  DURABLE=off
  DURABILITY_NOTE="测试用设置，不保证持久（fsync=off, synchronous_commit=off, full_page_writes=off）"
fi

cleanup() {
  local status=$?
  if [[ -n "$SLEEPER" ]]; then kill "$SLEEPER" 2>/dev/null || true; fi
  if [[ $STARTED -eq 1 ]]; then
    as_server "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_server "$BIN/initdb" -D "$DATA" -U postgres --locale=C --encoding=UTF8 --auth=trust >"$DIR/initdb.log" 2>&1 || {
  cat "$DIR/initdb.log" >&2
  log "initdb 失败"
  exit 1
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# A port found free can be taken before the server binds it: try a few.
# The settings live in a file the server's configuration includes, so a plain `pg_ctl start` or `restart` (a test
# restarting the server) brings it back exactly as it was.
echo "include 'carecert-test.conf'" >>"$DATA/postgresql.conf"
for attempt in 1 2 3 4 5; do
  PORT=$(free_port)
  cat >"$DATA/carecert-test.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
fsync = $DURABLE
synchronous_commit = $DURABLE
full_page_writes = $DURABLE
max_connections = 300
shared_buffers = 128MB
CONF
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DATA/carecert-test.conf"; fi
  if as_server "$BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 start >/dev/null; then
    STARTED=1
    break
  fi
  log "端口 $PORT 启动失败（第 $attempt 次），换一个端口重试"
done
if [[ $STARTED -ne 1 ]]; then
  cat "$LOGFILE" >&2 || true
  log "PostgreSQL 没有启动"
  exit 1
fi

"$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE carecert" >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/carecert"
export CARECERT_PG_CTL="$BIN/pg_ctl" CARECERT_PG_DATA="$DATA" CARECERT_PG_LOG="$LOGFILE" CARECERT_PG_USER="$SERVER_USER"
log "PostgreSQL $VERSION 已启动：DATABASE_URL=$DATABASE_URL（数据目录 $DATA；$DURABILITY_NOTE）"

if [[ $# -gt 0 ]]; then
  set +e
  "$@"
  status=$?
  set -e
  exit "$status"
fi

echo "DATABASE_URL=$DATABASE_URL"
echo "CARECERT_PG_CTL=$CARECERT_PG_CTL"
echo "CARECERT_PG_DATA=$CARECERT_PG_DATA"
echo "CARECERT_PG_LOG=$CARECERT_PG_LOG"
echo "CARECERT_PG_USER=$CARECERT_PG_USER"
log "按 Ctrl-C 停止并删除这个集群"
while true; do
  sleep 3600 &
  SLEEPER=$!
  wait "$SLEEPER"
done
