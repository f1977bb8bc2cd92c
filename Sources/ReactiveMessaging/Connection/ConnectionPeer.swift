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

/// A handle on a connection that any task may keep: it sends messages and closes the connection.
///
/// Get it from `ConnectionContext/peer`. Each `send(_:)` is written and flushed on its own, with back-pressure:
/// it suspends while the peer does not read; `send(contentsOf:)` sends a burst in one write. Inside the processor's
/// own task prefer `ConnectionContext/send(_:)`, which batches replies.
///
/// ```swift
/// let conversation = Conversation.processor(serializer: serializer) { inbound, context in
///     let peer = context.peer
///     try await withThrowingDiscardingTaskGroup { group in
///         group.addTask {
///             while true {   // server push, from another task
///                 try await Task.sleep(for: .seconds(1))
///                 try await peer.send(.tick)
///             }
///         }
///         for try await message in inbound { ... }
///         group.cancelAll()
///     }
/// }
/// ```
public struct ConnectionPeer<Outbound: Sendable>: Sendable {
    /// The connection's id, unique within its server or client.
    public let connectionID: ConnectionID

    /// The address of the peer, if the socket knows it.
    public let remoteAddress: SocketAddress?

    @usableFromInline
    let shared: ConnectionShared

    @usableFromInline
    let framing: Framing

    @usableFromInline
    let encode: @Sendable (Outbound, inout ByteBuffer) throws -> Void

    /// The state of a composite protocol this handle was made for (`ConnectionShared/stateEpoch`).
    @usableFromInline
    let stateEpoch: UInt64

    init(
        connectionID: ConnectionID,
        remoteAddress: SocketAddress?,
        shared: ConnectionShared,
        framing: Framing,
        encode: @escaping @Sendable (Outbound, inout ByteBuffer) throws -> Void
    ) {
        self.connectionID = connectionID
        self.remoteAddress = remoteAddress
        self.shared = shared
        self.stateEpoch = shared.stateEpoch
        self.framing = framing
        self.encode = encode
    }

    /// Sends a message now: encodes it, writes it and flushes.
    ///
    /// Suspends while the connection's outbound buffer is above its high-water mark (the peer is not reading).
    ///
    /// - Parameter message: The message to send.
    /// - Throws: `ReactiveMessagingError` with code `connectionClosed` if the connection is closed or closing,
    ///   `stateEnded` if the handle belongs to a state a composite protocol has left, or `encodingFailed` if the
    ///   message cannot be encoded (then nothing is sent).
    @inlinable
    public func send(_ message: Outbound) async throws {
        try await self.send(contentsOf: CollectionOfOne(message))
    }

    /// Sends messages now, in one write and one flush: a burst from another task costs one write, not one per
    /// message.
    ///
    /// Every message is encoded before anything is written, so an encoding failure sends none of them. Suspends
    /// while the connection's outbound buffer is above its high-water mark (the peer is not reading).
    ///
    /// - Parameter messages: The messages to send, in order.
    /// - Throws: As `send(_:)`.
    @inlinable
    public func send(contentsOf messages: some Sequence<Outbound>) async throws {
        guard !self.shared.isClosing else { throw ConnectionIO.closedError(cause: nil) }
        guard self.shared.stateEpoch == self.stateEpoch else {
            throw ReactiveMessagingError(
                code: .stateEnded,
                message: "this peer handle belongs to a state the connection has left"
            )
        }
        var buffer = self.shared.channel.allocator.buffer(capacity: 128)
        let encode = self.encode
        for message in messages {
            try self.framing.writeFrame(into: &buffer) { buffer in try encode(message, &buffer) }
        }
        guard buffer.readableBytes > 0 else { return }
        try await self.shared.write(buffer)
    }

    /// Closes the connection once what was sent is written.
    ///
    /// The processor's inbound sequence ends, later sends fail with `connectionClosed`, replies already sent are
    /// flushed, and then the socket is closed. If that takes longer than the configured close timeout, the socket
    /// is closed anyway. Calling it again does nothing.
    public func close() {
        self.shared.requestClose()
    }

    /// Closes the connection at once, dropping whatever was not written yet.
    public func closeImmediately() {
        self.shared.closeNow()
    }
}
