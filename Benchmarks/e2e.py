#!/usr/bin/env python3
"""End to end: BenchClient against BenchServer, beside raw SwiftNIO's client against raw SwiftNIO's server (issue 6, P4).

    python3 Benchmarks/e2e.py [--reps 3] [--framings len] [--conns 20] [--count-scale 1]
                              [--scratch-path Benchmarks/.build] [--out Benchmarks/results/e2e.jsonl]

Pair A is the yardstick's own pair (../shared/bench): `niobench server --mode raw --threads 1` driven by
`niobench client --mode raw`; pair B is this package on both sides: `BenchServer --threads 1` driven by `BenchClient`
(ReactiveMessaging's Client, one `withConnection` per connection). Both play ping-pong over 127.0.0.1: every
connection sends one ping, waits for its pong and sends the next. The server runs on CPU 0, the client on CPU 1.

For every repetition (outermost loop, so that machine drift hits both pairs alike), framing and pair, it starts the
server afresh (it stops itself after 900 s and is killed at the end), warms it up with its own client, then runs
ping-pong at each --conns (round trips per connection as in ../shared/bench/run/bench.py, times --count-scale). It
reuses the yardstick's measurement code (server CPU from /proc/PID/task/*/schedstat; the client reports its own CPU
over the timed span), prints every run, appends it to --out, and ends with a Markdown table: medians (min-max) and the
median of the per-repetition ratios B/A.
"""
import argparse, json, os, resource, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (prepare(): builds the yardstick, BenchServer and BenchClient)

PAIRS = ["nio-raw", "reactive-messaging"]
LABELS = {"nio-raw": "A: niobench raw client → raw server", "reactive-messaging": "B: BenchClient → BenchServer"}


def commands(bench, release):
    """Registers both servers (CPU 0) with the yardstick; returns the client command maker of each pair (CPU 1)."""
    server_bin, client_bin = os.path.join(release, "BenchServer"), os.path.join(release, "BenchClient")
    nio_raw = bench.nio_srv("raw", 1)
    bench.SERVERS["nio-raw"] = lambda f, p: ["taskset", "-c", "0", *nio_raw(f, p)]
    bench.SERVERS["reactive-messaging"] = lambda f, p: ["taskset", "-c", "0", server_bin, "--framing", f, "--port",
                                                        str(p), "--threads", "1", "--max-seconds", bench.SERVER_MAX_S]
    nio_client = bench.nio_cli("raw")
    return {
        "nio-raw": lambda f, p, c, n: ["taskset", "-c", "1", *nio_client("pingpong", f, p, c, n)],
        "reactive-messaging": lambda f, p, c, n: ["taskset", "-c", "1", client_bin, "--workload", "pingpong",
                                                  "--framing", f, "--port", str(p), "--conns", str(c), "--count",
                                                  str(n), "--threads", "1", "--max-seconds", "60"],
    }


def cpu_ticks():
    """Busy and stolen CPU seconds of the whole machine so far (/proc/stat, all CPUs)."""
    with open("/proc/stat") as fh:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fh.readline().split()[1:9])
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


def children_cpu_s():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(bench, srv, cmd, retries, max_foreign):
    """bench.measured, plus the CPU the rest of the machine used meanwhile; retried while that is above max_foreign.

    foreign_share = (busy CPU of the machine − server − client) / (2 CPUs × wall time), from /proc/stat (10 ms
    ticks), the server's schedstat and the client's rusage; another process on the two CPUs shows up there, and in
    steal_s when the hypervisor takes a CPU away. The quietest attempt is kept.
    """
    best = None
    for attempt in range(1, retries + 2):
        (busy0, steal0), child0 = cpu_ticks(), children_cpu_s()
        res = bench.measured(srv, cmd)
        (busy1, steal1), child1 = cpu_ticks(), children_cpu_s()
        wall = res.get("wall_incl_setup_s") or 1
        res["client_total_cpu_s"] = round(child1 - child0, 4)
        res["foreign_share"] = round((busy1 - busy0 - res["server_cpu_s"] - (child1 - child0)) / (2 * wall), 4)
        res["steal_s"] = round(steal1 - steal0, 2)
        res["attempt"] = attempt
        if best is None or res["foreign_share"] < best["foreign_share"]:
            best = res
        if res.get("rt_per_s") and res["foreign_share"] <= max_foreign and res["steal_s"] <= 0.02:
            break
        print(f"  (busy machine: foreign share {res['foreign_share']}, steal {res['steal_s']} s; "
              f"attempt {attempt} of {retries + 1})", flush=True)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--framings", default="len")
    ap.add_argument("--conns", default="20", help="comma-separated connection counts, e.g. 1,20,64")
    ap.add_argument("--count-scale", type=float, default=1.0, help="multiplies bench.py's round trips per connection")
    ap.add_argument("--retries", type=int, default=3, help="re-runs of a measurement taken on a busy machine")
    ap.add_argument("--max-foreign", type=float, default=0.03,
                    help="the largest share of the two CPUs other processes may use during a kept run")
    ap.add_argument("--scratch-path", default=os.path.join(compare.HERE, ".build"))
    ap.add_argument("--shared", default=os.path.join(compare.REPO, "..", "shared", "bench"))
    ap.add_argument("--out", default=os.path.join(compare.HERE, "results", "e2e.jsonl"))
    args = ap.parse_args()
    scratch = os.path.abspath(args.scratch_path)
    bench = compare.prepare(os.path.abspath(args.shared), products=("BenchServer", "BenchClient"), scratch=scratch)
    clients = commands(bench, os.path.join(scratch, "release"))
    conns = [int(c) for c in args.conns.split(",")]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    rows = []
    for rep in range(1, args.reps + 1):
        for f in args.framings.split(","):
            for name in PAIRS:
                srv = bench.Server(name, f)
                try:
                    bench.run_client(clients[name](f, srv.port, 4, 2000), 60)  # warm-up
                    for c in conns:
                        count = int(bench.PP_COUNTS.get(c, 140_000 // c) * args.count_scale)
                        res = measured(bench, srv, clients[name](f, srv.port, c, count), args.retries,
                                       args.max_foreign)
                        rec = dict(suite="e2e-client", rep=rep, pair=name, server=name, client=name, framing=f,
                                   workload="pingpong", conns=c, result=res)
                        bench.emit(args.out, rec)
                        rows.append(rec)
                finally:
                    srv.stop()
    report(rows)


def report(rows):
    def rate(r):
        return r["result"].get("rt_per_s") or 0

    def per_rt_us(key):
        return lambda r: 1e6 * r["result"].get(key, 0) / r["result"]["round_trips"] if r["result"].get(
            "round_trips") else float("nan")

    def lat(q):
        return lambda r: r["result"].get("lat_us", {}).get(q, float("nan"))

    def fmt(xs, digits=1, k=False):
        show = (lambda v: f"{v / 1e3:.1f}k") if k else (lambda v: f"{v:.{digits}f}")
        return f"{show(statistics.median(xs))} ({show(min(xs))}–{show(max(xs))})"

    metrics = [("round trips/s", rate, dict(k=True)), ("msgs in+out/s", lambda r: 2 * rate(r), dict(k=True)),
               ("server CPU µs/rt", per_rt_us("server_cpu_s"), dict(digits=2)),
               ("client CPU µs/rt", per_rt_us("client_cpu_s"), dict(digits=2)),
               ("p50 µs", lat("p50"), dict(digits=1)), ("p99 µs", lat("p99"), dict(digits=1))]
    print("\n| framing | conns | pair | " + " | ".join(m[0] for m in metrics) + " |")
    print("|---|---|---|" + "---|" * len(metrics))
    keys = sorted({(r["framing"], r["conns"]) for r in rows}, key=lambda k: (k[0], k[1]))
    for f, c in keys:
        by = {name: {r["rep"]: r for r in rows if (r["framing"], r["conns"], r["pair"]) == (f, c, name)
                     and r["result"].get("rt_per_s")} for name in PAIRS}
        reps = sorted(set(by["nio-raw"]) & set(by["reactive-messaging"]))
        if not reps:
            continue
        for name in PAIRS:
            cells = [fmt([get(by[name][i]) for i in reps], **o) for _, get, o in metrics]
            print(f"| {f} | {c} | {LABELS[name]} | " + " | ".join(cells) + " |")
        ratios = [statistics.median([get(by["reactive-messaging"][i]) / get(by["nio-raw"][i]) for i in reps])
                  for _, get, _ in metrics]
        print(f"| {f} | {c} | **B/A** (median of per-rep ratios) | **{ratios[0]:.2f}×** | "
              + " | ".join(f"{x:.2f}×" for x in ratios[1:]) + " |")
    failed = [r for r in rows if not r["result"].get("rt_per_s")]
    for r in failed:
        print(f"failed: rep {r['rep']} {r['pair']} {r['framing']} c={r['conns']}: {r['result']}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "report":
        report([json.loads(line) for line in open(sys.argv[2]) if '"suite": "e2e-client"' in line])
    else:
        main()
