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

/// Floods a BenchServer with `data` messages in any serializer, then sends `end` and waits for the `ack`.
///
/// Like the C load generator's flood: one connection, 64 KiB writes of messages encoded once up front, so the
/// client's own cost is a write per 64 KiB. Prints one JSON line with `msgs_per_s`.
@main
struct BenchFlood: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Floods a BenchServer in any serializer.")

    @Option(help: "textual, fixed, variable, or custom-line / custom-len (the shared protocol's own serializers).")
    var serde: String = "variable"

    @Option(help: "The server's port, on 127.0.0.1.")
    var port: Int = 9000

    @Option(help: "How many data messages to send.")
    var count: Int = 1_000_000

    func run() async throws {
        let result: (messages: Int, seconds: Double)
        switch self.serde {
        case "custom-line": result = try await Self.flood(BenchLineSerializer(), port: self.port, count: self.count)
        case "custom-len": result = try await Self.flood(BenchBinarySerializer(), port: self.port, count: self.count)
        default:
            guard let serde = Serde(self.serde) else { throw ValidationError("--serde needs a name") }
            let serializer = try BuiltInSerializer<BenchMessage, BenchMessage>(validating: serde)
            result = try await Self.flood(serializer, port: self.port, count: self.count)
        }
        let rate = Double(result.messages) / result.seconds
        print(
            #"{"tool":"BenchFlood","workload":"flood","serde":"\#(self.serde)","conns":1,"msgs":\#(result.messages),"#
                + #""secs":\#(result.seconds),"msgs_per_s":\#(rate)}"#
        )
    }

    static func flood<Serializer: MessageSerializer<BenchMessage, BenchMessage>>(
        _ serializer: Serializer,
        port: Int,
        count: Int
    ) async throws -> (messages: Int, seconds: Double) {
        func frame(_ message: BenchMessage, into buffer: inout ByteBuffer) throws {
            try serializer.framing.writeFrame(into: &buffer) { try serializer.encode(message, into: &$0) }
        }
        var batch = ByteBuffer()
        var perBatch = 0
        while batch.readableBytes < 64 * 1024 - 256 {
            try frame(BenchMessage(op: .data, id: UInt64(perBatch), val: 7), into: &batch)
            perBatch += 1
        }

        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let start = ContinuousClock.now
            var sent = 0
            while sent + perBatch <= count {
                try await outbound.write(batch)
                sent += perBatch
            }
            var tail = ByteBuffer()
            for index in sent..<count {
                try frame(BenchMessage(op: .data, id: UInt64(index), val: 7), into: &tail)
            }
            try frame(BenchMessage(op: .end, id: 0, val: 0), into: &tail)
            try await outbound.write(tail)

            var decoder = FrameDecoder(framing: serializer.framing, maximumFrameLength: 1 << 20)
            var received = ByteBuffer()
            for try await chunk in inbound {
                received.writeImmutableBuffer(chunk)
                while var reply = try decoder.decodeFrame(from: &received) {
                    let message = try serializer.decode(&reply)
                    guard message.op == .ack else { continue }
                    guard message.id == UInt64(count) else {
                        throw ValidationError("the server counted \(message.id) messages, not \(count)")
                    }
                    let elapsed = ContinuousClock.now - start
                    let (seconds, attoseconds) = elapsed.components
                    return (count, Double(seconds) + Double(attoseconds) * 1e-18)
                }
            }
            throw ValidationError("the server closed before its ack")
        }
    }
}
