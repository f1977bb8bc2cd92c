#!/usr/bin/env python3
"""A/B: two BenchServer builds beside raw SwiftNIO, under the C load generator, interleaved and pinned.

    python3 Benchmarks/abtest.py OLD_BINARY NEW_BINARY [--reps 5] [--framing len]

Build each side with `swift build -c release --package-path Benchmarks --product BenchServer` on its commit and copy
`Benchmarks/.build/release/BenchServer` away (if a build fails over a missing file after switching commits, delete
`Benchmarks/.build/release.yaml`). Each repetition starts every server afresh on CPU 0 with one event-loop thread,
warms it up, and runs `cload` on CPU 1: ping-pong with 1, 16 and 64 connections, then a flood over one connection.
Prints every run, then medians: round trips (or messages) per second, server CPU per round trip (or message), and
ping-pong p50 latency.
"""
import argparse, os, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402

WORKLOADS = [("pingpong", 1, 30_000), ("pingpong", 16, 20_000), ("pingpong", 64, 8_000), ("flood", 1, 10_000_000)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--framing", default="len")
    ap.add_argument("--shared", default=os.path.join(compare.REPO, "..", "shared", "bench"))
    args = ap.parse_args()
    bench = compare.prepare(os.path.abspath(args.shared))

    def pinned(binary):
        return lambda f, p: ["taskset", "-c", "0", binary, "--framing", f, "--port", str(p), "--threads", "1",
                             "--max-seconds", "900"]

    bench.SERVERS["old"] = pinned(os.path.abspath(args.old))
    bench.SERVERS["new"] = pinned(os.path.abspath(args.new))
    bench.SERVERS["nio-raw"] = (lambda raw: lambda f, p: ["taskset", "-c", "0", *raw(f, p)])(bench.nio_srv("raw", 1))
    results = {}
    for rep in range(1, args.reps + 1):
        for name in ["nio-raw", "old", "new"]:
            for workload, conns, count in WORKLOADS:
                srv = bench.Server(name, args.framing)
                try:
                    load = lambda n: ["taskset", "-c", "1", *bench.cload_cmd(workload, args.framing, srv.port, conns, n)]
                    bench.run_client(load(count // 5), 120)
                    r = bench.measured(srv, load(count))
                finally:
                    srv.stop()
                rate = r.get("rt_per_s") or r.get("msgs_per_s") or 0
                units = r.get("round_trips") or r.get("msgs") or 1
                cpu_us = r.get("server_cpu_s", 0) * 1e6 / units
                p50 = (r.get("lat_us") or {}).get("p50") or 0
                results.setdefault((workload, conns, name), []).append((rate, cpu_us, p50))
                print(f"rep {rep} {workload} c={conns} {name}: {rate:.0f}/s, {cpu_us:.2f} us CPU, p50 {p50} us",
                      flush=True)
    print("\n| workload | server | rate, median (min-max) | server CPU µs per unit | p50 µs |")
    print("|---|---|---|---|---|")
    for (workload, conns, name), xs in sorted(results.items()):
        rates = [x[0] for x in xs]
        print(f"| {workload} c={conns} | {name} | {statistics.median(rates):.0f} ({min(rates):.0f}-{max(rates):.0f}) "
              f"| {statistics.median(x[1] for x in xs):.2f} | {statistics.median(x[2] for x in xs):.0f} |")


if __name__ == "__main__":
    main()
