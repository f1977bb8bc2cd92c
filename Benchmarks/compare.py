#!/usr/bin/env python3
"""Runs BenchServer (this package) and the raw SwiftNIO baseline side by side under the C load generator.

    python3 Benchmarks/compare.py [--reps 3] [--framings line,len] [--shared ../shared/bench] [--threads 1]
                                  [--workloads flood1,pp16,pp64] [--out Benchmarks/results/compare.jsonl]

It copies the yardstick (../shared/bench: the C load generator `cload` and `niobench`) into
Benchmarks/.build-yardstick, builds it there and BenchServer here (release), then, for every repetition (outermost
loop, so that machine drift hits every variant alike), framing and server, starts the server with one event-loop
thread, warms it up, and runs: flood with one connection, ping-pong with 16 and 64 connections. It reuses the
measurement code of ../shared/bench/run/bench.py (server CPU from /proc/PID/task/*/schedstat), prints every run,
appends it to --out, and ends with a Markdown table: medians (min-max) and the median of the per-repetition ratios.
"""
import argparse, importlib.util, json, os, shutil, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def sh(cmd, cwd):
    print(f"$ (cd {os.path.relpath(cwd, REPO)} && {' '.join(cmd)})", flush=True)
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def prepare(shared):
    yard = os.path.join(HERE, ".build-yardstick")
    if not os.path.exists(os.path.join(yard, "run", "bench.py")):
        shutil.copytree(shared, yard, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".build*", "target", "bin"))
        subprocess.run(["chmod", "-R", "u+w", yard], check=True)
    sh(["make", "-C", "c"], yard)
    sh(["swift", "build", "-c", "release"], os.path.join(yard, "swift"))
    sh(["swift", "build", "-c", "release", "--product", "BenchServer"], HERE)
    spec = importlib.util.spec_from_file_location("bench", os.path.join(yard, "run", "bench.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


WORKLOADS = {"flood1": ("flood", 1), "pp16": ("pingpong", 16), "pp64": ("pingpong", 64)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--framings", default="line,len")
    ap.add_argument("--workloads", default="flood1,pp16,pp64")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "bench"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "compare.jsonl"))
    args = ap.parse_args()
    bench = prepare(os.path.abspath(args.shared))
    server_bin = os.path.join(HERE, ".build", "release", "BenchServer")
    bench.SERVERS["reactive-messaging"] = lambda f, p: [server_bin, "--framing", f, "--port", str(p),
                                                        "--threads", str(args.threads), "--max-seconds", "900"]
    bench.SERVERS["nio-raw"] = bench.nio_srv("raw", args.threads)
    servers = ["nio-raw", "reactive-messaging"]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    rows = []
    totals = {}
    for rep in range(1, args.reps + 1):
        for f in args.framings.split(","):
            for name in servers:
                srv = bench.Server(name, f)
                try:
                    if (name, f) not in totals:
                        totals[(name, f)] = bench.flood_total(srv, "cload", f)  # also the warm-up
                    else:
                        bench.run_client(bench.cload_cmd("pingpong", f, srv.port, 4, 2000), 60)
                    for w in args.workloads.split(","):
                        workload, conns = WORKLOADS[w]
                        count = totals[(name, f)] if workload == "flood" else bench.PP_COUNTS[conns]
                        res = bench.measured(srv, bench.cload_cmd(workload, f, srv.port, conns, count))
                        rec = dict(suite="compare", rep=rep, server=name, framing=f, workload=workload, conns=conns,
                                   threads=args.threads, result=res)
                        bench.emit(args.out, rec)
                        rows.append(rec)
                finally:
                    srv.stop()
    report(rows)


def report(rows):
    def key(r):
        return (r["framing"], r["workload"], r["conns"])

    def rate(r):
        return r["result"].get("msgs_per_s") or r["result"].get("rt_per_s") or 0

    def cpu_us(r):
        n = r["result"].get("msgs") or r["result"].get("round_trips") or 0
        return 1e6 * r["result"].get("server_cpu_s", 0) / n if n else float("nan")

    def fmt(xs, unit=""):
        m = statistics.median(xs)
        scale = (lambda v: f"{v / 1e6:.2f}M") if m >= 1e6 else (lambda v: f"{v / 1e3:.1f}k") if m >= 1e3 else (lambda v: f"{v:.2f}")
        return f"{scale(m)}{unit} ({scale(min(xs))}–{scale(max(xs))})"

    print("\n| workload | framing | raw SwiftNIO handlers | ReactiveMessaging | ratio | server CPU µs/msg or round trip, raw → ours | CPU ratio |")
    print("|---|---|---|---|---|---|---|")
    for k in sorted({key(r) for r in rows}, key=lambda k: (k[1], k[2], k[0])):
        raw = {r["rep"]: r for r in rows if key(r) == k and r["server"] == "nio-raw"}
        ours = {r["rep"]: r for r in rows if key(r) == k and r["server"] == "reactive-messaging"}
        reps = sorted(set(raw) & set(ours))
        if not reps:
            continue
        ratios = [rate(ours[i]) / rate(raw[i]) for i in reps if rate(raw[i])]
        cpu_ratios = [cpu_us(ours[i]) / cpu_us(raw[i]) for i in reps]
        what = "flood c=1, msgs/s" if k[1] == "flood" else f"ping-pong c={k[2]}, round trips/s"
        print(f"| {what} | {k[0]} | {fmt([rate(raw[i]) for i in reps])} | {fmt([rate(ours[i]) for i in reps])} | "
              f"**{statistics.median(ratios):.2f}×** | {statistics.median([cpu_us(raw[i]) for i in reps]):.3f} → "
              f"{statistics.median([cpu_us(ours[i]) for i in reps]):.3f} | {statistics.median(cpu_ratios):.2f}× |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "report":
        report([json.loads(l) for l in open(sys.argv[2])])
    else:
        main()
