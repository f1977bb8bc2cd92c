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

public import NIOCore

/// The messages a connection receives, as an `AsyncSequence` handed to its processor.
///
/// Bytes cross from the channel to the connection's task once per read; the sequence then hands out every message
/// of that read synchronously, decoding each one as it is asked for, and only suspends when the read is used up.
/// Before it suspends, it writes the replies produced for that read in one write.
///
/// The sequence ends (`next()` returns `nil`) when the peer closes its side, when the connection is closed through
/// its ConnectionPeer, or when a graceful shutdown has handed out everything read before it began. It throws a
/// `ReactiveMessagingError` when the input is unusable: `messageTooLarge`, `malformedMessage` (under the
/// default `BadInputPolicy/close` policy), `idleTimeout` or `ioError`; after that it ends.
///
/// ```swift
/// let conversation = Conversation.processor(serializer: serializer) { inbound, context in
///     for try await request in inbound {
///         try await context.send(Response(answering: request))
///     }
/// }
/// ```
///
/// - Important: Iterate the sequence once, in the processor's task. It is not `Sendable` on purpose: it shares the
///   connection's reply buffer with that task, which lets replies be batched per read without a lock. To send from
///   other tasks, give them `ConnectionContext/peer`.
public struct ConnectionInbound<Message: Sendable>: AsyncSequence {
    /// The messages received.
    public typealias Element = Message

    /// The sequence throws `ReactiveMessagingError`s.
    public typealias Failure = any Error

    @usableFromInline
    let io: ConnectionIO

    @usableFromInline
    let decode: @Sendable (inout ByteBuffer) throws -> Message

    /// Applies the bad-input policy to a frame that did not decode, given how many bad frames in a row that makes:
    /// returns to skip it, throws to end the input.
    @usableFromInline
    let handleBadInput: (any Error, Int) throws -> Void

    init(
        io: ConnectionIO,
        decode: @escaping @Sendable (inout ByteBuffer) throws -> Message,
        handleBadInput: @escaping (any Error, Int) throws -> Void
    ) {
        self.io = io
        self.decode = decode
        self.handleBadInput = handleBadInput
    }

    /// Creates the iterator.
    @inlinable
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(self)
    }

    /// Hands out the messages of a connection; see ConnectionInbound.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline
        let base: ConnectionInbound

        /// How many frames in a row did not decode, for the bad-input policy's bound.
        @usableFromInline
        var consecutiveBadFrames = 0

        @inlinable
        init(_ base: ConnectionInbound) {
            self.base = base
        }

        /// The next message, waiting for the peer only when every message already received was handed out.
        ///
        /// - Returns: The next message, or `nil` once the input has ended.
        /// - Throws: A `ReactiveMessagingError` that ends the input; see ConnectionInbound.
        @inlinable
        public mutating func next() async throws -> Message? {
            // No `next(isolation:)` of our own: an `isolated` parameter makes every call check the executor
            // (measured: a quarter of a flood's CPU with the task's event-loop preference); the standard
            // library's default forwards here, and a caller on the connection's task pays nothing per message.
            while true {
                if let message = try self.nextReceived() { return message }
                guard try await self.base.io.refill() else { return nil }
            }
        }

        /// The next message decoded from the bytes already received, without waiting.
        @inlinable
        mutating func nextReceived() throws -> Message? {
            let io = self.base.io
            while !io.shared.isClosing, var frame = try io.nextFrame() {
                do {
                    let message = try self.base.decode(&frame)
                    self.consecutiveBadFrames = 0
                    return message
                } catch {
                    self.consecutiveBadFrames += 1
                    try self.base.handleBadInput(error, self.consecutiveBadFrames)
                }
            }
            return nil
        }
    }
}

@available(*, unavailable)
extension ConnectionInbound: Sendable {}

@available(*, unavailable)
extension ConnectionInbound.AsyncIterator: Sendable {}
