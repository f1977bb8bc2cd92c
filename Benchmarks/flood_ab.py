#!/usr/bin/env python3
"""A/B of two Flood builds, and of the Flood server's idle timeout, interleaved and pinned.

    python3 Benchmarks/flood_ab.py flood OLD_FLOOD NEW_FLOOD [--reps 6] [--serdes textual,fixed]
    python3 Benchmarks/flood_ab.py rr OLD_FLOOD NEW_FLOOD [--reps 6] [--connections 1,16]
    python3 Benchmarks/flood_ab.py idle FLOOD [--reps 6]

Build each side with `swift build -c release --product Flood` on its commit and copy `.build/release/Flood` away.

- `flood`: in each repetition, for each serializer, the old and the new build (which goes first alternates): a
  `Flood server` on CPU 0, flooded one-way over one connection by the same build's `Flood client` on CPU 1, 16-byte
  payloads (2,000,000 messages; 20,000,000 for fixed). The client's messages per second, then their medians.
- `rr`: the same, request-reply instead: N connections of textual requests, each answered before the next
  (200,000 requests in all), which waits for every read: the path where a connection's task parks.
- `idle`: the Flood server's idle timeout on (`--idle-timeout 300`, the default) and off (`0`), alternating which
  goes first: 7,600 request-reply textual messages at 380 per second over one connection (20 s), the server's CPU
  from /proc over the run, then the medians.
"""
import argparse, json, os, socket, subprocess, time

import ab


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, serde, extra=()):
    port = free_port()
    server = subprocess.Popen(
        ["taskset", "-c", "0", binary, "server", "--serde", serde, "--port", str(port), *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the Flood server did not listen")


def stop(server):
    server.send_signal(2)  # SIGINT: a graceful shutdown
    server.wait(timeout=30)


def client(binary, serde, port, *args):
    out = subprocess.run(
        ["taskset", "-c", "1", binary, "client", "--serde", serde, "--port", str(port), "--connections", "1", *args,
         "--json"], capture_output=True, text=True, timeout=300, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def flood(args):
    binaries = {"old": args.old, "new": args.new}

    def measure(serde, side):
        server, port = start_server(binaries[side], serde)
        try:
            messages = "20000000" if serde == "fixed" else "2000000"
            return client(binaries[side], serde, port, "--messages", messages)["msgs_per_s"]
        finally:
            stop(server)

    compare_old_new(args, args.serdes.split(","), measure)


def request_reply(args):
    binaries = {"old": args.old, "new": args.new}

    def measure(workload, side):
        server, port = start_server(binaries[side], "textual")
        try:
            return client(binaries[side], "textual", port, "--mode", "request-reply", "--connections",
                          workload.removeprefix("rr-"), "--messages", "200000")["msgs_per_s"]
        finally:
            stop(server)

    compare_old_new(args, [f"rr-{c}" for c in args.connections.split(",")], measure)


def compare_old_new(args, workloads, measure):
    results = ab.interleaved(args.reps, workloads, ["old", "new"], measure, show="{:,.0f} msgs/s")
    for workload in workloads:
        old, new = ab.median(results, workload, "old"), ab.median(results, workload, "new")
        _, paired = ab.ratio(results, workload, "new", "old")
        print(f"{workload}: old {old:,.0f}, new {new:,.0f} msgs/s (medians of {args.reps}): {new / old:.2f}x "
              f"(median of the reps' ratios {paired:.2f}x)")


def idle(args):
    def measure(_, side):
        server, port = start_server(args.binary, "textual", ["--idle-timeout", "300" if side == "on" else "0"])
        try:
            before, start = cpu_seconds(server.pid), time.monotonic()
            client(args.binary, "textual", port, "--rate", "380", "--messages", "7600", "--mode", "request-reply")
            return 100 * (cpu_seconds(server.pid) - before) / (time.monotonic() - start)
        finally:
            stop(server)

    results = ab.interleaved(args.reps, ["idle timeout"], ["on", "off"], measure, show="server CPU {:.2f}%")
    on, off = ab.median(results, "idle timeout", "on"), ab.median(results, "idle timeout", "off")
    spread = sorted(results[("idle timeout", "on")] + results[("idle timeout", "off")])
    print(f"idle timeout on {on:.2f}%, off {off:.2f}% (medians of {args.reps}; every run {spread[0]:.2f} to "
          f"{spread[-1]:.2f}%)")


def main():
    ap = argparse.ArgumentParser()
    modes = ap.add_subparsers(dest="mode", required=True)
    a = modes.add_parser("flood")
    a.add_argument("old")
    a.add_argument("new")
    a.add_argument("--reps", type=int, default=6)
    a.add_argument("--serdes", default="textual,fixed")
    r = modes.add_parser("rr")
    r.add_argument("old")
    r.add_argument("new")
    r.add_argument("--reps", type=int, default=6)
    r.add_argument("--connections", default="1,16")
    b = modes.add_parser("idle")
    b.add_argument("binary")
    b.add_argument("--reps", type=int, default=6)
    args = ap.parse_args()
    {"flood": flood, "rr": request_reply, "idle": idle}[args.mode](args)


if __name__ == "__main__":
    main()
