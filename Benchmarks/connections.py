#!/usr/bin/env python3
"""Idle memory per connection and connection churn: BenchServer beside raw SwiftNIO (issue 6, P6).

    python3 Benchmarks/connections.py [--reps 3] [--conns 10000] [--out Benchmarks/results/connections.jsonl]

For every repetition and server (one event-loop thread, CPU 0; the C load generator on CPU 1), with the yardstick's
own measurement code (../shared/bench/run/bench.py):
- idle: `cload -w idle` opens N connections, 64 connecting at a time, each does one ping-pong and then holds; the
  server's RSS is read while they are held, and compared with the RSS while 10 are held;
- churn: `cload -w churn` with 16 lanes, 5,000 connections: connect, ping-pong, close, repeat; connections per second
  and the server's CPU per connection.
"""
import argparse, os, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--conns", type=int, default=10_000)
    ap.add_argument("--shared", default=os.path.join(compare.REPO, "..", "shared", "bench"))
    ap.add_argument("--out", default=os.path.join(compare.HERE, "results", "connections.jsonl"))
    args = ap.parse_args()
    bench = compare.prepare(os.path.abspath(args.shared))
    server_bin = os.path.join(compare.HERE, ".build", "release", "BenchServer")
    bench.SERVERS["reactive-messaging"] = lambda f, p: ["taskset", "-c", "0", server_bin, "--framing", f, "--port",
                                                        str(p), "--threads", "1", "--max-seconds", "900"]
    bench.SERVERS["nio-raw"] = (lambda raw: lambda f, p: ["taskset", "-c", "0", *raw(f, p)])(bench.nio_srv("raw", 1))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    per_conn, churn = {}, {}
    for rep in range(1, args.reps + 1):
        for name in ["nio-raw", "reactive-messaging"]:
            srv = bench.Server(name, "len")
            try:
                small = bench.idle_run(srv, "len", 10, hold_s=2)
                large = bench.idle_run(srv, "len", args.conns, hold_s=3)
                if small.get("server_rss_kb") and large.get("server_rss_kb"):
                    kb = (large["server_rss_kb"] - small["server_rss_kb"]) / (args.conns - 10)
                    per_conn.setdefault(name, []).append(kb * 1024)
                bench.emit(args.out, dict(suite="connections", rep=rep, server=name, framing="len", workload="idle",
                                          conns=args.conns, result=large))
            finally:
                srv.stop()
            srv = bench.Server(name, "len")
            try:
                churn_cmd = lambda n: ["taskset", "-c", "1", bench.CLOAD, "-w", "churn", "-f", "len", "-p", str(srv.port),
                                       "-c", str(n), "-k", "16", "-T", "60"]
                bench.run_client(churn_cmd(500), 60)
                res = bench.measured(srv, churn_cmd(5000))
                if res.get("conns_per_s"):
                    churn.setdefault(name, []).append((res["conns_per_s"], res["server_cpu_s"] * 1e6 / 5000))
                bench.emit(args.out, dict(suite="connections", rep=rep, server=name, framing="len", workload="churn-k16",
                                          conns=5000, result=res))
            finally:
                srv.stop()
    print(f"\n| server | bytes per idle connection ({args.conns} held), median (min-max) | churn, connections/s | "
          "server CPU µs per connection |")
    print("|---|---|---|---|")
    for name in ["nio-raw", "reactive-messaging"]:
        mem = per_conn.get(name, [0])
        rates = [x[0] for x in churn.get(name, [(0, 0)])]
        cpu = [x[1] for x in churn.get(name, [(0, 0)])]
        print(f"| {name} | {statistics.median(mem):.0f} ({min(mem):.0f}-{max(mem):.0f}) | "
              f"{statistics.median(rates):.0f} ({min(rates):.0f}-{max(rates):.0f}) | {statistics.median(cpu):.1f} |")


if __name__ == "__main__":
    main()
