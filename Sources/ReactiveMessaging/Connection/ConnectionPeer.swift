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
/// Get it from `ConnectionContext/peer`. Each `send(_:whenFull:)` is written and flushed on its own, with
/// back-pressure by default: it suspends while the peer does not read (a `SlowConsumerPolicy` can drop instead);
/// `send(contentsOf:whenFull:)` sends a burst in one write. Inside the processor's own task prefer
/// `ConnectionContext/send(_:)`, which batches replies.
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

    /// The connection's serializer, outbound half; shared by every connection that speaks it.
    @usableFromInline
    let encoder: OutboundEncoder<Outbound>

    /// The state of a composite protocol this handle was made for (`ConnectionShared/stateEpoch`).
    @usableFromInline
    let stateEpoch: UInt64

    init(
        connectionID: ConnectionID,
        remoteAddress: SocketAddress?,
        shared: ConnectionShared,
        encoder: OutboundEncoder<Outbound>
    ) {
        self.connectionID = connectionID
        self.remoteAddress = remoteAddress
        self.shared = shared
        self.stateEpoch = shared.stateEpoch
        self.encoder = encoder
    }

    /// Sends a message now: encodes it, writes it and flushes.
    ///
    /// While the peer reads, the message goes straight to the socket. Once the socket's buffer is above its
    /// high-water mark (the peer is not reading), `whenFull` decides: `wait` suspends until the peer reads again;
    /// the other policies return at once, holding the message in the connection's bounded send queue
    /// (`ConnectionConfiguration/sendQueue`), or, when the queue is full, dropping a message or closing the
    /// connection (see `SlowConsumerPolicy`).
    ///
    /// - Parameters:
    ///   - message: The message to send.
    ///   - whenFull: What to do while the peer does not read; `wait` by default.
    /// - Returns: What became of the message.
    /// - Throws: `ReactiveMessagingError` with code `connectionClosed` if the connection is closed or closing,
    ///   `stateEnded` if the handle belongs to a state a composite protocol has left, or `encodingFailed` if the
    ///   message cannot be encoded (then nothing is sent).
    @inlinable
    @discardableResult
    public func send(_ message: Outbound, whenFull: SlowConsumerPolicy = .wait) async throws -> Delivery {
        try await self.send(contentsOf: CollectionOfOne(message), whenFull: whenFull)
    }

    /// Sends messages now, in one write and one flush: a burst from another task costs one write, not one per
    /// message.
    ///
    /// Every message is encoded before anything is written, so an encoding failure sends none of them. The burst
    /// is one item of the send queue: a policy keeps or drops it whole.
    ///
    /// - Parameters:
    ///   - messages: The messages to send, in order.
    ///   - whenFull: What to do while the peer does not read; `wait` by default.
    /// - Returns: What became of the messages.
    /// - Throws: As `send(_:whenFull:)`.
    @inlinable
    @discardableResult
    public func send(
        contentsOf messages: some Sequence<Outbound>,
        whenFull: SlowConsumerPolicy = .wait
    ) async throws -> Delivery {
        try self.checkOpen()
        let (frames, count) = try self.encoder.encodeFrames(messages, allocator: self.shared.channel.allocator)
        guard count > 0 else { return Delivery() }
        return try await self.shared.send(frames, messages: count, whenFull: whenFull)
    }

    /// Throws unless the connection is open and in the state this handle was made for.
    @usableFromInline
    func checkOpen() throws(ReactiveMessagingError) {
        guard !self.shared.isClosing else { throw ConnectionIO.closedError(cause: nil) }
        guard self.shared.stateEpoch == self.stateEpoch else {
            throw ReactiveMessagingError(
                code: .stateEnded,
                message: "this peer handle belongs to a state the connection has left"
            )
        }
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
