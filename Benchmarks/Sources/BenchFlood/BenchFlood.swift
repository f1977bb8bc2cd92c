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

    @Option(
        name: .customLong("composite"),
        help: """
            none; handshake: one line first, then --serde (against BenchServer --composite handshake); alternate:             every message switches between a line and a 28-byte frame (BenchServer --composite alternate).
            """
    )
    var compositeName: String = "none"

    /// The `--composite` option.
    var composite: BenchComposite { BenchComposite(rawValue: self.compositeName) ?? .none }

    func validate() throws {
        guard BenchComposite(rawValue: self.compositeName) != nil else {
            throw ValidationError("--composite is none, handshake or alternate")
        }
    }

    func run() async throws {
        let result: (messages: Int, seconds: Double)
        switch (self.serde, self.composite) {
        case (_, .alternate):
            result = try await Self.flood(
                [BenchLineSerializer().coding, FixedSizeSerializer<BenchMessage, BenchMessage>().coding],
                port: self.port,
                count: self.count
            )
        case ("custom-line", _): result = try await self.flood(BenchLineSerializer())
        case ("custom-len", _): result = try await self.flood(BenchBinarySerializer())
        default:
            guard let serde = Serde(self.serde) else { throw ValidationError("--serde needs a name") }
            result = try await self.flood(try BuiltInSerializer<BenchMessage, BenchMessage>(validating: serde))
        }
        let rate = Double(result.messages) / result.seconds
        print(
            #"{"tool":"BenchFlood","workload":"flood","serde":"\#(self.serde)","composite":"\#(self.composite)","#
                + #""conns":1,"msgs":\#(result.messages),"secs":\#(result.seconds),"msgs_per_s":\#(rate)}"#
        )
    }

    /// Floods in one serializer, after a handshake line if `--composite handshake`.
    func flood(_ serializer: some MessageSerializer<BenchMessage, BenchMessage>) async throws -> (Int, Double) {
        var handshake = ByteBuffer()
        if self.composite == .handshake {
            try BenchLineSerializer().coding.frame(BenchMessage(op: .data, id: 0, val: 0), &handshake)
        }
        return try await Self.flood([serializer.coding], port: self.port, count: self.count, first: handshake)
    }

    /// Floods `count` data messages, message `i` in `codings[i % codings.count]`, after the bytes of `first`;
    /// then `end`, and waits for the `ack` in the coding the `end` was sent in.
    static func flood(
        _ codings: [BenchCoding],
        port: Int,
        count: Int,
        first: ByteBuffer = ByteBuffer()
    ) async throws -> (messages: Int, seconds: Double) {
        // Whole cycles of the codings per batch, so every batch starts in the first one.
        var batch = first
        var perBatch = 0
        while batch.readableBytes < 64 * 1024 - 256 || perBatch % codings.count != 0 {
            try codings[perBatch % codings.count].frame(BenchMessage(op: .data, id: UInt64(perBatch), val: 7), &batch)
            perBatch += 1
        }
        let firstBatch = batch
        batch.moveReaderIndex(forwardBy: first.readableBytes)
        var tail = ByteBuffer()
        let whole = count / perBatch * perBatch
        for index in whole..<count {
            try codings[index % codings.count].frame(BenchMessage(op: .data, id: UInt64(index), val: 7), &tail)
        }
        let last = codings[count % codings.count]
        try last.frame(BenchMessage(op: .end, id: 0, val: 0), &tail)

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
                try await outbound.write(sent == 0 ? firstBatch : batch)
                sent += perBatch
            }
            if sent == 0 { try await outbound.write(first) }
            try await outbound.write(tail)

            var decoder = FrameDecoder(framing: last.framing, maximumFrameLength: 1 << 20)
            var received = ByteBuffer()
            for try await chunk in inbound {
                received.writeImmutableBuffer(chunk)
                while var reply = try decoder.decodeFrame(from: &received) {
                    let message = try last.decode(&reply)
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

/// A benchmark serializer as values, so one flood can mix serializers.
struct BenchCoding {
    let framing: Framing
    let frame: (BenchMessage, inout ByteBuffer) throws -> Void
    let decode: (inout ByteBuffer) throws -> BenchMessage
}

extension MessageSerializer<BenchMessage, BenchMessage> {
    var coding: BenchCoding {
        BenchCoding(
            framing: self.framing,
            frame: { message, buffer in
                try self.framing.writeFrame(into: &buffer) { try self.encode(message, into: &$0) }
            },
            decode: { frame in try self.decode(&frame) }
        )
    }
}
