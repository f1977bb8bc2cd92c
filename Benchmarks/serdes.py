#!/usr/bin/env python3
"""Floods one connection in each built-in serializer, beside the raw SwiftNIO baseline, in one interleaved run.

    python3 Benchmarks/serdes.py [--reps 3] [--serdes fixed,variable,textual] [--out Benchmarks/results/serdes.jsonl]

Baselines: `niobench server --mode raw` (../shared/bench) flooded by the C load generator `cload` with the
length-prefixed and the line framing. Ours: BenchServer --serde S with one event-loop thread, every message decoded
and handed to the processor, which counts it and acknowledges the count at the end. `fixed` reads the same 28-byte
frames as the len baseline, so cload floods it; `variable` and `textual` have their own wire form, so BenchFlood
(this package, the same scheme as cload: messages encoded once, 64 KiB writes) floods them. Each run lasts about a
second; the table gives medians (min-max), server CPU per message, and the median of per-repetition ratios to raw
NIO with the len framing.
"""
import argparse, os, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (prepare(): builds the yardstick and BenchServer)

HERE = compare.HERE


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--serdes", default="fixed,variable,textual")
    ap.add_argument("--shared", default=os.path.join(compare.REPO, "..", "shared", "bench"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "serdes.jsonl"))
    args = ap.parse_args()
    bench = compare.prepare(os.path.abspath(args.shared))
    compare.sh(["swift", "build", "-c", "release", "--product", "BenchFlood"], HERE)
    server_bin = os.path.join(HERE, ".build", "release", "BenchServer")
    flood_bin = os.path.join(HERE, ".build", "release", "BenchFlood")
    bench.SERVERS["nio-raw"] = bench.nio_srv("raw", 1)
    for serde in args.serdes.split(","):
        bench.SERVERS[serde] = (lambda s: lambda f, p: [server_bin, "--serde", s, "--port", str(p), "--threads", "1",
                                                         "--max-seconds", "900"])(serde)

    def client(serde, framing, port, count):
        if serde in ("nio-raw", "fixed"):
            return bench.cload_cmd("flood", framing, port, 1, count)
        return [flood_bin, "--serde", serde, "--port", str(port), "--count", str(count)]

    variants = [("nio-raw", "len"), ("nio-raw", "line")] + [(s, "len") for s in args.serdes.split(",")]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    counts, rows = {}, []
    for rep in range(1, args.reps + 1):
        for name, framing in variants:
            srv = bench.Server(name, framing)
            try:
                if (name, framing) not in counts:  # calibrate to about a second; also the warm-up
                    r = bench.run_client(client(name, framing, srv.port, 500_000), 120)
                    rate = r.get("msgs_per_s") or 1e6
                    counts[(name, framing)] = int(min(30e6, max(1e6, rate))) // 1000 * 1000
                else:
                    bench.run_client(client(name, framing, srv.port, 200_000), 120)
                res = bench.measured(srv, client(name, framing, srv.port, counts[(name, framing)]))
                rec = dict(suite="serdes", rep=rep, server=name, framing=framing, workload="flood", conns=1, result=res)
                bench.emit(args.out, rec)
                rows.append(rec)
            finally:
                srv.stop()
    report(rows, variants)


def report(rows, variants):
    by = {}
    for r in rows:
        res = r["result"]
        if "msgs_per_s" in res:
            by.setdefault((r["server"], r["framing"]), {})[r["rep"]] = res
    base = by.get(("nio-raw", "len"), {})
    print("\n| server | wire | msgs/s, median (min-max) | server CPU ns/msg | ratio to raw NIO len |")
    print("|---|---|---|---|---|")
    for key in variants:
        runs = by.get(key, {})
        if not runs:
            continue
        rates = [x["msgs_per_s"] for x in runs.values()]
        cpu = [x["server_cpu_s"] * 1e9 / x["msgs"] for x in runs.values() if x.get("msgs")]
        ratios = [runs[k]["msgs_per_s"] / base[k]["msgs_per_s"] for k in runs if k in base]
        wire = "line" if key[1] == "line" else {"fixed": "28-byte frames", "variable": "len + binary Codable",
                                                "textual": "JSON lines"}.get(key[0], "len")
        print(f"| {key[0]} | {wire} | {statistics.median(rates) / 1e6:.2f}M ({min(rates) / 1e6:.2f}-{max(rates) / 1e6:.2f}) "
              f"| {statistics.median(cpu):.0f} | {statistics.median(ratios):.2f}x |" if cpu and ratios else f"| {key} | - |")


if __name__ == "__main__":
    main()
