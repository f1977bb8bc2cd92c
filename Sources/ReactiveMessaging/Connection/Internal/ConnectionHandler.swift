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

private import NIOConcurrencyHelpers
package import NIOCore

/// The one handler of a connection's pipeline: it hands the connection's task the reads, one at a time, and lets
/// writers wait while the channel is above its high-water mark.
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

    private struct State {
        /// Reads the task has not taken yet; at most `highWatermark` and a few, so an array, which allocates
        /// nothing until a read has to wait (most are handed straight to a waiting task).
        var reads: [ByteBuffer] = []
        /// How the input ended, once it has: `nil` for the end of stream, or the error.
        var end: Result<Void, any Error>?
        /// The task waiting for the next read.
        var waiter: UnsafeContinuation<ByteBuffer?, any Error>?
        /// Whether a `read()` was held back.
        var isReadHeldBack = false
        /// The tasks waiting for the channel to become writable, by ticket.
        var writers: [(ticket: UInt64, continuation: UnsafeContinuation<Void, any Error>)] = []
        var nextTicket: UInt64 = 0
        /// Whether the channel has closed (or the handler was removed): writers stop waiting.
        var isClosed = false
    }

    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba; the same flood either way).
    private let state = NIOLockedValueBox(State())
    private let channel: any Channel
    private static let lowWatermark = 2
    private static let highWatermark = 8

    init(channel: any Channel) {
        self.channel = channel
    }

    // MARK: The connection's task

    /// The next read, or `nil` at the end of input (or if the task is cancelled while waiting).
    ///
    /// - Throws: The error that ended the input: an I/O error, or the idle timeout.
    func next() async throws -> ByteBuffer? {
        var requestRead = false
        let ready = self.state.withLockedValue { state in Self.take(&state, requestRead: &requestRead) }
        if requestRead { self.channel.read() }
        if let ready { return try ready.get() }

        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                var requestRead = false
                let ready = self.state.withLockedValue { state -> Result<ByteBuffer?, any Error>? in
                    if let ready = Self.take(&state, requestRead: &requestRead) { return ready }
                    if Task.isCancelled { return .success(nil) }
                    state.waiter = continuation
                    return nil
                }
                if requestRead { self.channel.read() }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = self.state.withLockedValue { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Takes the next read, or the end of input; `nil` if neither is there yet.
    private static func take(
        _ state: inout State,
        requestRead: inout Bool
    ) -> Result<ByteBuffer?, any Error>? {
        if !state.reads.isEmpty {
            let read = state.reads.removeFirst()
            if state.isReadHeldBack, state.reads.count <= Self.lowWatermark {
                state.isReadHeldBack = false
                requestRead = true
            }
            return .success(read)
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
    /// - Throws: `ReactiveMessagingError` with code `connectionClosed` once the channel has closed, or if the task
    ///   is cancelled while waiting.
    func waitUntilWritable() async throws {
        guard !self.channel.isWritable else { return }
        let ticket = self.state.withLockedValue { state in
            defer { state.nextTicket &+= 1 }
            return state.nextTicket
        }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                let isWritable = self.state.withLockedValue { state -> Bool? in
                    if state.isClosed || Task.isCancelled { return nil }
                    // Read under the lock that `channelWritabilityChanged` takes, so no change is missed.
                    if self.channel.isWritable { return true }
                    state.writers.append((ticket, continuation))
                    return false
                }
                switch isWritable {
                case true?: continuation.resume()
                case false?: break
                case nil: continuation.resume(throwing: ConnectionIO.closedError(cause: nil))
                }
            }
        } onCancel: {
            let waiter = self.state.withLockedValue { state -> UnsafeContinuation<Void, any Error>? in
                guard let index = state.writers.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return state.writers.remove(at: index).continuation
            }
            waiter?.resume(throwing: ConnectionIO.closedError(cause: CancellationError()))
        }
    }

    // MARK: The pipeline

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let read = self.unwrapInboundIn(data)
        let waiter = self.state.withLockedValue { state -> UnsafeContinuation<ByteBuffer?, any Error>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.reads.append(read)
            return nil
        }
        waiter?.resume(returning: read)
    }

    package func channelReadComplete(context: ChannelHandlerContext) {}

    package func read(context: ChannelHandlerContext) {
        let holdBack = self.state.withLockedValue { state in
            guard state.reads.count >= Self.highWatermark else { return false }
            state.isReadHeldBack = true
            return true
        }
        if !holdBack {
            context.read()
        }
    }

    package func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
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
        let writers = self.state.withLockedValue { state in
            if closed { state.isClosed = true }
            defer { state.writers.removeAll() }
            return state.writers
        }
        for writer in writers {
            if closed {
                writer.continuation.resume(throwing: ConnectionIO.closedError(cause: nil))
            } else {
                writer.continuation.resume()
            }
        }
    }

    /// Ends the input, after the reads already kept; the first end counts.
    private func finish(_ end: Result<Void, any Error>) {
        let waiter = self.state.withLockedValue { state -> UnsafeContinuation<ByteBuffer?, any Error>? in
            if state.end == nil { state.end = end }
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        switch end {
        case .success: waiter?.resume(returning: nil)
        case .failure(let error): waiter?.resume(throwing: error)
        }
    }
}
