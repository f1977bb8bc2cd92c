#!/usr/bin/env python3
"""Fan-out to 1, 100 and 1,000 connections: `ConnectionGroups` against raw SwiftNIO, interleaved.

    python3 Benchmarks/fanout_ab.py BINARY [--reps 3] [--connections 1,100,1000] [--deliveries 2000000]

Build with `swift build -c release --product FanOutBench` (in `Benchmarks/`) and pass `.build/release/FanOutBench`.

Each run starts `FanOutBench server --implementation ours|nio`, then `FanOutBench sink` in a process of its own with
N connections to it. Once all N are in, the server sends M messages (28-byte frames of the benchmark's binary
protocol, M x N = `--deliveries`) to all of them, and the sink counts bytes until it has every frame. Ours is
`ConnectionGroups.send(_:to:whenFull: .wait)`: encoded once per message, one hop per event loop, back-pressure.
Raw NIO is a loop of `writeAndFlush` of the same frame to each channel, with no back-pressure. Reported:
deliveries per second (the sink's first byte to its last) and the server's CPU per delivery (user + system, from
its first message until the sink closed).
"""
import argparse, subprocess

import ab

SIDES = ["ours", "queued", "posted", "nio"]
cpu_per_delivery = {}


def run(binary, connections, side, deliveries):
    messages = max(1, deliveries // connections)
    server = subprocess.Popen([binary, "server", "--implementation", side, "--connections", str(connections),
                               "--messages", str(messages)], stdout=subprocess.PIPE, text=True)
    port = server.stdout.readline().split()[1]
    sink = subprocess.run([binary, "sink", "--port", port, "--connections", str(connections),
                           "--messages", str(messages)], capture_output=True, text=True, timeout=600, check=True)
    elapsed = float(sink.stdout.split()[1])
    cpu = float(server.stdout.readline().split()[1])
    server.wait(timeout=60)
    total = messages * connections
    cpu_per_delivery.setdefault((connections, side), []).append(cpu / total * 1e9)
    return total / elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--connections", default="1,100,1000")
    ap.add_argument("--deliveries", type=int, default=2_000_000)
    args = ap.parse_args()
    workloads = [int(c) for c in args.connections.split(",")]
    results = ab.interleaved(args.reps, workloads, SIDES, lambda w, s: run(args.binary, w, s, args.deliveries))
    print()
    print("| connections | side | deliveries/s | / raw NIO (medians) | paired | server CPU ns/delivery | / raw NIO |")
    print("|---|---|---|---|---|---|---|")
    def middle(values):
        return sorted(values)[len(values) // 2]
    for connections in workloads:
        nio = ab.median(results, connections, "nio")
        cpu_nio = middle(cpu_per_delivery[(connections, "nio")])
        for side in SIDES:
            value = ab.median(results, connections, side)
            _, paired = ab.ratio(results, connections, side, "nio")
            cpu = middle(cpu_per_delivery[(connections, side)])
            print(f"| {connections:,} | {side} | {value:,.0f} | {value / nio:.2f}x | {paired:.2f}x | {cpu:,.0f} |"
                  f" {cpu / cpu_nio:.2f}x |")
    print(f"\nmedians of {args.reps} interleaved runs of {args.deliveries:,} deliveries each")


if __name__ == "__main__":
    main()
