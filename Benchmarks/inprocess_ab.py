#!/usr/bin/env python3
"""The in-memory transport against loopback TCP and a Unix socket, in one process, interleaved.

    python3 Benchmarks/inprocess_ab.py BINARY [--reps 5] [--workloads flood-fixed,pingpong-1,pingpong-16]

Build with `swift build -c release --product InProcessBench` (in `Benchmarks/`) and pass
`.build/release/InProcessBench`.

`InProcessBench` runs a `Server` and its `Client`s in one process, each side on an event loop of its own, over the
transport asked for; the conversation is the same on each. The workloads:

- `flood-SERDE`: one connection sends 5,000,000 `data` messages (500,000 for textual and variable) in bursts of
  2,048 through `send(contentsOf:)`, then `end`, and waits for the `ack`;
- `pingpong-N`: N connections, each with one `ping` in flight, for 5 seconds.

In each repetition every workload runs over the three transports back to back, in an order that rotates. Prints
each run, then the medians, the ratios to TCP, and the median of the repetitions' own ratios (which resists the
machine's drift between repetitions).
"""
import argparse, json, subprocess

import ab

TRANSPORTS = ["memory", "tcp", "unix"]


def run(binary, workload, transport, extra=()):
    kind, parameter = workload.split("-", 1)
    if kind == "flood":
        count = "5000000" if parameter == "fixed" else "500000"
        args = ["--workload", "flood", "--serde", parameter, "--count", count]
        key = "msgs_per_s"
    else:
        args = ["--workload", "pingpong", "--conns", parameter, "--seconds", "5"]
        key = "round_trips_per_s"
    out = subprocess.run([binary, "--transport", transport, *args, *extra], capture_output=True, text=True, timeout=300,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])[key]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--workloads", default="flood-fixed,flood-variable,flood-textual,pingpong-1,pingpong-16,pingpong-64")
    args = ap.parse_args()
    workloads = args.workloads.split(",")
    results = ab.interleaved(args.reps, workloads, TRANSPORTS, lambda w, t: run(args.binary, w, t))
    print()
    print("| workload | in memory /s | TCP /s | Unix /s | memory / TCP, medians | memory / TCP, median of the reps' ratios |"
          " Unix / TCP |")
    print("|---|---|---|---|---|---|---|")
    for workload in workloads:
        m, t, u = (ab.median(results, workload, transport) for transport in TRANSPORTS)
        _, paired = ab.ratio(results, workload, "memory", "tcp")
        print(f"| {workload} | {m:,.0f} | {t:,.0f} | {u:,.0f} | {m / t:.2f}x | {paired:.2f}x | {u / t:.2f}x |")
    print(f"\nmedians of {args.reps} interleaved runs (messages per second for floods, round trips for ping-pong)")


if __name__ == "__main__":
    main()
