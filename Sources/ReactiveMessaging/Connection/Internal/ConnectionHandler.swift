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
package import NIOCore

/// The one handler of a connection's pipeline: it hands the connection's task the reads, one at a time, and lets
/// writers wait while the channel is above its high-water mark. Its waits are `WaitQueue`s.
///
/// It replaces `NIOAsyncChannel`, which put two handlers, an inbound stream, an outbound writer and their locks into
/// every connection. Its inbound stream is generic code that runs unspecialised from inside NIOCore: in
/// BenchServer's ping-pong its `yield` was 17% of the server's CPU, much of it runtime generic-metadata lookups.
/// Its setup and teardown were a fifth of the CPU of connection churn, and with the frames of its scoped
/// `executeThenClose` it was about 1.8 KB of every idle connection. This handler is concrete, takes one lock per
/// read and one per `next()`, and resumes a waiting task directly. Writes go straight to the channel (see
/// `ConnectionShared/write(_:)`).
///
/// Back-pressure on input: a `read()` is held back while `highWatermark` reads wait unconsumed, and issued again
/// once the task has taken them down to `lowWatermark`. On output: a writer that finds the channel unwritable waits
/// in `waitUntilWritable()` until NIO says it is writable again, or the channel closes.
package final class ConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler, Sendable {
    package typealias InboundIn = ByteBuffer
    package typealias InboundOut = ByteBuffer
    package typealias OutboundIn = ByteBuffer
    package typealias OutboundOut = ByteBuffer

    /// What the connection's task gets from `next()`, in the order it happened.
    enum Arrival {
        /// A read.
        case read(ByteBuffer)
        /// A wake-up (`wakeUp()`): the task looks at its connection's flags (a drain, a close) now, and knows that
        /// every read before it has been handed out.
        case wakeUp
    }

    /// Everything the handler shares between the event loop and the connection's task, under `state`'s lock.
    struct State {
        /// What the task has not taken yet; at most `highWatermark` and a few, so an array, which allocates
        /// nothing until a read has to wait (most are handed straight to a waiting task).
        var arrivals: [Arrival] = []
        /// How the input ended, once it has: `nil` for the end of stream, or the error.
        var end: Result<Void, any Error>?
        /// The task waiting for the next arrival: only the connection's own task ever waits here.
        var reader = WaitQueue<Arrival?>()
        /// Whether a `read()` was held back.
        var isReadHeldBack = false
        /// The tasks waiting for the channel to become writable.
        var writers = WaitQueue<Void>()
        /// Whether the channel has closed (or the handler was removed): writers stop waiting.
        var isClosed = false
        /// Sends under a non-waiting `SlowConsumerPolicy` held while the channel is unwritable (see
        /// `offer(_:messages:policy:)`).
        var sendQueue: OutboundQueue
    }

    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba; the same flood either way).
    let state: NIOLockedValueBox<State>
    let channel: any Channel
    /// Where the connection's bytes, send queue and drops are counted.
    let metrics: ConnectionMetrics
    private static let lowWatermark = 2
    private static let highWatermark = 8

    init(channel: any Channel, sendQueue: SendQueueLimits, metrics: ConnectionMetrics) {
        self.channel = channel
        self.metrics = metrics
        self.state = NIOLockedValueBox(State(sendQueue: OutboundQueue(limits: sendQueue)))
    }

    // MARK: The connection's task

    /// The next read or wake-up, or `nil` at the end of input.
    ///
    /// - Throws: The error that ended the input (an I/O error, the idle timeout), or `CancellationError` if the
    ///   task is cancelled while waiting.
    func next() async throws -> Arrival? {
        var requestRead = false
        let ready = self.state.withLockedValue { state in Self.take(&state, requestRead: &requestRead) }
        if requestRead { self.channel.read() }
        if let ready { return try ready.get() }
        // Nothing had arrived a moment ago, so no read can be held back for what arrives now (that takes
        // `highWatermark` arrivals): the look before parking needs no `read()` after it.
        return try await self.state.wait(in: \.reader, ticket: WaitQueue<Arrival?>.soleWaiter) { state in
            var ignored = false
            return Self.take(&state, requestRead: &ignored)
        }
    }

    /// Takes the next arrival, or the end of input; `nil` if neither is there yet.
    private static func take(
        _ state: inout State,
        requestRead: inout Bool
    ) -> Result<Arrival?, any Error>? {
        if !state.arrivals.isEmpty {
            let arrival = state.arrivals.removeFirst()
            if state.isReadHeldBack, state.arrivals.count <= Self.lowWatermark {
                state.isReadHeldBack = false
                requestRead = true
            }
            return .success(arrival)
        }
        switch state.end {
        case .success?: return .success(nil)
        case .failure(let error)?: return .failure(error)
        case nil: return nil
        }
    }

    /// The error that ended the input, if one did, whether or not the task has taken it yet.
    var failure: (any Error)? {
        self.state.withLockedValue { state in
            guard case .failure(let error)? = state.end else { return nil }
            return error
        }
    }

    /// Returns once the channel is writable (below its high-water mark).
    ///
    /// - Throws: `ReactiveMessagingError` with code `connectionClosed` once the channel has closed, or
    ///   `CancellationError` if the task is cancelled while waiting.
    func waitUntilWritable() async throws {
        guard !self.channel.isWritable else { return }
        try await self.state.wait(in: \.writers) { state in
            if state.isClosed { return .failure(ConnectionIO.closedError(cause: nil)) }
            // Read under the lock that `channelWritabilityChanged` takes, so no change is missed.
            return self.channel.isWritable ? .success(()) : nil
        }
    }

    /// Queues a wake-up behind everything read so far; on the channel's event loop, so that "so far" is what the
    /// pipeline has delivered. Nothing happens once the input has ended.
    func wakeUp() {
        self.channel.eventLoop.preconditionInEventLoop()
        let reader = self.state.withLockedValue { state -> UnsafeContinuation<Arrival?, any Error>? in
            guard state.end == nil else { return nil }
            if let reader = state.reader.takeFirst() { return reader }
            state.arrivals.append(.wakeUp)
            return nil
        }
        reader?.resume(returning: .wakeUp)
    }

    // MARK: The pipeline

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let read = self.unwrapInboundIn(data)
        self.metrics.received(bytes: read.readableBytes)
        let reader = self.state.withLockedValue { state -> UnsafeContinuation<Arrival?, any Error>? in
            if let reader = state.reader.takeFirst() { return reader }
            state.arrivals.append(.read(read))
            return nil
        }
        reader?.resume(returning: .read(read))
    }

    package func channelReadComplete(context: ChannelHandlerContext) {}

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        self.metrics.sent(bytes: self.unwrapOutboundIn(data).readableBytes)
        context.write(data, promise: promise)
    }

    package func read(context: ChannelHandlerContext) {
        let holdBack = self.state.withLockedValue { state in
            guard state.arrivals.count >= Self.highWatermark else { return false }
            state.isReadHeldBack = true
            return true
        }
        if !holdBack {
            context.read()
        }
    }

    package func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            // What was queued goes first, before any waiting writer writes.
            self.writeQueuedSends(context: context)
            self.resumeWriters(closed: false)
        }
        context.fireChannelWritabilityChanged()
    }

    package func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent {
            self.finish(.success(()))
        }
        context.fireUserInboundEventTriggered(event)
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.finish(.failure(error))
        context.fireErrorCaught(error)
    }

    package func channelInactive(context: ChannelHandlerContext) {
        self.finish(.success(()))
        self.resumeWriters(closed: true)
        context.fireChannelInactive()
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        self.finish(.success(()))
        self.resumeWriters(closed: true)
    }

    /// Resumes every waiting writer: to write, or, once the channel has closed, to fail.
    private func resumeWriters(closed: Bool) {
        let (writers, dropped) = self.state.withLockedValue { state in
            var dropped = (messages: 0, bytes: 0)
            if closed {
                state.isClosed = true
                dropped = (state.sendQueue.queuedMessages, state.sendQueue.queuedBytes)
                state.sendQueue.removeAll()
            }
            return (state.writers.takeAll(), dropped)
        }
        self.metrics.sendQueueChanged(messages: -dropped.messages, bytes: -dropped.bytes)
        writers.resume(with: closed ? .failure(ConnectionIO.closedError(cause: nil)) : .success(()))
    }

    /// Ends the input, after the arrivals already kept; the first end counts.
    func finish(_ end: Result<Void, any Error>) {
        let reader = self.state.withLockedValue { state -> UnsafeContinuation<Arrival?, any Error>? in
            if state.end == nil { state.end = end }
            return state.reader.takeFirst()
        }
        switch end {
        case .success: reader?.resume(returning: nil)
        case .failure(let error): reader?.resume(throwing: error)
        }
    }
}
