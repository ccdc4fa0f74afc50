#!/usr/bin/env bash
# Issue #16's bench table in one sitting: the exam day and the lesson page on
#   1. SQLite before   the code before issue #16 (BENCH_BEFORE_COMMIT, 9da35e4) in a worktree of its own, its own build
#   2. SQLite after    this checkout
#   3. PostgreSQL, 1 app process
#   4. PostgreSQL, 2 app processes behind one port (WEB_CONCURRENCY=2)
# one after another, each scenario in a fresh `scripts/bench.ts` run (a fresh database and server; on PostgreSQL a
# fresh durable cluster: fsync, synchronous_commit and full_page_writes on). Run it on a quiet machine: every figure
# is a single run and moves with whatever else runs.
#
#   scripts/bench-engines.sh [result.md]
#
# Writes the tables (scripts/bench-engines-summary.ts) to result.md (default .tmp/bench-engines/<time>.md) and each
# run's full output beside it (<time>-logs/). Settings, all optional:
#   BENCH_CANDIDATES=2000                  exam-day candidates
#   BENCH_RUNS="sqlite-before sqlite-after postgres-1 postgres-2"   which of the four, in this order
#   BENCH_SCENARIOS="exam lesson"          which scenarios
#   BENCH_BEFORE_COMMIT=9da35e4            the "before" code
#   BENCH_BEFORE_DIR=<beside this checkout>/bench-before   its worktree (made with `git worktree add --detach` when
#                                          missing, node_modules linked to this checkout's)
# One sequence at 2,000 candidates takes about 15–20 minutes on this 2-core machine when it is quiet.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CANDIDATES=${BENCH_CANDIDATES:-2000}
RUNS=${BENCH_RUNS:-sqlite-before sqlite-after postgres-1 postgres-2}
SCENARIOS=${BENCH_SCENARIOS:-exam lesson}
BEFORE_COMMIT=${BENCH_BEFORE_COMMIT:-9da35e4}
BEFORE_DIR=${BENCH_BEFORE_DIR:-$(dirname "$ROOT")/bench-before}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${1:-$ROOT/.tmp/bench-engines/$STAMP.md}
mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")
LOGS=${OUT%.md}-logs
mkdir -p "$LOGS"

log() { echo "[bench-engines] $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Each run starts its own server on port 3400 and, for PostgreSQL, its own cluster: never one from the environment.
unset DATABASE_URL WEB_CONCURRENCY DATABASE_POOL_SIZE

for run in $RUNS; do
  case $run in sqlite-before | sqlite-after | postgres-1 | postgres-2) ;; *) log "BENCH_RUNS 中不认识的一项：$run"; exit 2 ;; esac
done
for scenario in $SCENARIOS; do
  case $scenario in exam | lesson) ;; *) log "BENCH_SCENARIOS 中不认识的一项：$scenario"; exit 2 ;; esac
done

SEQUENCE_STARTED=$(date +%s)
log "开始：$(nproc) 核，负载 $(load)；结果写入 $OUT"
if awk '{ exit !($1 > 1.5) }' /proc/loadavg; then
  log "注意：当前负载 $(load) 偏高，测得的延迟会偏大（各次之间只宜比较比值）"
fi

# The "before" checkout: a detached worktree of BEFORE_COMMIT with this checkout's node_modules.
if [[ " $RUNS " == *" sqlite-before "* ]]; then
  want=$(git rev-parse --verify "$BEFORE_COMMIT^{commit}")
  if [[ ! -e "$BEFORE_DIR/.git" ]]; then
    log "创建 $BEFORE_COMMIT 的工作树：$BEFORE_DIR"
    git worktree add --detach "$BEFORE_DIR" "$want" >&2
  fi
  have=$(git -C "$BEFORE_DIR" rev-parse HEAD)
  if [[ "$have" != "$want" ]]; then
    log "$BEFORE_DIR 在 $have，不是 $BEFORE_COMMIT（$want）：请删除它或设置 BENCH_BEFORE_DIR"
    exit 1
  fi
  if [[ ! -e "$BEFORE_DIR/node_modules" ]]; then ln -s "$(readlink -f "$ROOT/node_modules")" "$BEFORE_DIR/node_modules"; fi
  # Its bench gives the server 30 s to start, which a busy machine exceeds (seeding the demo): 10 minutes, as here.
  # Only that wait changes; what it measures does not.
  sed -i 's/for (let i = 0; i < 300; i++) {/for (let i = 0; i < 6000; i++) {/' "$BEFORE_DIR/scripts/bench.ts"
  changed=$(git -C "$BEFORE_DIR" status --porcelain --untracked-files=no)
  if [[ -n "$changed" && "$changed" != " M scripts/bench.ts" ]]; then
    log "$BEFORE_DIR 有未提交的改动（$changed）：请还原后再测"
    exit 1
  fi
fi

# Builds first, so no build runs beside a measurement.
build() {
  log "构建 $1"
  (cd "$1" && npm run build) >"$LOGS/build-$2.log" 2>&1 || { log "构建失败，见 $LOGS/build-$2.log"; exit 1; }
}
if [[ " $RUNS " == *" sqlite-before "* ]]; then build "$BEFORE_DIR" before; fi
if [[ " $RUNS " == *" sqlite-after "* || " $RUNS " == *" postgres-"* ]]; then build "$ROOT" after; fi

# One scripts/bench.ts run: its output (stdout and stderr) into the log, with the load and the time it took.
bench() {
  local name=$1 dir=$2
  shift 2
  local file="$LOGS/$name.log" started
  started=$(date +%s)
  log "$name：node --import tsx scripts/bench.ts $*（负载 $(load)）"
  {
    echo "# run $name: scripts/bench.ts $* in $dir, started $(date -Iseconds), load average $(load)"
    set +e
    (cd "$dir" && node --import tsx scripts/bench.ts "$@") 2>&1
    local status=$?
    set -e
    echo "# run $name: exit status $status after $(($(date +%s) - started)) s, load average $(load) at the end"
  } | tee "$file"
}

# The scenarios as the code before issue #16 spells them (it knows no --engine) and as this checkout does.
args_for() {
  case $1 in
    exam) echo "exam $CANDIDATES" ;;
    lesson) echo "lesson" ;;
  esac
}

SUMMARY_ARGS=()
for run in $RUNS; do
  files=()
  for scenario in $SCENARIOS; do
    read -r -a scenario_args <<<"$(args_for "$scenario")"
    case $run in
      sqlite-before) bench "$run-$scenario" "$BEFORE_DIR" "${scenario_args[@]}" ;;
      sqlite-after) bench "$run-$scenario" "$ROOT" --engine sqlite "${scenario_args[@]}" ;;
      postgres-1) bench "$run-$scenario" "$ROOT" --engine postgres "${scenario_args[@]}" ;;
      postgres-2) bench "$run-$scenario" "$ROOT" --engine postgres --workers 2 "${scenario_args[@]}" ;;
    esac
    files+=("$LOGS/$run-$scenario.log")
  done
  case $run in
    sqlite-before) label="SQLite before ($BEFORE_COMMIT)" ;;
    sqlite-after) label="SQLite after ($(git rev-parse --short HEAD))" ;;
    postgres-1) label="PostgreSQL, 1 app process" ;;
    postgres-2) label="PostgreSQL, 2 app processes" ;;
  esac
  SUMMARY_ARGS+=("$label=$(IFS=,; echo "${files[*]}")")
done

{
  echo "# npm run bench on both engines ($(date -Iseconds))"
  echo
  echo "This checkout $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD)); before: $BEFORE_COMMIT. $(nproc) cores;"
  echo "exam day with $CANDIDATES candidates; PostgreSQL durable (fsync, synchronous_commit, full_page_writes on), SQLite WAL with"
  echo "synchronous=NORMAL. One run each; the whole sequence took $(($(date +%s) - SEQUENCE_STARTED)) s. Full output: $LOGS/."
  echo
  node --import tsx scripts/bench-engines-summary.ts "${SUMMARY_ARGS[@]}"
} >"$OUT"
log "完成（$(($(date +%s) - SEQUENCE_STARTED)) s）：$OUT"
cat "$OUT"
