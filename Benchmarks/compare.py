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


def prepare(shared, products=("BenchServer",), scratch=None):
    """Builds the yardstick (unless its binaries are there already) and `products` here; returns bench.py as a module.

    `scratch` is a --scratch-path for this package's build (default .build).
    """
    yard = os.path.join(HERE, ".build-yardstick")
    if not os.path.exists(os.path.join(yard, "run", "bench.py")):
        shutil.copytree(shared, yard, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".build*", "target", "bin"))
        subprocess.run(["chmod", "-R", "u+w", yard], check=True)
    if not all(os.path.exists(os.path.join(yard, b)) for b in ["c/bin/cload", "swift/.build/release/niobench"]):
        sh(["make", "-C", "c"], yard)
        sh(["swift", "build", "-c", "release"], os.path.join(yard, "swift"))
    for product in products:
        sh(["swift", "build", "-c", "release", *(["--scratch-path", scratch] if scratch else []), "--product", product],
           HERE)
    spec = importlib.util.spec_from_file_location("bench", os.path.join(yard, "run", "bench.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def prepare_flood(shared, servers):
    """Builds the yardstick, BenchServer and BenchFlood; registers raw NIO (one thread) and BenchServer variants.

    `servers` maps a variant's name to its BenchServer arguments. Returns the yardstick module and BenchFlood's path.
    """
    bench = prepare(os.path.abspath(shared))
    sh(["swift", "build", "-c", "release", "--product", "BenchFlood"], HERE)
    server_bin = os.path.join(HERE, ".build", "release", "BenchServer")
    bench.SERVERS["nio-raw"] = bench.nio_srv("raw", 1)
    for name, server_args in servers.items():
        bench.SERVERS[name] = (lambda a: lambda f, p: [server_bin, *a, "--port", str(p), "--threads", "1",
                                                        "--max-seconds", "900"])(server_args)
    return bench, os.path.join(HERE, ".build", "release", "BenchFlood")


def flood_interleaved(bench, variants, client, reps, out, suite, after_rep=None):
    """Floods each (server, framing) variant over one connection, reps times, interleaved; returns the records.

    Each server is started afresh per run. The first run of a variant calibrates its count to about a second of
    flood (and warms up); later ones warm up with 200,000 messages. `client(name, framing, port, count)` gives the
    load generator's command line; `after_rep(rep)`, if given, runs after each repetition.
    """
    os.makedirs(os.path.dirname(out), exist_ok=True)
    counts, rows = {}, []
    for rep in range(1, reps + 1):
        for name, framing in variants:
            srv = bench.Server(name, framing)
            try:
                if (name, framing) not in counts:
                    r = bench.run_client(client(name, framing, srv.port, 500_000), 120)
                    rate = r.get("msgs_per_s") or 1e6
                    counts[(name, framing)] = int(min(30e6, max(1e6, rate))) // 1000 * 1000
                else:
                    bench.run_client(client(name, framing, srv.port, 200_000), 120)
                res = bench.measured(srv, client(name, framing, srv.port, counts[(name, framing)]))
                rec = dict(suite=suite, rep=rep, server=name, framing=framing, workload="flood", conns=1, result=res)
                bench.emit(out, rec)
                rows.append(rec)
            finally:
                srv.stop()
        if after_rep:
            after_rep(rep)
    return rows


def flood_table(rows, variants, label):
    """Prints a Markdown table of flood records: one row per variant, medians (min-max), ratio to raw NIO len.

    `label(name, framing)` gives the row's first cells.
    """
    by = {}
    for r in rows:
        if "msgs_per_s" in r["result"]:
            by.setdefault((r["server"], r["framing"]), {})[r["rep"]] = r["result"]
    base = by.get(("nio-raw", "len"), {})
    for key in variants:
        runs = by.get(key, {})
        if not runs:
            continue
        rates = [x["msgs_per_s"] for x in runs.values()]
        counted = [(x["server_cpu_s"], x.get("msgs") or x.get("sent")) for x in runs.values()]
        cpu = [seconds * 1e9 / count for seconds, count in counted if count]
        ratios = [runs[k]["msgs_per_s"] / base[k]["msgs_per_s"] for k in runs if k in base]
        ratio = f"{statistics.median(ratios):.2f}x" if ratios else "-"
        cpu_ns = f"{statistics.median(cpu):.0f}" if cpu else "-"
        print(f"| {label(*key)} | {statistics.median(rates) / 1e6:.2f}M ({min(rates) / 1e6:.2f}-{max(rates) / 1e6:.2f}) "
              f"| {cpu_ns} | {ratio} |")


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
