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

internal import NIOConcurrencyHelpers
public import NIOCore
public import Synchronization

/// The part of a connection that any task may touch: its channel, its writes and its close flags.
///
/// `ConnectionPeer` handles and the server's shutdown reach a connection through this; the connection's own task
/// keeps everything else in `ConnectionIO`.
@usableFromInline
final class ConnectionShared: Sendable {
    @usableFromInline
    let channel: any Channel

    let handler: ConnectionHandler

    /// How long a closing connection may take to flush and to see the peer close.
    let closeTimeout: TimeAmount

    @usableFromInline
    let flags = Atomic<UInt8>(0)

    /// What runs when the conversation ends (`onConversationEnd(key:_:)`), and whether it has.
    private let conversationEnd = NIOLockedValueBox(ConversationEnd())

    private struct ConversationEnd {
        var hasEnded = false
        var callbacks: [(key: ObjectIdentifier, callback: @Sendable () -> Void)] = []
    }

    /// Counts a composite protocol's state changes: a peer handle made in one state refuses to send in another.
    @usableFromInline
    let stateEpochs = Atomic<UInt64>(0)

    /// The number of the state the connection is in (0 for a connection that is not composite).
    @inlinable
    var stateEpoch: UInt64 {
        self.stateEpochs.load(ordering: .acquiring)
    }

    /// Records that the connection moved to its next state.
    func beginNextState() {
        self.stateEpochs.add(1, ordering: .releasing)
    }

    // Computed, so that the hot path folds them to constants instead of calling a global's accessor.
    @usableFromInline
    static var closeRequested: UInt8 { 1 << 0 }
    private static var draining: UInt8 { 1 << 1 }
    private static var forced: UInt8 { 1 << 2 }

    init(_ connection: ConnectionChannel, closeTimeout: TimeAmount) {
        self.channel = connection.channel
        self.handler = connection.handler
        self.closeTimeout = closeTimeout
    }

    /// Writes and flushes `buffer`, from any task; suspends while the channel is above its high-water mark (the
    /// peer is not reading).
    ///
    /// The write is queued, not done, when this returns, as with any NIO write; writes from one task keep their
    /// order.
    ///
    /// - Throws: `ReactiveMessagingError` with code `connectionClosed` if the channel has closed.
    @usableFromInline
    func write(_ buffer: ByteBuffer) async throws {
        try await self.handler.waitUntilWritable()
        guard self.channel.isActive else { throw ConnectionIO.closedError(cause: nil) }
        self.channel.writeAndFlush(buffer, promise: nil)
    }

    /// Sends encoded frames under `policy`: `wait` writes as `write(_:)` does; the other policies go through the
    /// handler's send queue, on the event loop.
    ///
    /// - Returns: What became of the `messages` messages.
    /// - Throws: `connectionClosed` if the channel has closed.
    @usableFromInline
    func send(_ frames: ByteBuffer, messages: Int, whenFull policy: SlowConsumerPolicy) async throws -> Delivery {
        if policy == .wait {
            try await self.write(frames)
            self.handler.metrics.sent(messages: messages)
            return Delivery(accepted: messages)
        }
        let handler = self.handler
        let eventLoop = self.channel.eventLoop
        let offered: ConnectionHandler.Offered
        if eventLoop.inEventLoop {
            offered = handler.offer(frames, messages: messages, policy: policy)
        } else {
            offered = try await eventLoop.submit { handler.offer(frames, messages: messages, policy: policy) }.get()
        }
        switch offered {
        case .delivered(let delivery):
            return delivery
        case .mustWait:
            // Not reached: `wait` is written above; kept so that the switch needs no default.
            try await self.write(frames)
            self.handler.metrics.sent(messages: messages)
            return Delivery(accepted: messages)
        case .closed:
            throw ConnectionIO.closedError(cause: nil)
        }
    }

    // MARK: The end of the conversation

    /// Runs, once, what others asked to run when the conversation ends: a `ConnectionGroups` forgets the
    /// connection. Called by the connection's task after the processor returned and the channel closed.
    func endConversation() {
        let callbacks = self.conversationEnd.withLockedValue { end in
            end.hasEnded = true
            defer { end.callbacks = [] }
            return end.callbacks
        }
        for (_, callback) in callbacks {
            callback()
        }
    }

    /// Asks for `callback` to run when the conversation ends, in place of one registered earlier with the same
    /// `key` (so that a registry joined and left many times keeps one).
    ///
    /// - Returns: `false` if the conversation has ended already: the callback is not kept, nor run.
    func onConversationEnd(key: ObjectIdentifier, _ callback: @escaping @Sendable () -> Void) -> Bool {
        self.conversationEnd.withLockedValue { end in
            guard !end.hasEnded else { return false }
            if let index = end.callbacks.firstIndex(where: { $0.key == key }) {
                end.callbacks[index].callback = callback
            } else {
                end.callbacks.append((key, callback))
            }
            return true
        }
    }

    /// Whether a close was requested: the inbound sequence ends and sends fail.
    @inlinable
    var isClosing: Bool {
        self.flags.load(ordering: .relaxed) & Self.closeRequested != 0
    }

    /// Whether the connection was told to finish the input it has read and end.
    var isDraining: Bool {
        self.flags.load(ordering: .acquiring) & Self.draining != 0
    }

    /// Whether the connection was closed at once because a shutdown's drain time ran out.
    var wasForced: Bool {
        self.flags.load(ordering: .acquiring) & Self.forced != 0
    }

    /// Asks the connection to close once what was sent is flushed (`ConnectionPeer/close()`).
    func requestClose() {
        self.flags.bitwiseOr(Self.closeRequested, ordering: .releasing)
        self.wakeUp()
        let channel = self.channel
        channel.eventLoop.scheduleTask(in: self.closeTimeout) { channel.close(promise: nil) }
    }

    /// Closes the connection at once; what was not written yet is dropped.
    func closeNow(forced: Bool = false) {
        self.flags.bitwiseOr(Self.closeRequested | (forced ? Self.forced : 0), ordering: .releasing)
        self.channel.close(promise: nil)
    }

    /// Tells the connection to hand its processor what it has read so far, then end its inbound sequence.
    func beginDraining() {
        self.flags.bitwiseOr(Self.draining, ordering: .releasing)
        self.wakeUp()
    }

    /// Queues a wake-up for the connection's task, behind everything read so far (`ConnectionHandler/wakeUp()`).
    ///
    /// A connection waiting for input wakes up and looks at its flags; a draining connection knows that all
    /// input read before the drain began has been handed to its processor when it meets the wake-up. Not a read
    /// down the pipeline: that would pass through TLS's handlers and count as input for the idle timeout.
    private func wakeUp() {
        let handler = self.handler
        self.channel.eventLoop.execute { handler.wakeUp() }
    }
}
