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

internal import BenchProtocol
internal import MallocInterposerSwift
internal import NIOCore
internal import ReactiveMessaging

/// A message only the Codable serializers carry: a small order, as in the JSON coder's own measurements.
struct Order: Codable, Sendable {
    enum Side: String, Codable, Sendable {
        case buy
        case sell
    }

    var id: Int
    var symbol: String
    var price: Double
    var quantity: Int
    var side: Side
}

/// Encode and decode time and allocations per message, for each serializer.
///
///     swift build -c release --package-path Benchmarks --product SerializerBench
///     LD_PRELOAD=Benchmarks/.build/release/libMallocInterposerSwift.so Benchmarks/.build/release/SerializerBench
///
/// Each case runs `iterations` times per repetition; the table gives the median of 5 repetitions (and the min–max)
/// of nanoseconds per message, and the allocations per message counted by ordo-one's malloc interposer (0 when it
/// is not preloaded: the table says so).
@main
struct SerializerBench {
    static let iterations = 200_000
    static let repetitions = 5

    struct Row {
        var serializer: String
        var message: String
        var encode: [Double] = []
        var decode: [Double] = []
        var encodeMallocs = 0.0
        var decodeMallocs = 0.0
    }

    static func main() throws {
        MallocInterposerSwift.initialize()
        let bench = BenchMessage(op: .data, id: 1_234_567, val: 89)
        let order = Order(id: 123_456, symbol: "ACME", price: 187.25, quantity: 300, side: .sell)
        var rows: [Row] = []
        rows.append(try self.measure("custom line", "BenchMessage", BenchLineSerializer(), bench))
        rows.append(try self.measure("custom len", "BenchMessage", BenchBinarySerializer(), bench))
        rows.append(try self.measure("fixed", "BenchMessage", FixedSizeSerializer<BenchMessage, BenchMessage>(), bench))
        rows.append(
            try self.measure("variable", "BenchMessage", VariableSizeSerializer<BenchMessage, BenchMessage>(), bench)
        )
        rows.append(try self.measure("variable", "Order", VariableSizeSerializer<Order, Order>(), order))
        rows.append(try self.measure("textual", "BenchMessage", TextualSerializer<BenchMessage, BenchMessage>(), bench))
        rows.append(try self.measure("textual", "Order", TextualSerializer<Order, Order>(), order))

        let counting = rows.contains { $0.encodeMallocs > 0 || $0.decodeMallocs > 0 }
        print("| serializer | message | encode ns/msg | decode ns/msg | encode allocs/msg | decode allocs/msg |")
        print("|---|---|---|---|---|---|")
        for row in rows {
            let allocations =
                counting
                ? "\(self.format(row.encodeMallocs)) | \(self.format(row.decodeMallocs))"
                : "not counted | not counted"
            print(
                "| \(row.serializer) | \(row.message) | \(self.summary(row.encode)) | \(self.summary(row.decode)) | "
                    + "\(allocations) |"
            )
        }
    }

    static func measure<Serializer: MessageSerializer>(
        _ name: String,
        _ messageName: String,
        _ serializer: Serializer,
        _ message: Serializer.Outbound
    ) throws -> Row where Serializer.Inbound == Serializer.Outbound {
        var row = Row(serializer: name, message: messageName)
        var frames = FrameDecoder(framing: serializer.framing, maximumFrameLength: 1 << 20)
        var wire = ByteBuffer()
        try serializer.framing.writeFrame(into: &wire) { try serializer.encode(message, into: &$0) }
        guard let frame = try frames.decodeFrame(from: &wire) else { fatalError("no frame") }
        var output = ByteBuffer()
        output.reserveCapacity(1024)

        for repetition in 0...self.repetitions {
            // Encode: one framed message into a buffer that is reused.
            MallocInterposerSwift.hook()
            var start = ContinuousClock.now
            for _ in 0..<self.iterations {
                output.clear()
                try serializer.framing.writeFrame(into: &output) { try serializer.encode(message, into: &$0) }
            }
            var elapsed = ContinuousClock.now - start
            MallocInterposerSwift.unhook()
            let encodeMallocs = MallocInterposerSwift.getStatistics().mallocCount
            MallocInterposerSwift.reset()

            // Decode: one frame's payload.
            var sink = 0
            MallocInterposerSwift.hook()
            start = ContinuousClock.now
            for _ in 0..<self.iterations {
                var copy = frame
                let decoded = try serializer.decode(&copy)
                sink &+= withUnsafeBytes(of: decoded) { Int($0.first ?? 0) }
            }
            let decodeElapsed = ContinuousClock.now - start
            MallocInterposerSwift.unhook()
            let decodeMallocs = MallocInterposerSwift.getStatistics().mallocCount
            MallocInterposerSwift.reset()
            if sink == -1 { print(sink) }

            guard repetition > 0 else { continue }  // the first repetition warms up
            row.encode.append(self.nanoseconds(elapsed))
            row.decode.append(self.nanoseconds(decodeElapsed))
            row.encodeMallocs = Double(encodeMallocs) / Double(self.iterations)
            row.decodeMallocs = Double(decodeMallocs) / Double(self.iterations)
            elapsed = .zero
        }
        return row
    }

    static func nanoseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1e9 + Double(attoseconds) * 1e-9) / Double(self.iterations)
    }

    static func summary(_ values: [Double]) -> String {
        let sorted = values.sorted()
        guard let low = sorted.first, let high = sorted.last else { return "–" }
        return "\(self.format(sorted[sorted.count / 2])) (\(self.format(low))–\(self.format(high)))"
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
