#!/usr/bin/env python3
"""Composite protocols under load: state switches per second, and a flood after a switch against one without.

    python3 Benchmarks/composite.py [--reps 5] [--variants nio-raw,fixed,...] [--out Benchmarks/results/composite.jsonl]

All servers are BenchServer with one event-loop thread, flooded over one connection by BenchFlood (this package:
messages encoded once, 64 KiB writes), every message decoded and handed to a processor that counts it; the count
is acknowledged at the end and checked. Variants, interleaved in each repetition:

- fixed: one state, 28-byte frames (FixedSizeSerializer).
- fixed after handshake: a composite protocol: one line in a first state, then the same flood in a second state.
- line: one state, the shared protocol's text lines.
- alternate: a composite protocol whose every message ends its state: a line, then a 28-byte frame, and so on;
  its rate is state switches per second.
- nio-raw len: the raw SwiftNIO baseline (../shared/bench), flooded by the C load generator, for the ratio.

The server runs on CPU 0 and the client on CPU 1 (taskset).
"""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (prepare(): builds the yardstick and BenchServer)

HERE = compare.HERE

# name: (BenchServer arguments, BenchFlood arguments)
VARIANTS = {
    "fixed": (["--serde", "fixed"], ["--serde", "fixed"]),
    "fixed after handshake": (["--serde", "fixed", "--composite", "handshake"],
                              ["--serde", "fixed", "--composite", "handshake"]),
    "line": (["--serde", "custom", "--framing", "line"], ["--serde", "custom-line"]),
    "alternate": (["--composite", "alternate"], ["--composite", "alternate"]),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--shared", default=os.path.join(compare.REPO, "..", "shared", "bench"))
    ap.add_argument("--variants", default=",".join(["nio-raw", *VARIANTS]))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "composite.jsonl"))
    args = ap.parse_args()
    bench, flood_bin = compare.prepare_flood(args.shared, {name: a for name, (a, _) in VARIANTS.items()})
    # Server on CPU 0, client on CPU 1: unpinned, runs fell into two modes 1.5x apart, whatever the variant.
    for name in ["nio-raw", *VARIANTS]:
        bench.SERVERS[name] = (lambda make: lambda f, p: ["taskset", "-c", "0", *make(f, p)])(bench.SERVERS[name])

    def client(name, port, count):
        if name == "nio-raw":
            return ["taskset", "-c", "1", *bench.cload_cmd("flood", "len", port, 1, count)]
        return ["taskset", "-c", "1", flood_bin, *VARIANTS[name][1], "--port", str(port), "--count", str(count)]

    variants = [(name, "len") for name in args.variants.split(",")]
    rows = compare.flood_interleaved(bench, variants, lambda name, _, port, count: client(name, port, count),
                                     args.reps, args.out, "composite")
    print("\n| server | msgs/s, median (min-max) | server CPU ns/msg | ratio to raw NIO len |")
    print("|---|---|---|---|")
    compare.flood_table(rows, variants, lambda name, _: name)


if __name__ == "__main__":
    main()
