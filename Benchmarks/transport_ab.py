#!/usr/bin/env python3
"""TCP against a Unix domain socket, with one Flood build, interleaved and pinned.

    python3 Benchmarks/transport_ab.py FLOOD [--reps 5] [--workloads oneway-fixed,rr-16]

Build with `swift build -c release --product Flood` and pass `.build/release/Flood`.

In each repetition, for each workload, the same server and client over TCP on loopback and over a Unix socket (which
goes first alternates): a `Flood server` on CPU 0 and a `Flood client` on CPU 1, 16-byte payloads. The workloads:

- `oneway-SERDE`: one connection floods `data` one way, then `end`/`ack` (20,000,000 messages for fixed, 2,000,000
  for the others);
- `rr-N`: N connections of request-reply, textual, 200,000 requests in all, each answered (the client keeps
  requests in flight per connection as `Flood client --mode request-reply` does).

Prints the client's messages per second for each run, then the medians, their ratio Unix / TCP, and the median of
the ratios within each repetition (the runs of one repetition are back to back, so this one resists the machine's
drift between repetitions).
"""
import argparse, json, os, socket, subprocess, time

import ab


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, serde, transport):
    if transport == "tcp":
        where = ["--port", str(free_port())]
    else:
        where = ["--unix", f"/tmp/rm-transport-ab-{os.getpid()}.sock"]
    server = subprocess.Popen(["taskset", "-c", "0", binary, "server", "--serde", serde, *where],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if transport == "tcp":
                socket.create_connection(("127.0.0.1", int(where[1])), timeout=1).close()
            else:
                probe = socket.socket(socket.AF_UNIX)
                probe.connect(where[1])
                probe.close()
            return server, where
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the Flood server did not listen")


def stop(server):
    server.send_signal(2)  # SIGINT: a graceful shutdown
    server.wait(timeout=30)


def run(binary, workload, transport):
    if workload.startswith("oneway-"):
        serde = workload.split("-", 1)[1]
        args = ["--messages", "20000000" if serde == "fixed" else "2000000"]
    else:
        serde = "textual"
        args = ["--mode", "request-reply", "--connections", workload.split("-", 1)[1], "--messages", "200000"]
    server, where = start_server(binary, serde, transport)
    try:
        out = subprocess.run(["taskset", "-c", "1", binary, "client", "--serde", serde, *where, *args, "--json"],
                             capture_output=True, text=True, timeout=300, check=True).stdout
        return json.loads(out.strip().splitlines()[-1])["msgs_per_s"]
    finally:
        stop(server)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--workloads", default="oneway-fixed,oneway-variable,oneway-textual,rr-1,rr-16,rr-64")
    args = ap.parse_args()
    workloads = args.workloads.split(",")
    results = ab.interleaved(args.reps, workloads, ["tcp", "unix"], lambda w, t: run(args.binary, w, t),
                             show="{:,.0f} msgs/s")
    print()
    print("| workload | TCP msgs/s | Unix msgs/s | Unix / TCP, medians | Unix / TCP, median of the reps' ratios |")
    print("|---|---|---|---|---|")
    for workload in workloads:
        by_medians, paired = ab.ratio(results, workload, "unix", "tcp")
        tcp, unix = ab.median(results, workload, "tcp"), ab.median(results, workload, "unix")
        print(f"| {workload} | {tcp:,.0f} | {unix:,.0f} | {by_medians:.2f}x | {paired:.2f}x |")
    print(f"\nmedians of {args.reps} interleaved runs")


if __name__ == "__main__":
    main()
