#!/usr/bin/env python3
"""The examples under load: PingPong demo with 20 players, Flood in each serializer beside raw SwiftNIO, and a
paced Flood at 380 messages per second (the Rust crate's production figure).

    python3 Benchmarks/examples.py [--reps 3] [--out Benchmarks/results/examples.jsonl]

Builds PingPong and Flood (root package, release) and the yardstick. In each repetition, interleaved:
- raw NIO: `niobench server --mode raw` flooded over one connection by the C load generator (len framing);
- Flood server (one process, pinned to CPU 0) flooded by Flood client (CPU 1), one-way, one connection, 16-byte
  payloads, in each serializer; the client's count is checked against the server's acknowledgement;
- `PingPong demo --clients 20 --score-limit 200 --serde fixed`, one process: the summary's messages in and out per
  second.
Then once: Flood at 380 messages/s for 20 s (request-reply, one connection, textual), with the server's CPU.
"""
import argparse, json, os, re, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402

HERE = compare.HERE
ROOT = compare.REPO
SERDES = ["fixed", "variable", "textual"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "examples.jsonl"))
    args = ap.parse_args()
    bench = compare.prepare(os.path.abspath(args.shared))
    compare.sh(["swift", "build", "-c", "release", "--product", "Flood"], ROOT)
    compare.sh(["swift", "build", "-c", "release", "--product", "PingPong"], ROOT)
    flood = os.path.join(ROOT, ".build", "release", "Flood")
    pingpong = os.path.join(ROOT, ".build", "release", "PingPong")
    bench.SERVERS["nio-raw"] = lambda f, p: ["taskset", "-c", "0", *bench.nio_srv("raw", 1)(f, p)]
    for serde in SERDES:
        bench.SERVERS[serde] = (lambda s: lambda f, p: ["taskset", "-c", "0", flood, "server", "--serde", s,
                                                        "--port", str(p), "--max-seconds", "900"])(serde)

    def client(name, port, count, extra=()):
        if name == "nio-raw":
            return ["taskset", "-c", "1", *bench.cload_cmd("flood", "len", port, 1, count)]
        return ["taskset", "-c", "1", flood, "client", "--serde", name, "--port", str(port), "--messages", str(count),
                "--json", *extra]

    pingpong_rates = []

    def play_pingpong(rep):
        out = subprocess.run([pingpong, "demo", "--clients", "20", "--score-limit", "200", "--serde", "fixed"],
                             capture_output=True, text=True, timeout=600).stdout
        m = re.search(r"(\d+) messages in \+ (\d+) out in ([\d.]+) s: (\d+) messages in and out per second", out)
        if m:
            pingpong_rates.append(int(m.group(4)))
            bench.emit(args.out, dict(suite="examples", rep=rep, server="PingPong demo", workload="pingpong", conns=20,
                                      result=dict(msgs_per_s=int(m.group(4)), msgs=int(m.group(1)) + int(m.group(2)))))

    variants = [(name, "len") for name in ["nio-raw", *SERDES]]
    rows = compare.flood_interleaved(bench, variants, lambda name, _, port, count: client(name, port, count),
                                     args.reps, args.out, "examples", after_rep=play_pingpong)

    # The Rust crate's production figure: 380 messages/s. Request-reply, so both directions carry every message.
    srv = bench.Server("textual", "len")
    try:
        t0, c0 = time.time(), bench.proc_cpu_s(srv.proc.pid)
        res = bench.run_client(client("textual", srv.port, 7600, ["--rate", "380", "--mode", "request-reply"]), 120)
        wall, cpu = time.time() - t0, bench.proc_cpu_s(srv.proc.pid) - c0
    finally:
        srv.stop()
    paced = dict(sent=res.get("sent"), lost=res.get("lost"), client_cpu_percent=res.get("cpu_percent"),
                 server_cpu_percent=round(100 * cpu / wall, 3), latency_us=res.get("latency_us"), seconds=round(wall, 1))
    bench.emit(args.out, dict(suite="examples", rep=1, server="textual", workload="rate380", conns=1, result=paced))

    print("\n| server | msgs/s, median (min-max) | server CPU ns/msg | ratio to raw NIO len |")
    print("|---|---|---|---|")
    compare.flood_table(rows, variants, lambda name, _: name)
    if pingpong_rates:
        print(f"\nPingPong demo, 20 players: {statistics.median(pingpong_rates):.0f} messages in and out per second "
              f"(median of {len(pingpong_rates)}: {sorted(pingpong_rates)})")
    print(f"\nFlood at 380 messages/s: {json.dumps(paced)}")


if __name__ == "__main__":
    main()
