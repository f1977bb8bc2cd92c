#!/usr/bin/env python3
"""A/B of connection churn: two BenchServer builds beside raw SwiftNIO, interleaved and pinned.

    python3 Benchmarks/churn_ab.py OLD_BINARY NEW_BINARY [--reps 5]

For every repetition each server starts afresh with one event-loop thread on CPU 0; the yardstick's C load generator
(`cload -w churn`, 16 lanes, on CPU 1) connects, does one ping-pong and closes, 5,000 times after a 500-connection
warm-up. Prints every run (connections/s, server CPU µs per connection), then medians and the median of the
per-repetition ratios to raw NIO. Build each side as `abtest.py` describes.
"""
import argparse, os, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--shared", default=os.path.join(compare.REPO, "..", "shared", "bench"))
    args = ap.parse_args()
    bench = compare.prepare(os.path.abspath(args.shared))
    for name, binary in [("old", args.old), ("new", args.new)]:
        bench.SERVERS[name] = (lambda b: lambda f, p: ["taskset", "-c", "0", b, "--framing", f, "--port", str(p),
                                                       "--threads", "1", "--max-seconds", "900"])(binary)
    bench.SERVERS["nio-raw"] = (lambda raw: lambda f, p: ["taskset", "-c", "0", *raw(f, p)])(bench.nio_srv("raw", 1))
    runs = {}
    for rep in range(1, args.reps + 1):
        for name in ["nio-raw", "old", "new"]:
            srv = bench.Server(name, "len")
            try:
                cmd = lambda n: ["taskset", "-c", "1", bench.CLOAD, "-w", "churn", "-f", "len", "-p", str(srv.port),
                                 "-c", str(n), "-k", "16", "-T", "60"]
                bench.run_client(cmd(500), 60)
                res = bench.measured(srv, cmd(5000))
                runs.setdefault(name, []).append((res["conns_per_s"], res["server_cpu_s"] * 1e6 / 5000))
                print(f"rep {rep} {name}: {res['conns_per_s']:.0f} conns/s, {runs[name][-1][1]:.1f} us CPU/conn",
                      flush=True)
            finally:
                srv.stop()
    print("\n| server | churn, connections/s | server CPU µs per connection | ratio to raw NIO (per repetition) |")
    print("|---|---|---|---|")
    for name in ["nio-raw", "old", "new"]:
        rates = [r for r, _ in runs[name]]
        ratio = statistics.median(r / raw for (r, _), (raw, _) in zip(runs[name], runs["nio-raw"]))
        print(f"| {name} | {statistics.median(rates):.0f} ({min(rates):.0f}–{max(rates):.0f}) | "
              f"{statistics.median(c for _, c in runs[name]):.1f} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
