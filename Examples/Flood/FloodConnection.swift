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
internal import NIOCore
internal import NIOPosix
internal import ReactiveMessaging

/// One connection of a flood client: a sender and a receiver, concurrently, over one socket.
///
/// The sender encodes a batch of messages into one `ByteBuffer` and writes it once (about 64 KiB at full speed; at
/// a paced rate, the messages due in each tick of 1 to 10 ms), so the client costs a write per batch, not per
/// message. At full speed in one-way mode the batch is encoded once and written again and again, as BenchFlood
/// does, so its sequence numbers repeat; the server only counts. The receiver decodes every read in one loop,
/// records each reply's latency, and returns at the `ack`.
///
/// It speaks through the serializer's framing and codec directly over a `NIOAsyncChannel`, rather than through
/// `Client/withConnection(transport:configuration:serializer:badInput:eventLoopGroup:logger:_:)`: the library's peer
/// handle writes and flushes each message on its own, and a flood needs one write per batch.
struct FloodConnection<
    Payload: FloodPayload,
    Serializer: MessageSerializer<FloodMessage<Payload>, FloodMessage<Payload>>
>: Sendable {
    /// What a connection did.
    struct Outcome: Sendable {
        /// Messages sent, `end` excluded.
        var sent: Int
        /// Replies received.
        var replies: Int
        /// The count in the server's `ack`.
        var acknowledged: Int
        /// The replies' latencies, in microseconds.
        var latency: Histogram<UInt64>
    }

    /// Where the server listens.
    let endpoint: FloodEndpoint

    /// TLS on the socket, or `nil` for plaintext.
    let tls: FloodTLS?

    /// Encodes and decodes the messages.
    let serializer: Serializer

    /// The payload of every message sent.
    let payload: Payload

    /// How many messages to send.
    let count: Int

    /// Messages per second on this connection, or `nil` for as fast as possible.
    let rate: Double?

    /// One-way `data`, or `request`s that are answered.
    let mode: FloodMode

    /// The counters the progress lines read.
    let counters: FloodCounters

    /// When the run began: timestamps are nanoseconds since then.
    let start: ContinuousClock.Instant

    /// How long connecting may take.
    let connectTimeout: Duration

    /// About how many bytes one write carries at full speed.
    static var batchBytes: Int { 64 * 1024 }

    /// Connects, sends, receives, and closes.
    ///
    /// - Throws: `ReactiveMessagingError` with code `connectionFailed` if the server cannot be reached, or
    ///   `connectionClosed` if it closes before its `ack`; errors of the serializer and the socket.
    func run() async throws -> Outcome {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(self.connectTimeout))
            let tls = self.tls
            let wrap: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = { channel in
                channel.eventLoop.makeCompletedFuture {
                    try tls?.addHandler(to: channel)
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
            switch self.endpoint {
            case .tcp(let host, let port):
                channel = try await bootstrap.channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connect(host: host, port: port, channelInitializer: wrap)
            case .unixDomainSocket(let path):
                // The library's default for its Unix sockets (`Client.Transport.unixDomainSocket`), for a fair race.
                channel = try await bootstrap.channelOption(.socketOption(.so_sndbuf), value: 1 << 20)
                    .connect(unixDomainSocketPath: path, channelInitializer: wrap)
            }
        } catch {
            throw ReactiveMessagingError(
                code: .connectionFailed,
                message: "could not connect to \(self.endpoint)",
                cause: error
            )
        }
        do {
            // Sender and receiver run on the socket's event loop (see `EventLoopExecutor`).
            return try await withTaskExecutorPreference(EventLoopExecutor(channel.channel.eventLoop)) {
                try await channel.executeThenClose { inbound, outbound in
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        group.addTask { try await self.send(outbound) }
                        var outcome = try await self.receive(inbound)
                        outcome.sent = try await group.next() ?? 0
                        return outcome
                    }
                }
            }
        } catch let error as ReactiveMessagingError {
            throw error
        } catch {
            throw ReactiveMessagingError(
                code: .connectionClosed,
                message: "the connection failed (do the server's --serde and --payload-bytes match?)",
                cause: error
            )
        }
    }

    // MARK: Sending

    /// Sends `count` messages, then `end`; returns how many messages it sent.
    private func send(_ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> Int {
        let kind: FloodMessage<Payload>.Kind = self.mode == .requestReply ? .request : .data
        var probe = ByteBuffer()
        try self.encode(kind, from: 0, count: 1, sentAt: 0, into: &probe)
        let perBatch = max(1, Self.batchBytes / max(1, probe.readableBytes))

        if let rate = self.rate {
            try await self.sendPaced(kind, rate: rate, perBatch: perBatch, outbound)
        } else if self.mode == .oneway {
            var template = ByteBuffer()
            try self.encode(kind, from: 0, count: min(perBatch, self.count), sentAt: self.now(), into: &template)
            var sent = 0
            while sent + perBatch <= self.count {
                try await self.write(template, messages: perBatch, outbound)
                sent += perBatch
            }
            try await self.sendFresh(kind, from: sent, count: self.count - sent, perBatch: perBatch, outbound)
        } else {
            try await self.sendFresh(kind, from: 0, count: self.count, perBatch: perBatch, outbound)
        }

        var end = ByteBuffer()
        try self.encode(.end, from: self.count, count: 1, sentAt: self.now(), into: &end)
        try await outbound.write(end)
        return self.count
    }

    /// Sends `count` messages from sequence number `first`, in batches stamped when they are encoded.
    private func sendFresh(
        _ kind: FloodMessage<Payload>.Kind,
        from first: Int,
        count: Int,
        perBatch: Int,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        var sent = 0
        while sent < count {
            let batch = min(perBatch, count - sent)
            var buffer = ByteBuffer()
            buffer.reserveCapacity(Self.batchBytes + 1_024)
            try self.encode(kind, from: first + sent, count: batch, sentAt: self.now(), into: &buffer)
            try await self.write(buffer, messages: batch, outbound)
            sent += batch
        }
    }

    /// Sends at `rate` messages per second: every tick, the messages due by then, in one write.
    ///
    /// Ticks are `ContinuousClock` deadlines 1 to 10 ms apart (about one message a tick at low rates); a sender
    /// that falls behind catches up in the next tick, so the average rate holds.
    private func sendPaced(
        _ kind: FloodMessage<Payload>.Kind,
        rate: Double,
        perBatch: Int,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        let clock = ContinuousClock()
        let interval = Duration.seconds(min(0.010, max(0.001, 1 / rate)))
        let begin = clock.now
        var deadline = begin
        var sent = 0
        while sent < self.count {
            try await clock.sleep(until: deadline)
            let elapsed = FloodClock.seconds(begin.duration(to: clock.now))
            let due = min(self.count, Int(elapsed * rate) + 1)
            if due > sent {
                try await self.sendFresh(kind, from: sent, count: due - sent, perBatch: perBatch, outbound)
                sent = due
            }
            deadline += interval
        }
    }

    /// Writes one batch and counts it.
    private func write(
        _ buffer: ByteBuffer,
        messages: Int,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        try await outbound.write(buffer)
        self.counters.recordSent(messages, bytes: buffer.readableBytes)
    }

    /// Appends `count` framed messages, numbered from `first`, to `buffer`.
    private func encode(
        _ kind: FloodMessage<Payload>.Kind,
        from first: Int,
        count: Int,
        sentAt: UInt64,
        into buffer: inout ByteBuffer
    ) throws {
        let framing = self.serializer.framing
        for sequence in UInt64(first)..<UInt64(first + count) {
            let message = FloodMessage(kind: kind, sequence: sequence, sentAt: sentAt, payload: self.payload)
            try framing.writeFrame(into: &buffer) { try self.serializer.encode(message, into: &$0) }
        }
    }

    /// Nanoseconds since the run began.
    private func now() -> UInt64 {
        FloodClock.nanoseconds(self.start.duration(to: .now))
    }

    // MARK: Receiving

    /// Reads replies until the `ack`; the `sent` of the outcome is left 0.
    private func receive(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async throws -> Outcome {
        var frames = FrameDecoder(framing: self.serializer.framing, maximumFrameLength: 1 << 20)
        var received = ByteBuffer()
        var replies = 0
        var latency = FloodLatency.makeHistogram()
        for try await chunk in inbound {
            if received.readableBytes == 0 {
                received = chunk
            } else {
                received.discardReadBytes()
                received.writeImmutableBuffer(chunk)
            }
            let now = self.now()
            var repliesInRead = 0
            while var frame = try frames.decodeFrame(from: &received) {
                let message = try self.serializer.decode(&frame)
                switch message.kind {
                case .reply:
                    repliesInRead += 1
                    latency.record((now - min(now, message.sentAt)) / 1_000)
                case .ack:
                    replies += repliesInRead
                    let acknowledged = Int(clamping: message.sequence)
                    self.counters.recordReceived(repliesInRead, acknowledged: acknowledged)
                    return Outcome(sent: 0, replies: replies, acknowledged: acknowledged, latency: latency)
                case .data, .request, .end:
                    throw ReactiveMessagingError(
                        code: .malformedMessage,
                        message: "the server sent a message only a client sends (\(message.kind))"
                    )
                }
            }
            replies += repliesInRead
            self.counters.recordReceived(repliesInRead, acknowledged: 0)
        }
        throw ReactiveMessagingError(
            code: .connectionClosed,
            message: "the server closed before its ack (do its --serde and --payload-bytes match?)"
        )
    }
}
