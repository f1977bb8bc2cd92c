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
public import ReactiveMessaging

/// The other end of an in-memory connection, played by a test: it sends messages and bytes to the conversation and
/// reads what the conversation sends.
///
/// Each call names the serializer to speak, the peer's side of the conversation's: where the conversation decodes
/// `Request` and encodes `Reply` with `TextualSerializer<Request, Reply>`, the peer speaks
/// `TextualSerializer<Reply, Request>`. Bytes the conversation sent and the peer has not received yet are kept
/// across calls, so a test can follow a composite protocol's switch from one serializer to the next.
public final class TestPeer {
    private let end: InMemoryPeerEnd
    private var writes: AsyncStream<ByteBuffer>.Iterator
    private var received = ByteBuffer()
    private var isFinished = false

    init(_ end: InMemoryPeerEnd) {
        self.end = end
        self.writes = end.reads.makeAsyncIterator()
    }

    /// Sends one message, as one read.
    ///
    /// - Parameters:
    ///   - message: The message, of the type the conversation receives.
    ///   - serializer: The peer's serializer: it encodes what the conversation decodes.
    public func send<Serializer: MessageSerializer>(
        _ message: Serializer.Outbound,
        using serializer: Serializer
    ) async throws {
        try await self.send(CollectionOfOne(message), using: serializer)
    }

    /// Sends messages, all in one read.
    ///
    /// - Parameters:
    ///   - messages: The messages, of the type the conversation receives.
    ///   - serializer: The peer's serializer: it encodes what the conversation decodes.
    public func send<Serializer: MessageSerializer>(
        _ messages: some Sequence<Serializer.Outbound>,
        using serializer: Serializer
    ) async throws {
        var buffer = ByteBuffer()
        for message in messages {
            try serializer.framing.writeFrame(into: &buffer) { payload in
                try serializer.encode(message, into: &payload)
            }
        }
        await self.end.send(buffer)
    }

    /// Sends raw bytes, as one read: a split frame, a malformed one, anything a hostile peer might send.
    ///
    /// - Parameter bytes: The bytes.
    public func send(bytes: some Sequence<UInt8>) async {
        await self.end.send(ByteBuffer(bytes: Array(bytes)))
    }

    /// Receives the next message the conversation sent.
    ///
    /// - Parameter serializer: The peer's serializer: it decodes what the conversation encodes.
    /// - Returns: The message.
    /// - Throws: `ReactiveMessagingError` with code `connectionClosed` if the conversation closed the connection
    ///   before a whole message arrived, or what the serializer throws for a frame it cannot decode.
    public func receive<Serializer: MessageSerializer>(using serializer: Serializer) async throws -> Serializer.Inbound
    {
        var frames = FrameDecoder(framing: serializer.framing, maximumFrameLength: .max)
        while true {
            if var frame = try frames.decodeFrame(from: &self.received) {
                return try serializer.decode(&frame)
            }
            guard await self.readMore() else {
                throw ReactiveMessagingError(
                    code: .connectionClosed,
                    message: "the conversation closed the connection before a whole message arrived"
                )
            }
        }
    }

    /// Receives the next `count` messages the conversation sent.
    ///
    /// - Parameters:
    ///   - count: How many messages.
    ///   - serializer: The peer's serializer: it decodes what the conversation encodes.
    /// - Returns: The messages, in order.
    /// - Throws: As `receive(using:)`.
    public func receive<Serializer: MessageSerializer>(
        _ count: Int,
        using serializer: Serializer
    ) async throws -> [Serializer.Inbound] {
        var messages: [Serializer.Inbound] = []
        messages.reserveCapacity(count)
        for _ in 0..<count {
            messages.append(try await self.receive(using: serializer))
        }
        return messages
    }

    /// The conversation's next write, as it was written: how a test sees the conversation's batching.
    ///
    /// Bytes already read from the conversation and not received yet come first, as one write.
    ///
    /// - Returns: The bytes of the write, or `nil` once the conversation has closed the connection.
    public func nextWrite() async -> [UInt8]? {
        if self.received.readableBytes == 0 {
            guard let buffer = await self.writes.next() else { return nil }
            return Array(buffer.readableBytesView)
        }
        defer { self.received.clear() }
        return Array(self.received.readableBytesView)
    }

    /// Waits until the conversation closes the connection.
    ///
    /// - Returns: The bytes the conversation sent that were not received yet.
    @discardableResult
    public func receiveUntilClosed() async -> [UInt8] {
        while await self.readMore() {}
        defer { self.received.clear() }
        return Array(self.received.readableBytesView)
    }

    /// Half-closes: the conversation sees the end of its input, and can still send. Later calls do nothing.
    public func finish() {
        guard !self.isFinished else { return }
        self.isFinished = true
        self.end.finishOutput()
    }

    /// Appends the conversation's next write to what was received; `false` once the conversation has closed.
    private func readMore() async -> Bool {
        guard var buffer = await self.writes.next() else { return false }
        self.received.writeBuffer(&buffer)
        return true
    }
}
