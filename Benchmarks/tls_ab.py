#!/usr/bin/env python3
"""ReactiveMessaging over TLS against raw SwiftNIO + NIOSSL on the same certificate, interleaved and pinned.

    python3 Benchmarks/tls_ab.py [--reps 3] [--workloads pingpong-1,pingpong-16,pingpong-64,flood-1]

Build first, in Benchmarks/: `swift build -c release --product BenchServer`, then the same for BenchClient,
NIOSSLBaseline and TLSFloodClient.

The servers speak the len framing of ../shared/bench (28-byte frames):

- `rm-tls`: `BenchServer --serde custom --framing len --tls-cert ... --tls-key ...` (this package's Server, TLS);
- `nio-tls`: `NIOSSLBaseline --mode raw`, raw SwiftNIO handlers behind NIOSSLServerHandler (a ByteToMessageHandler,
  one event per frame; replies batched per read), the shape of `niobench --mode raw`, every earlier figure's
  yardstick;
- `nio-tls-bytes`: `NIOSSLBaseline --mode raw-bytes`, one handler decoding each read in a loop;
- `rm-tcp`: `BenchServer` without TLS, to show what TLS costs.

The same client drives every server of a workload, so the ratio is the servers'. A server runs on CPU 0, the client on CPU 1. The workloads:
`pingpong-C`, C connections with one ping in flight each (--count round trips per connection: 20,000 at C=1,
5,000 at 16, 2,000 at 64), driven by BenchClient; `flood-1`, one connection sending 20,000,000 `data`, then `end`
and its `ack`, driven by `TLSFloodClient` (raw NIO + NIOSSL, one 64 KiB batch encoded once and written again and
again: BenchClient tops out near 5.7M frames/s, below what the servers take).

The certificate (a P-256 CA and a server certificate for 127.0.0.1) is made with openssl in a temporary folder for
the run. Prints each run's rate, then per workload the medians, rm-tls / nio-tls and rm-tls / rm-tcp, and the median
of the ratios within each repetition.
"""
import argparse, json, os, socket, subprocess, tempfile, time

import ab

BUILD = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".build", "release")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificates(folder):
    def ssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)
    ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
        "-subj", "/CN=Bench CA", "-keyout", f"{folder}/ca.key", "-out", f"{folder}/ca.pem")
    ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", f"{folder}/server.key", "-out", f"{folder}/server.csr")
    with open(f"{folder}/san.ext", "w") as ext:
        ext.write("subjectAltName=IP:127.0.0.1\n")
    ssl("x509", "-req", "-in", f"{folder}/server.csr", "-CA", f"{folder}/ca.pem", "-CAkey", f"{folder}/ca.key",
        "-CAcreateserial", "-days", "1", "-extfile", f"{folder}/san.ext", "-out", f"{folder}/server.pem")


def start_server(kind, port, folder):
    tls = ["--tls-cert", f"{folder}/server.pem", "--tls-key", f"{folder}/server.key"]
    if kind.startswith("nio-tls"):
        mode = "raw-bytes" if kind == "nio-tls-bytes" else "raw"
        command = [f"{BUILD}/NIOSSLBaseline", "--mode", mode, "--port", str(port), *tls]
    else:
        command = [f"{BUILD}/BenchServer", "--serde", "custom", "--framing", "len", "--port", str(port)]
        if kind == "rm-tls":
            command += tls
    server = subprocess.Popen(["taskset", "-c", "0", *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"{kind} did not listen")


def run(kind, workload, folder):
    name, conns = workload.split("-")
    conns = int(conns)
    count = 20_000_000 if name == "flood" else {1: 20_000, 16: 5_000, 64: 2_000}.get(conns, 2_000)
    port = free_port()
    server = start_server(kind, port, folder)
    try:
        tls = [] if kind == "rm-tcp" else ["--tls-ca", f"{folder}/ca.pem"]
        if name == "flood":
            command = [f"{BUILD}/TLSFloodClient", "--port", str(port), "--count", str(count), *tls]
        else:
            command = [f"{BUILD}/BenchClient", "--workload", name, "--framing", "len",
                       "--port", str(port), "--conns", str(conns), "--count", str(count), *tls]
        out = subprocess.run(["taskset", "-c", "1", *command],
                             capture_output=True, text=True, timeout=600, check=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        return result["msgs_per_s" if name == "flood" else "rt_per_s"]
    finally:
        server.kill()
        server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workloads", default="pingpong-1,pingpong-16,pingpong-64,flood-1")
    ap.add_argument("--servers", default="rm-tls,nio-tls,nio-tls-bytes,rm-tcp")
    args = ap.parse_args()
    workloads, servers = args.workloads.split(","), args.servers.split(",")
    with tempfile.TemporaryDirectory() as folder:
        make_certificates(folder)
        results = ab.interleaved(args.reps, workloads, servers, lambda w, k: run(k, w, folder))
    print()
    bytes_column = " rm-tls / nio-tls-bytes |" if "nio-tls-bytes" in servers else ""
    print("| workload | " + " | ".join(f"{k} /s" for k in servers)
          + " | rm-tls / nio-tls | paired |" + bytes_column + " rm-tls / rm-tcp |")
    print("|---|" + "---|" * len(servers) + "---|---|" + ("---|" if bytes_column else "") + "---|")
    for workload in workloads:
        medians = {k: ab.median(results, workload, k) for k in servers}
        row = f"| {workload} | " + " | ".join(f"{medians[k]:,.0f}" for k in servers)
        if "rm-tls" in servers and "nio-tls" in servers:
            _, paired = ab.ratio(results, workload, "rm-tls", "nio-tls")
            row += f" | {medians['rm-tls'] / medians['nio-tls']:.2f}x | {paired:.2f}x"
            if "nio-tls-bytes" in servers:
                row += f" | {medians['rm-tls'] / medians['nio-tls-bytes']:.2f}x"
        else:
            row += " | | "
        if "rm-tls" in servers and "rm-tcp" in servers:
            row += f" | {medians['rm-tls'] / medians['rm-tcp']:.2f}x |"
        else:
            row += " | |"
        print(row)
    print(f"\nmedians of {args.reps} interleaved runs")


if __name__ == "__main__":
    main()
