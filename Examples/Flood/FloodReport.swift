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

internal import NIOCore
internal import ReactiveMessaging

/// What a flood client measured: totals, rate, CPU and latency.
struct FloodReport: Sendable {
    /// The report as one JSON object: `{"sent":…,"received":…,"lost":…,"msgs_per_s":…,"cpu_percent":…,
    /// "latency_us":{"p50":…,"p90":…,"p99":…,"p999":…,"max":…}}`.
    struct JSON: Codable, Equatable {
        enum CodingKeys: String, CodingKey {
            case sent
            case received
            case lost
            case messagesPerSecond = "msgs_per_s"
            case cpuPercent = "cpu_percent"
            case latency = "latency_us"
        }

        /// Messages sent.
        var sent: Int
        /// Messages answered (request-reply) or acknowledged (one-way).
        var received: Int
        /// `sent - received`.
        var lost: Int
        /// Messages sent per second of the run.
        var messagesPerSecond: Double
        /// The process's user and system CPU time over the run's wall time, in percent (100 is one core).
        var cpuPercent: Double
        /// Reply latencies in microseconds; zero in one-way mode.
        var latency: FloodLatency
    }

    /// One-way or request-reply.
    var mode: FloodMode

    /// Messages sent, `end` excluded.
    var sent: Int

    /// Replies received (request-reply), or messages the server acknowledged (one-way).
    var received: Int

    /// From the first connection to the last `ack`.
    var duration: Duration

    /// User and system CPU time of the process over the run.
    var cpuTime: Duration

    /// Bytes written.
    var bytes: Int

    /// Reply latencies; zero in one-way mode.
    var latency: FloodLatency

    /// Messages the server did not count (one-way) or answer (request-reply): `sent - received`; 0 unless
    /// something is broken.
    var lost: Int { self.sent - self.received }

    /// Messages sent per second.
    var messagesPerSecond: Double {
        let seconds = FloodClock.seconds(self.duration)
        return seconds > 0 ? Double(self.sent) / seconds : 0
    }

    /// CPU time over wall time, in percent.
    var cpuPercent: Double {
        let seconds = FloodClock.seconds(self.duration)
        return seconds > 0 ? FloodClock.seconds(self.cpuTime) / seconds * 100 : 0
    }

    /// The JSON object's fields.
    var json: JSON {
        JSON(
            sent: self.sent,
            received: self.received,
            lost: self.lost,
            messagesPerSecond: self.messagesPerSecond.rounded(),
            cpuPercent: (self.cpuPercent * 10).rounded() / 10,
            latency: self.latency
        )
    }

    /// The JSON object on one line.
    var jsonLine: String {
        var buffer = ByteBuffer()
        // Only integers and finite doubles: encoding cannot fail.
        try? JSONMessageEncoder().encode(self.json, into: &buffer)
        return String(buffer: buffer)
    }

    /// The totals for people, a line each.
    var summary: [String] {
        let seconds = FloodClock.seconds(self.duration)
        var lines = [
            "sent \(self.sent), \(self.mode == .requestReply ? "replies" : "acknowledged") \(self.received), "
                + "lost \(self.lost)",
            "\(FloodFormat.decimal(seconds, places: 3)) s, \(FloodFormat.decimal(self.messagesPerSecond, places: 0)) "
                + "msg/s, \(FloodFormat.megabytes(self.bytes, over: seconds)) MB/s, "
                + "CPU \(FloodFormat.decimal(self.cpuPercent, places: 1)) %",
        ]
        if self.mode == .requestReply {
            let latency = self.latency
            lines.append(
                "latency µs: p50 \(latency.p50), p90 \(latency.p90), p99 \(latency.p99), p99.9 \(latency.p999), "
                    + "max \(latency.max)"
            )
        }
        return lines
    }
}

/// Numbers for people, without Foundation.
enum FloodFormat {
    /// `value` with `places` decimals, for example `decimal(2.345, places: 1)` is `2.3`.
    static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return "\(sign)\(scaled)" }
        let divisor = Int(scale)
        let fraction = String(scaled % divisor)
        let padding = String(repeating: "0", count: places - fraction.count)
        return "\(sign)\(scaled / divisor).\(padding)\(fraction)"
    }

    /// Megabytes (10^6 bytes) per second, with one decimal.
    static func megabytes(_ bytes: Int, over seconds: Double) -> String {
        self.decimal(seconds > 0 ? Double(bytes) / seconds / 1e6 : 0, places: 1)
    }
}
