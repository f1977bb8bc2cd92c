#!/usr/bin/env python3
"""The cost of metrics: ping-pong and floods with a Prometheus backend bootstrapped, against none, interleaved.

    python3 Benchmarks/metrics_ab.py BINARY [--reps 5] [--transport tcp]
        [--workloads flood-fixed,flood-textual,pingpong-1,pingpong-16]

`BINARY` is `InProcessBench` (`swift build -c release --product InProcessBench` in `Benchmarks/`), which runs a
server and its clients in one process (each on an event loop of its own). With `--metrics prometheus` it bootstraps
swift-metrics with a swift-prometheus registry before creating them, so both the server and the clients report:
twice what a server alone costs. Without, swift-metrics' default backend drops every report. The workloads are
inprocess_ab.py's.
"""
import argparse

import ab
import inprocess_ab

SIDES = ["none", "prometheus"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--transport", default="tcp")
    ap.add_argument("--workloads", default="flood-fixed,flood-textual,pingpong-1,pingpong-16")
    args = ap.parse_args()
    workloads = args.workloads.split(",")
    results = ab.interleaved(args.reps, workloads, SIDES, lambda w, side: inprocess_ab.run(
        args.binary, w, args.transport, ["--metrics", side]))
    print()
    print("| workload | no backend /s | Prometheus /s | Prometheus / none, medians | median of the reps' ratios |")
    print("|---|---|---|---|---|")
    for workload in workloads:
        none, prometheus = (ab.median(results, workload, side) for side in SIDES)
        _, paired = ab.ratio(results, workload, "prometheus", "none")
        print(f"| {workload} | {none:,.0f} | {prometheus:,.0f} | {prometheus / none:.3f}x | {paired:.3f}x |")
    print(f"\nmedians of {args.reps} interleaved runs over {args.transport} (messages per second for floods, round trips"
          " for ping-pong)")


if __name__ == "__main__":
    main()
