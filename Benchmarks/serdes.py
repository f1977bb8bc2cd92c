#!/usr/bin/env python3
"""Floods one connection in each built-in serializer, beside the raw SwiftNIO baseline, in one interleaved run.

    python3 Benchmarks/serdes.py [--reps 3] [--serdes fixed,variable,textual] [--out Benchmarks/results/serdes.jsonl]

Baselines: `niobench server --mode raw` (../shared/bench) flooded by the C load generator `cload` with the
length-prefixed and the line framing. Ours: BenchServer --serde S with one event-loop thread, every message decoded
and handed to the processor, which counts it and acknowledges the count at the end. `fixed` reads the same 28-byte
frames as the len baseline, so cload floods it; `variable` and `textual` have their own wire form, so BenchFlood
(this package, the same scheme as cload: messages encoded once, 64 KiB writes) floods them. Each run lasts about a
second; the table gives medians (min-max), server CPU per message, and the median of per-repetition ratios to raw
NIO with the len framing.
"""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (prepare(): builds the yardstick and BenchServer)

HERE = compare.HERE


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--serdes", default="fixed,variable,textual")
    ap.add_argument("--shared", default=os.path.join(compare.REPO, "..", "shared", "bench"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "serdes.jsonl"))
    args = ap.parse_args()
    bench, flood_bin = compare.prepare_flood(args.shared, {s: ["--serde", s] for s in args.serdes.split(",")})

    def client(serde, framing, port, count):
        if serde in ("nio-raw", "fixed"):
            return bench.cload_cmd("flood", framing, port, 1, count)
        return [flood_bin, "--serde", serde, "--port", str(port), "--count", str(count)]

    variants = [("nio-raw", "len"), ("nio-raw", "line")] + [(s, "len") for s in args.serdes.split(",")]
    rows = compare.flood_interleaved(bench, variants, client, args.reps, args.out, "serdes")
    print("\n| server | wire | msgs/s, median (min-max) | server CPU ns/msg | ratio to raw NIO len |")
    print("|---|---|---|---|---|")
    wires = {"fixed": "28-byte frames", "variable": "len + binary Codable", "textual": "JSON lines"}
    compare.flood_table(rows, variants, lambda name, framing: f"{name} | {framing if name == 'nio-raw' else wires.get(name, framing)}")


if __name__ == "__main__":
    main()
