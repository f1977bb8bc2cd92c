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

internal import Histogram
internal import ReactiveMessaging

/// One-way `data` messages, or `request`s that the server answers.
enum FloodMode: String, Sendable, CaseIterable {
    /// `data` messages; the server acknowledges the count at the end.
    case oneway
    /// `request`s, each answered with a `reply`; latency is measured.
    case requestReply = "request-reply"
}

/// How fast a flood client sends.
enum FloodRate: Sendable, Equatable, CustomStringConvertible {
    /// As fast as the connections take them.
    case max
    /// This many messages per second in total, over all connections.
    case perSecond(Int)

    /// Parses `max` or a positive integer.
    init?(_ text: String) {
        if text == "max" {
            self = .max
        } else if let rate = Int(text), rate > 0 {
            self = .perSecond(rate)
        } else {
            return nil
        }
    }

    /// `max` or the rate.
    var description: String {
        switch self {
        case .max: "max"
        case .perSecond(let rate): "\(rate)"
        }
    }
}

/// The flood client: opens connections, sends the messages, prints progress, and reports.
///
/// ```swift
/// let options = FloodClient.Options(endpoint: .tcp(port: 9003), wire: try FloodWire(serde: .fixed, payloadBytes: 16))
/// let report = try await FloodClient.run(options) { line in print(line) }
/// print(report.jsonLine)
/// ```
struct FloodClient: FloodWireBody {
    /// What to send, where and how fast.
    struct Options: Sendable {
        /// Where the server listens.
        var endpoint: FloodEndpoint
        /// TLS on every connection, or `nil` for plaintext.
        var tls: FloodTLS? = nil
        /// The serializer and payload size; the server's must match.
        var wire: FloodWire
        /// How many connections.
        var connections = 1
        /// How many messages in total, split evenly across the connections.
        var messages = 1_000_000
        /// How fast, in total.
        var rate = FloodRate.max
        /// One-way or request-reply.
        var mode = FloodMode.oneway
        /// How often a progress line is printed; `nil` for none.
        var progressInterval: Duration? = .seconds(1)
        /// How long one connection attempt may take.
        var connectTimeout: Duration = .seconds(10)
    }

    /// The options.
    let options: Options

    /// Where the progress lines go.
    let output: @Sendable (String) -> Void

    /// Floods the server and returns what was measured; progress lines go to `output` while it runs.
    ///
    /// - Throws: `ReactiveMessagingError` if a connection fails or the server closes one before its `ack`.
    static func run(_ options: Options, output: @escaping @Sendable (String) -> Void) async throws -> FloodReport {
        try await options.wire.run(FloodClient(options: options, output: output))
    }

    /// How many messages each connection sends: `messages` split as evenly as whole numbers allow.
    static func shares(messages: Int, connections: Int) -> [Int] {
        let connections = Swift.max(1, connections)
        return (0..<connections).map { index in
            messages / connections + (index < messages % connections ? 1 : 0)
        }
    }

    /// Runs the flood with the chosen serializer.
    func run<Payload: FloodPayload, Serializer: MessageSerializer<FloodMessage<Payload>, FloodMessage<Payload>>>(
        _ serializer: Serializer,
        payload: Payload
    ) async throws -> FloodReport {
        let options = self.options
        let counters = FloodCounters()
        let shares = Self.shares(messages: options.messages, connections: options.connections)
        let cpuStart = ProcessCPU.time()
        let start = ContinuousClock.now

        let outcomes = try await withThrowingTaskGroup(
            of: FloodConnection<Payload, Serializer>.Outcome?.self
        ) { group in
            if let interval = options.progressInterval {
                group.addTask {
                    await Self.reportProgress(counters, start: start, every: interval, options: options, self.output)
                    return nil
                }
            }
            for share in shares {
                let connection = FloodConnection(
                    endpoint: options.endpoint,
                    tls: options.tls,
                    serializer: serializer,
                    payload: payload,
                    count: share,
                    rate: options.rate.perConnection(share: share, of: options.messages),
                    mode: options.mode,
                    counters: counters,
                    start: start,
                    connectTimeout: options.connectTimeout
                )
                group.addTask { try await connection.run() }
            }
            var outcomes: [FloodConnection<Payload, Serializer>.Outcome] = []
            while outcomes.count < shares.count, let outcome = try await group.next() {
                if let outcome { outcomes.append(outcome) }
            }
            group.cancelAll()  // the progress lines
            return outcomes
        }

        let duration = start.duration(to: .now)
        let cpuTime = ProcessCPU.time() - cpuStart
        var latency = FloodLatency.makeHistogram()
        for outcome in outcomes {
            latency.add(outcome.latency)
        }
        let sent = outcomes.reduce(0) { $0 + $1.sent }
        let received = outcomes.reduce(0) { $0 + (options.mode == .requestReply ? $1.replies : $1.acknowledged) }
        return FloodReport(
            mode: options.mode,
            sent: sent,
            received: received,
            duration: duration,
            cpuTime: cpuTime,
            bytes: counters.snapshot().bytes,
            latency: options.mode == .requestReply ? FloodLatency(latency) : .zero
        )
    }

    /// Prints a progress line every `interval` until cancelled: messages/s, MB/s, and messages in flight (sent but
    /// not yet answered, or not yet acknowledged in one-way mode).
    static func reportProgress(
        _ counters: FloodCounters,
        start: ContinuousClock.Instant,
        every interval: Duration,
        options: Options,
        _ output: @Sendable (String) -> Void
    ) async {
        let clock = ContinuousClock()
        let seconds = FloodClock.seconds(interval)
        var last = counters.snapshot()
        var deadline = start + interval
        while true {
            do {
                try await clock.sleep(until: deadline)
            } catch {
                return
            }
            let now = counters.snapshot()
            let answered = options.mode == .requestReply ? now.received : now.acknowledged
            let elapsed = FloodClock.seconds(start.duration(to: deadline))
            output(
                "\(FloodFormat.decimal(elapsed, places: 0)) s: "
                    + "\(FloodFormat.decimal(Double(now.sent - last.sent) / seconds, places: 0)) msg/s, "
                    + "\(FloodFormat.megabytes(now.bytes - last.bytes, over: seconds)) MB/s, "
                    + "in flight \(now.sent - answered)"
            )
            last = now
            deadline += interval
        }
    }
}

extension FloodRate {
    /// The rate of a connection that sends `share` of `total` messages, so that all finish together; `nil` for
    /// as fast as possible.
    func perConnection(share: Int, of total: Int) -> Double? {
        switch self {
        case .max: nil
        case .perSecond(let rate): total > 0 ? Double(rate) * Double(share) / Double(total) : Double(rate)
        }
    }
}
