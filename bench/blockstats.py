#!/usr/bin/env python3
"""Adds on-disk figures of Watchkeeper's blocks to a bench.py result file.

bench.py measures Prometheus' snapshot blocks (bytes and samples from meta.json) but, for a
custom server, only the data directory. Watchkeeper's blocks have the same meta.json fields, so
this computes the same columns: flush.bytes_per_sample (blocks incl. index / numSamples),
flush.chunk_bytes_per_sample (chunk files only) and flush.index_bytes_per_series.

Also records the fixed heap size and, from the JVM's GC log (-Xlog:gc), the share of the server's
CPU time spent in GC pauses during the measured window (the serial collector pauses one thread).

Usage: blockstats.py RESULT.json DATA_DIR [GC_LOG HEAP]
"""
import json
import os
import re
import sys


def gc_share(gc_log, result):
    """Seconds of GC pauses inside the measured window, and their share of the server's CPU."""
    start = result["warmup_s"] + result["startup_s"]
    end = start + result["window_s"]
    paused = 0.0
    full = young = 0
    live_mb = None  # heap after the last full collection in the window: the live set
    for line in open(gc_log):
        m = re.match(r"\[([\d.]+)s\].*Pause (Young|Full).* ([\d.]+)ms", line)
        after = re.search(r"Pause Full.*->(\d+)M\(", line)
        if after and m and start <= float(m.group(1)) <= end:
            live_mb = int(after.group(1))
        if m and start <= float(m.group(1)) <= end:
            paused += float(m.group(3)) / 1000
            if m.group(2) == "Full":
                full += 1
            else:
                young += 1
    cpu = result["cpu_cores_server"] * result["window_s"]
    return dict(gc_pause_s=round(paused, 2), gc_young=young, gc_full=full, live_heap_after_full_gc_mb=live_mb,
                gc_cpu_share=round(paused / cpu, 4) if cpu else None)


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def main():
    result_path, data = sys.argv[1], sys.argv[2]
    tsdb = os.path.join(data, "tsdb")
    blocks = []
    for b in sorted(os.listdir(tsdb)):
        meta_p = os.path.join(tsdb, b, "meta.json")
        if not os.path.isfile(meta_p):
            continue
        meta = json.load(open(meta_p))
        block_dir = os.path.join(tsdb, b)
        chunk_bytes = dir_bytes(os.path.join(block_dir, "chunks"))
        index_bytes = os.path.getsize(os.path.join(block_dir, "index"))
        blocks.append(dict(block=b, bytes=dir_bytes(block_dir), chunk_bytes=chunk_bytes, index_bytes=index_bytes,
                           samples=meta["stats"]["numSamples"], series=meta["stats"]["numSeries"],
                           chunks=meta["stats"]["numChunks"]))
    result = json.load(open(result_path))
    flush = result.setdefault("flush", {})
    flush["blocks"] = blocks
    samples = sum(b["samples"] for b in blocks)
    if samples:
        flush["bytes_per_sample"] = round(sum(b["bytes"] for b in blocks) / samples, 4)
        flush["chunk_bytes_per_sample"] = round(sum(b["chunk_bytes"] for b in blocks) / samples, 4)
        flush["index_bytes_per_series"] = round(sum(b["index_bytes"] for b in blocks) / max(1, sum(b["series"] for b in blocks)), 1)
        flush["samples"] = samples
    if len(sys.argv) > 4:
        result["gc"] = gc_share(sys.argv[3], result)
        result["heap"] = sys.argv[4]
        print("heap %s, GC %s" % (result["heap"], result["gc"]))
    json.dump(result, open(result_path, "w"), indent=1)
    print("blocks: %d, samples %d, %.3f bytes/sample (chunks %.3f)" % (
        len(blocks), samples, flush.get("bytes_per_sample", 0), flush.get("chunk_bytes_per_sample", 0)))


if __name__ == "__main__":
    main()
