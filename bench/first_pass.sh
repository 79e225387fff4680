#!/usr/bin/env bash
# The one-hour query benchmark (bench/query_1h.py) against freshly started servers, RUNS times:
# each run starts Prometheus and Watchkeeper on data directories that already hold the same
# backfilled hour (README, "Queries over one hour"), waits until both are ready and 5 s more,
# makes one pass (each query's first requests since start: the JIT has compiled nothing of
# Watchkeeper's request path yet) and stops both. A pass's median of 15 varies by tens of percent
# from run to run for the sub-millisecond queries, on both servers: the pooled median of all runs is
# the figure to compare.
#
#   bench/first_pass.sh RUNS RANGE_FILE PROMETHEUS_DATA WATCHKEEPER_DATA CONFIG [OUT_DIR]
#
# Prometheus listens on 127.0.0.1:19090 (the `prometheus` on PATH), Watchkeeper on 127.0.0.1:19091
# started by ./watchkeeper with WATCHKEEPER_JAVA_OPTS (default: the serial collector, 512 MB heap).
# Each pass's latencies go to OUT_DIR/pass-N.json (default: a new temporary directory).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
runs="${1:?usage: bench/first_pass.sh RUNS RANGE_FILE PROMETHEUS_DATA WATCHKEEPER_DATA CONFIG [OUT_DIR]}"
range_file="${2:?range file}"; pdata="${3:?Prometheus data dir}"; wdata="${4:?Watchkeeper data dir}"; config="${5:?config}"
out="${6:-$(mktemp -d)}"
mkdir -p "$out"
export WATCHKEEPER_JAVA_OPTS="${WATCHKEEPER_JAVA_OPTS:--XX:+UseSerialGC -Xmx512m}"

# the build and the start-up cache first, so that no run includes them
WATCHKEEPER_AOT="${WATCHKEEPER_AOT:-on}" "$repo/watchkeeper" version >/dev/null

pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop EXIT
ready() { curl -sf "$1/-/ready" >/dev/null 2>&1; }

for run in $(seq "$runs"); do
  prometheus --config.file="$config" --storage.tsdb.path="$pdata" --storage.tsdb.retention.time=3650d \
    --web.listen-address=127.0.0.1:19090 >"$out/prometheus-$run.log" 2>&1 &
  pids+=($!)
  "$repo/watchkeeper" server --config "$config" --data-dir "$wdata" --listen 127.0.0.1:19091 >"$out/watchkeeper-$run.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 240); do
    if ready http://127.0.0.1:19090 && ready http://127.0.0.1:19091; then break; fi
    sleep 0.5
  done
  ready http://127.0.0.1:19090 && ready http://127.0.0.1:19091 || { echo "servers not ready after 2 minutes, see $out" >&2; exit 1; }
  sleep 5
  echo "run $run of $runs" >&2
  python3 "$here/query_1h.py" "$range_file" --json "$out/pass-$run.json" >"$out/pass-$run.txt"
  stop
done
python3 "$here/query_1h.py" --pool "$out"/pass-*.json
