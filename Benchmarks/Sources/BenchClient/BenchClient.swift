//===----------------------------------------------------------------------===//
//
// This source file is part of the ReactiveMessaging open source project
//
// Copyright (c) 2026 the ReactiveMessaging project authors
// Licensed under Apache License v2.0
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

internal import ArgumentParser
internal import BenchProtocol
internal import NIOCore
internal import NIOPosix
internal import ReactiveMessaging
internal import Synchronization

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The ping-pong (and flood) client of `../shared/bench` built on ReactiveMessaging's `Client`.
///
/// The command line and the JSON line it prints are those of `niobench client`: every connection sends one
/// `ping`, waits for its `pong`, checks the id and sends the next, `--count` times; the clock runs from the moment
/// every connection is open to the last connection's last round trip.
@main
struct BenchClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drives a server of ../shared/bench with ReactiveMessaging's Client."
    )

    /// The `--workload` option.
    enum Workload: String, ExpressibleByArgument {
        case pingpong
        case flood
    }

    /// The `--framing` option.
    enum Framing: String, ExpressibleByArgument {
        case line
        case len
    }

    @Option(help: "pingpong: one ping in flight per connection; flood: --count data messages, then end and ack.")
    var workload: Workload = .pingpong

    @Option(help: "line (op=ping id=1 v=2\\n) or len (UInt32 length + 24-byte binary frame).")
    var framing: Framing = .line

    @Option(help: "The server's port, on 127.0.0.1.")
    var port: Int = 9000

    @Option(help: "How many connections run at once.")
    var conns: Int = 1

    @Option(help: "Round trips (pingpong) or data messages (flood) per connection.")
    var count: Int = 10_000

    @Option(help: "How many event-loop threads carry the connections.")
    var threads: Int = 1

    @Option(name: .customLong("tls-ca"), help: "TLS, trusting this CA (PEM); the server's certificate names 127.0.0.1.")
    var tlsCA: String?

    @Option(name: .customLong("max-seconds"), help: "Give up, print a timeout line and exit 3 after this long.")
    var maxSeconds: Int = 60

    func validate() throws {
        guard self.conns >= 1, self.count >= 1, self.threads >= 1, self.maxSeconds >= 1 else {
            throw ValidationError("--conns, --count, --threads and --max-seconds must be at least 1")
        }
    }

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        let maxSeconds = self.maxSeconds
        let outcome = try await withThrowingTaskGroup(of: Outcome?.self) { tasks in
            tasks.addTask {
                switch self.framing {
                case .line: try await self.measure(BenchLineSerializer(), group)
                case .len: try await self.measure(BenchBinarySerializer(), group)
                }
            }
            tasks.addTask {
                try await Task.sleep(for: .seconds(maxSeconds))
                return nil
            }
            defer { tasks.cancelAll() }
            return try await tasks.next() ?? nil
        }
        try await group.shutdownGracefully()
        let head =
            #"{"tool":"BenchClient","workload":"\#(self.workload.rawValue)","framing":"\#(self.framing.rawValue)","#
            + #""conns":\#(self.conns),"count":\#(self.count),"#
        guard let outcome else {
            print(head + #""timeout":true}"#)
            throw ExitCode(3)
        }
        print(head + outcome.json(workload: self.workload))
    }

    /// Opens `--conns` connections in one task group, runs the workload on each, and times the run.
    func measure(
        _ serializer: some MessageSerializer<BenchMessage, BenchMessage>,
        _ group: MultiThreadedEventLoopGroup
    ) async throws -> Outcome {
        let plaintext = Client.Transport.tcp(host: "127.0.0.1", port: self.port)
        let transport =
            self.tlsCA.map { plaintext.tls(Client.TLS(trustRoots: .certificates([.pemFile($0)]))) } ?? plaintext
        let configuration = Client.Configuration(
            backoff: .none,
            connection: .defaults { $0.idleTimeout = nil }
        )
        let clock = RunClock(connections: self.conns)
        let (workload, count) = (self.workload, self.count)
        let latencies = try await withThrowingTaskGroup(of: [UInt32].self) { tasks in
            for index in 0..<self.conns {
                tasks.addTask {
                    switch workload {
                    case .pingpong:
                        try await Self.pingPong(
                            serializer,
                            transport,
                            configuration,
                            group,
                            index: index,
                            count: count,
                            clock
                        )
                    case .flood:
                        try await Self.flood(serializer, transport, configuration, group, count: count, clock)
                    }
                }
            }
            var all: [UInt32] = []
            all.reserveCapacity(workload == .pingpong ? self.conns * count : 0)
            for try await part in tasks {
                all.append(contentsOf: part)
            }
            return all
        }
        guard let (seconds, cpuSeconds) = clock.elapsed else {
            throw BenchClientError(description: "the run ended before every connection finished")
        }
        return Outcome(
            seconds: seconds,
            cpuSeconds: cpuSeconds,
            latencies: latencies,
            messages: workload == .pingpong ? latencies.count : self.conns * count
        )
    }

    /// One connection's ping-pong: `count` round trips, one at a time; returns each one's latency in nanoseconds.
    static func pingPong(
        _ serializer: some MessageSerializer<BenchMessage, BenchMessage>,
        _ transport: Client.Transport,
        _ configuration: Client.Configuration,
        _ group: MultiThreadedEventLoopGroup,
        index: Int,
        count: Int,
        _ clock: RunClock
    ) async throws -> [UInt32] {
        try await Client.withConnection(
            transport: transport,
            configuration: configuration,
            serializer: serializer,
            eventLoopGroup: group
        ) { inbound, context in
            var latencies: [UInt32] = []
            latencies.reserveCapacity(count)
            let base = UInt64(index) &* 100_000_000
            try await clock.start()
            var sentAt = NIODeadline.now()
            try await context.send(BenchMessage(op: .ping, id: base, val: 7))
            for try await reply in inbound {
                let receivedAt = NIODeadline.now()
                let expected = base &+ UInt64(latencies.count)
                guard reply.op == .pong, reply.id == expected else {
                    throw BenchClientError(description: "expected pong \(expected), got \(reply.op) \(reply.id)")
                }
                let nanoseconds = receivedAt.uptimeNanoseconds &- sentAt.uptimeNanoseconds
                latencies.append(UInt32(truncatingIfNeeded: min(nanoseconds, 0xFFFF_FFFF)))
                guard latencies.count < count else {
                    clock.finish()
                    return latencies
                }
                sentAt = NIODeadline.now()
                try await context.send(BenchMessage(op: .ping, id: base &+ UInt64(latencies.count), val: 7))
            }
            throw BenchClientError(description: "the server closed after \(latencies.count) round trips")
        }
    }

    /// One connection's flood: `count` data messages in 64 KiB bursts, then `end`; waits for the `ack`.
    static func flood(
        _ serializer: some MessageSerializer<BenchMessage, BenchMessage>,
        _ transport: Client.Transport,
        _ configuration: Client.Configuration,
        _ group: MultiThreadedEventLoopGroup,
        count: Int,
        _ clock: RunClock
    ) async throws -> [UInt32] {
        try await Client.withConnection(
            transport: transport,
            configuration: configuration,
            serializer: serializer,
            eventLoopGroup: group
        ) { inbound, context in
            let burst = 64 * 1024 / 32
            try await clock.start()
            var sent = 0
            while sent < count {
                let end = min(sent + burst, count)
                try await context.peer.send(
                    contentsOf: (sent..<end).lazy.map { BenchMessage(op: .data, id: UInt64($0), val: UInt64($0) &* 7) }
                )
                sent = end
            }
            try await context.peer.send(BenchMessage(op: .end, id: 0, val: 0))
            for try await reply in inbound where reply.op == .ack {
                guard reply.id == UInt64(count) else {
                    throw BenchClientError(description: "the server counted \(reply.id) messages, not \(count)")
                }
                clock.finish()
                return []
            }
            throw BenchClientError(description: "the server closed before its ack")
        }
    }
}

/// What a run measured.
struct Outcome: Sendable {
    /// From the moment every connection was open to the end of the last one's workload.
    var seconds: Double
    /// The process's CPU time (user and system) over the same span.
    var cpuSeconds: Double
    /// Every round trip's latency, in nanoseconds (ping-pong only).
    var latencies: [UInt32]
    /// Round trips (ping-pong) or data messages (flood).
    var messages: Int

    /// The rest of niobench's JSON line, after `count`; percentiles are picked as niobench picks them.
    func json(workload: BenchClient.Workload) -> String {
        var text = #""secs":\#(format(self.seconds, 6)),"client_cpu_s":\#(format(self.cpuSeconds, 4)),"timeout":false"#
        guard workload == .pingpong else {
            let rate = format(Double(self.messages) / self.seconds, 1)
            return text + #","msgs":\#(self.messages),"msgs_per_s":\#(rate)}"#
        }
        let rate = format(Double(self.latencies.count) / self.seconds, 1)
        text += #","round_trips":\#(self.latencies.count),"rt_per_s":\#(rate)"#
        let sorted = self.latencies.sorted()
        if let slowest = sorted.last {
            let total = sorted.count
            let mean = sorted.reduce(0.0) { $0 + Double($1) } / Double(total)
            func percentile(_ fraction: Double) -> String {
                format(Double(sorted[min(total - 1, Int(Double(total) * fraction))]) / 1e3, 2)
            }
            text += #","lat_us":{"mean":\#(format(mean / 1e3, 2)),"p50":\#(percentile(0.5)),"#
            text += #""p90":\#(percentile(0.9)),"p99":\#(percentile(0.99)),"p999":\#(percentile(0.999)),"#
            text += #""max":\#(format(Double(slowest) / 1e3, 2))}"#
        }
        return text + "}"
    }
}

/// `value` rounded to `digits` decimals, as niobench prints it.
func format(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return "\((value * scale).rounded() / scale)"
}

/// Holds every connection at the start until all are open, and times the run from then to the last one's end.
final class RunClock: Sendable {
    /// A moment of the run: monotonic time and the process's CPU time.
    struct Sample {
        /// `NIODeadline`'s monotonic nanoseconds (`CLOCK_MONOTONIC`, as niobench reads it).
        var nanoseconds: UInt64
        /// User and system CPU seconds of the whole process.
        var cpuSeconds: Double

        /// Now.
        static func now() -> Self {
            var usage = rusage()
            #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            #else
            getrusage(RUSAGE_SELF, &usage)
            #endif
            let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
            return Self(nanoseconds: NIODeadline.now().uptimeNanoseconds, cpuSeconds: user + system)
        }
    }

    /// The connections at the start, the ones still running, and the two ends of the run.
    private struct State: ~Copyable {
        var waiting: [CheckedContinuation<Void, any Error>] = []
        var isCancelled = false
        var running: Int
        var start: Sample?
        var end: Sample?
    }

    private let connections: Int
    private let state: Mutex<State>

    /// A clock for `connections` connections.
    init(connections: Int) {
        self.connections = connections
        self.state = Mutex(State(running: connections))
    }

    /// Waits until every connection has called it; the last one starts the clock.
    ///
    /// - Throws: `CancellationError` if the task is cancelled first (a connection failed, or the deadline passed).
    func start() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (isCancelled, ready) = self.state.withLock { state in
                    if state.isCancelled { return (true, [CheckedContinuation<Void, any Error>]()) }
                    state.waiting.append(continuation)
                    guard state.waiting.count == self.connections else { return (false, []) }
                    state.start = Sample.now()
                    defer { state.waiting = [] }
                    return (false, state.waiting)
                }
                if isCancelled { continuation.resume(throwing: CancellationError()) }
                for waiter in ready { waiter.resume() }
            }
        } onCancel: {
            let waiting = self.state.withLock { state in
                state.isCancelled = true
                defer { state.waiting = [] }
                return state.waiting
            }
            for waiter in waiting { waiter.resume(throwing: CancellationError()) }
        }
    }

    /// Called by each connection when its workload is done; the last one stops the clock.
    func finish() {
        self.state.withLock { state in
            state.running -= 1
            if state.running == 0 { state.end = Sample.now() }
        }
    }

    /// Wall-clock and CPU seconds from the start to the last finish; `nil` until both happened.
    var elapsed: (seconds: Double, cpuSeconds: Double)? {
        self.state.withLock { state in
            guard let start = state.start, let end = state.end else { return nil }
            return (Double(end.nanoseconds &- start.nanoseconds) / 1e9, end.cpuSeconds - start.cpuSeconds)
        }
    }
}

/// A run that went wrong: a wrong reply, or a server that closed early.
struct BenchClientError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
}
