#!/usr/bin/env bash
# Side-by-side benchmark with the harness in ../shared/bench (Prometheus 2.42, VictoriaMetrics
# 1.79 and Watchkeeper on this machine, one at a time, same workload).
#
#   bench/run.sh SERVER SCALE [bench.py options...]
#     SERVER: watchkeeper | prometheus | victoriametrics
#     SCALE:  100k (100 targets x 1000 series, 1 s)  |  1m (1000 targets x 1000 series, 10 s)
#   WK_HEAP overrides Watchkeeper's fixed heap (default 128m at 100k, 1g at 1m), WK_YOUNG its young
#   generation (default 24m at 100k, the JVM's choice at 1m);
#   WK_JAVA_OPTS adds JVM options; WK_AOT=off runs without the launcher's start-up cache (JDK 25+;
#   on by default, as ./watchkeeper server runs).
#   Results go to bench/results/ (one JSON per run);
#   python3 ../shared/bench/bench.py table bench/results/*.json prints them.
#
# For Watchkeeper the data directory is kept to the end of the run, then bench/blockstats.py adds
# the on-disk figures of the flushed blocks (what bench.py reads from Prometheus' snapshot) and the
# GC share of CPU from the GC log, and the directory is deleted.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
harness="${BENCH_HARNESS:-$repo/../shared/bench}"
server="${1:?usage: bench/run.sh SERVER SCALE [bench.py options]}"
scale="${2:?usage: bench/run.sh SERVER SCALE [bench.py options]}"
shift 2
out="$here/results"
mkdir -p "$out"

case "$scale" in
  # -Xmn: a small young generation leaves the old one room for the live set (85 MB at 100k)
  100k) size=(--targets 100 --series 1000 --interval 1); heap="${WK_HEAP:-128m}"; young="${WK_YOUNG:-24m}" ;;
  1m) size=(--targets 1000 --series 1000 --interval 10); heap="${WK_HEAP:-1g}"; young="${WK_YOUNG:-}" ;;
  *) echo "unknown scale $scale (100k or 1m)" >&2; exit 2 ;;
esac

if [ "$server" != watchkeeper ]; then
  exec python3 "$harness/bench.py" run --server "$server" "${size[@]}" --out-dir "$out" "$@"
fi

# builds the jar if needed (and unless WK_AOT=off, on JDK 25+, the launcher's start-up cache)
WATCHKEEPER_AOT="${WK_AOT:-on}" "$repo/watchkeeper" version >/dev/null
java=""
for d in /usr/lib/jvm/*/; do   # the newest JDK >= 21, as ./watchkeeper picks it
  if [ -x "$d/bin/java" ] && grep -qE '^JAVA_VERSION="(2[1-9]|[3-9][0-9])' "$d/release" 2>/dev/null; then java="${d%/}/bin/java"; fi
done
[ -n "$java" ] || { echo "no JDK >= 21 under /usr/lib/jvm" >&2; exit 1; }
# The launcher's defaults (native heap trimming, compact headers on JDK 25) plus a fixed heap and
# the serial collector: the smallest footprint that holds the workload with GC under 5% of CPU.
aot=""   # the launcher's start-up cache, with the options ./watchkeeper server gives it
if [ "${WK_AOT:-on}" != off ] && [ -f "$repo/server/target/watchkeeper.aot" ] && ! [ "$repo/server/target/watchkeeper.jar" -nt "$repo/server/target/watchkeeper.aot" ]; then
  aot="-XX:AOTCache=$repo/server/target/watchkeeper.aot -Xlog:aot=off -Xlog:aot=warning:stderr $(cat "$repo/server/target/watchkeeper.aot.opts" 2>/dev/null || true)"
fi
jvm="$aot -XX:+UseSerialGC -Xms$heap -Xmx$heap ${young:+-Xmn$young} -XX:TrimNativeHeapInterval=5000 -XX:+UseCompactObjectHeaders -Xlog:gc:file={work}/gc.log --enable-native-access=ALL-UNNAMED ${WK_JAVA_OPTS:-}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"   # as ./watchkeeper sets it
before="$(ls "$out" 2>/dev/null | sort)"
python3 "$harness/bench.py" run --server custom --name watchkeeper \
  --cmd "$java $jvm -jar $repo/server/target/watchkeeper.jar server --config {config} --data-dir {data} --listen 127.0.0.1:{port}" \
  --port 19999 --ready-path /-/ready \
  --ingest-metric watchkeeper_tsdb_samples_appended_total --series-metric watchkeeper_tsdb_head_series \
  --flush http:POST:/api/v1/admin/tsdb/flush --keep-data "${size[@]}" --out-dir "$out" "$@"
result="$(comm -13 <(echo "$before") <(ls "$out" | sort) | grep '^watchkeeper-' | tail -1)"
workdir="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workdir"])' "$out/$result")"
python3 "$here/blockstats.py" "$out/$result" "$workdir/data" "$workdir/gc.log" "$heap"
rm -rf "$workdir/data"
