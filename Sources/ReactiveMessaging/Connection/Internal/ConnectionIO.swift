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

public import Logging
public import NIOCore

/// One connection's bytes, as its task sees them: what was received and not yet decoded, what was encoded and not
/// yet written, and the stream of reads.
///
/// Only the connection's task uses it (it is not `Sendable`), so its hot paths take no lock, and its hot stored
/// properties skip the dynamic exclusivity check: no access to them overlaps another (each is a short in-place
/// mutation, never held across an `await`), and the check measured 40% of the CPU of a flood. Messages are decoded
/// lazily, one per `ConnectionInbound` element, from the bytes of the current read; so a composite protocol can
/// change serializer between two messages and the next serializer starts at the very next byte.
///
/// Writes are batched: a message sent while more frames of the current read are waiting to be handed out is only
/// encoded into `pending`; `pending` is written and flushed, once, when no complete frame is left, when the
/// processor asks for more input, or when it grows past `flushThreshold`.
@usableFromInline
final class ConnectionIO {
    /// Why the input side ended.
    @usableFromInline
    enum InputEnd {
        /// The peer closed its side.
        case peerClosed
        /// A drain (graceful shutdown) reached the input read before it began.
        case drained
        /// A close was requested.
        case closed
        /// The connection's task was cancelled while it waited for input.
        case cancelled
        /// The input is unusable: oversized or (under the close policy) malformed frame, idle timeout, I/O error.
        case failed(ReactiveMessagingError)
    }

    /// Bytes received and not yet cut into frames.
    @usableFromInline
    @exclusivity(unchecked)
    var received: ByteBuffer

    /// Cuts frames off `received`.
    @usableFromInline
    @exclusivity(unchecked)
    var frames: FrameDecoder

    /// Delimits the frames appended to `pending`.
    @usableFromInline
    @exclusivity(unchecked)
    var outboundFraming: Framing

    /// Frames encoded and not yet written.
    @usableFromInline
    @exclusivity(unchecked)
    var pending: ByteBuffer

    /// Why input ended, once it has.
    @usableFromInline
    @exclusivity(unchecked)
    var inputEnd: InputEnd?

    /// Frames cut off the input since the metrics were last told (`reportTraffic()`): counted here, reported once
    /// per read.
    @usableFromInline
    @exclusivity(unchecked)
    var unreportedReceived = 0

    /// Frames encoded into `pending` since the metrics were last told.
    @usableFromInline
    @exclusivity(unchecked)
    var unreportedSent = 0

    @usableFromInline
    let shared: ConnectionShared

    @usableFromInline
    let logger: Logger

    private let input: ConnectionHandler

    /// Above this many pending bytes, a send writes at once rather than waiting for the end of the batch.
    @usableFromInline
    static let flushThreshold = 64 * 1024

    init(
        input: ConnectionHandler,
        shared: ConnectionShared,
        framing: Framing,
        maximumMessageSize: Int,
        logger: Logger
    ) {
        self.input = input
        self.shared = shared
        self.frames = FrameDecoder(framing: framing, maximumFrameLength: maximumMessageSize)
        self.outboundFraming = framing
        self.received = ByteBuffer()
        self.pending = ByteBuffer()
        self.logger = logger
    }

    // MARK: Input

    /// Cuts the next frame off the received bytes, or returns `nil` if they hold no whole frame.
    @inlinable
    @inline(__always)
    func nextFrame() throws(ReactiveMessagingError) -> ByteBuffer? {
        do {
            let frame = try self.frames.decodeFrame(from: &self.received)
            if frame != nil { self.unreportedReceived &+= 1 }
            return frame
        } catch {
            self.reportDecodeFailure(error)
            self.failInput(error)
            throw error
        }
    }

    /// Switches both directions to `framing`, for the next state of a composite protocol.
    ///
    /// No received byte is lost: the frame decoder never consumes part of a frame, so `received` starts exactly
    /// after the last frame cut off it, and the new decoder starts there. Frames already encoded into `pending`
    /// keep the old framing and are written before any frame of the new one.
    func switchFraming(to framing: Framing) {
        self.frames = FrameDecoder(framing: framing, maximumFrameLength: self.frames.maximumFrameLength)
        self.outboundFraming = framing
    }

    /// Ends the input with an error; the received bytes are dropped, so nothing more is decoded.
    @usableFromInline
    func failInput(_ error: ReactiveMessagingError) {
        if self.inputEnd == nil {
            self.inputEnd = .failed(error)
        }
        self.received.clear()
    }

    /// Flushes what is pending, then waits for the next read and appends it to the received bytes.
    ///
    /// - Returns: `false` when the input has ended (see `inputEnd`).
    /// - Throws: The error that ended the input (an I/O error or the idle timeout), `CancellationError` if the task
    ///   was cancelled while waiting, or `ReactiveMessagingError.Code.connectionClosed` if the pending replies could
    ///   not be written.
    @usableFromInline
    func refill() async throws -> Bool {
        try await self.flush()
        if self.unreportedReceived | self.unreportedSent != 0 { self.reportTraffic() }
        while true {
            if self.inputEnd != nil { return false }
            if self.shared.isClosing {
                self.inputEnd = .closed
                return false
            }
            let arrival: ConnectionHandler.Arrival?
            do {
                arrival = try await self.input.next()
            } catch is CancellationError {
                throw self.cancelInput()
            } catch {
                let failure = Self.inputError(error)
                self.failInput(failure)
                throw failure
            }
            switch arrival {
            case nil:
                self.inputEnd = .peerClosed
                return false
            case .wakeUp?:
                // A server's drain wakes its connections when its task is cancelled too; cancellation is what
                // happened.
                if Task.isCancelled { throw self.cancelInput() }
                // See `ConnectionShared`: all input read before a drain began has been handed out.
                if self.shared.isDraining { self.inputEnd = .drained }
            case .read(let chunk)?:
                self.append(chunk)
                return true
            }
        }
    }

    /// Ends the input because the task was cancelled, and returns the error to throw.
    private func cancelInput() -> CancellationError {
        self.inputEnd = .cancelled
        self.received.clear()
        return CancellationError()
    }

    private func append(_ chunk: ByteBuffer) {
        if self.received.readableBytes == 0 {
            self.received = chunk
        } else {
            // Keep only the partial frame: the buffer never holds more than one frame plus one read.
            self.received.discardReadBytes()
            self.received.writeImmutableBuffer(chunk)
        }
    }

    /// The error that ended the input (an I/O error, the idle timeout), even if the processor never read that far:
    /// a processor waiting to send when it happened sees only that the connection closed.
    var inputFailure: ReactiveMessagingError? {
        self.input.failure.map(Self.inputError)
    }

    private static func inputError(_ error: any Error) -> ReactiveMessagingError {
        if let error = error as? ReactiveMessagingError { return error }
        return ReactiveMessagingError(code: .ioError, message: "reading from the connection failed", cause: error)
    }

    /// Tells the metrics how many messages went in and out since it last did.
    @usableFromInline
    func reportTraffic() {
        let metrics = self.shared.handler.metrics
        metrics.received(messages: self.unreportedReceived)
        metrics.sent(messages: self.unreportedSent)
        self.unreportedReceived = 0
        self.unreportedSent = 0
    }

    /// Counts a frame that could not be cut off the input (too large, say).
    @usableFromInline
    func reportDecodeFailure(_ error: ReactiveMessagingError) {
        self.shared.handler.metrics.decodeFailed(error.code)
    }

    // MARK: Output

    /// Encodes one frame into the pending bytes.
    ///
    /// - Throws: `connectionClosed` once a close was requested; `encodingFailed` if the message cannot be
    ///   encoded (nothing is appended then).
    @inlinable
    func enqueue(_ writePayload: (inout ByteBuffer) throws -> Void) throws(ReactiveMessagingError) {
        guard !self.shared.isClosing else { throw Self.closedError(cause: nil) }
        try self.outboundFraming.writeFrame(into: &self.pending, writePayload)
        self.unreportedSent &+= 1
    }

    /// Encodes one frame, and writes the pending bytes unless more input of the current read is waiting.
    @inlinable
    func send(_ writePayload: (inout ByteBuffer) throws -> Void) async throws {
        try self.enqueue(writePayload)
        if self.pending.readableBytes >= Self.flushThreshold || !self.frames.hasFrame(in: self.received) {
            try await self.flush()
        }
    }

    /// Writes and flushes the pending bytes, in one write.
    ///
    /// - Throws: `connectionClosed` if the channel no longer takes writes; the pending bytes are dropped then.
    @usableFromInline
    func flush() async throws {
        guard self.pending.readableBytes > 0 else { return }
        let channel = self.shared.channel
        if channel.eventLoop.inEventLoop, channel.isWritable {
            // On the channel's own event loop (the usual case: the connection's task prefers it) and below the
            // high-water mark: no wait, and no hop to the event loop.
            channel.writeAndFlush(self.pending, promise: nil)
            self.pending.clear()
            return
        }
        try await self.flushWaiting()
    }

    /// The slow path of `flush()`, off the event loop or above the high-water mark; apart, so that its frame is
    /// only in the task's memory while it runs.
    @usableFromInline
    func flushWaiting() async throws {
        defer { self.pending.clear() }
        try await self.shared.write(self.pending)
    }

    @usableFromInline
    static func closedError(cause: (any Error)?) -> ReactiveMessagingError {
        ReactiveMessagingError(code: .connectionClosed, message: "the connection is closed or closing", cause: cause)
    }

    // MARK: Closing

    /// Closes the connection after the processor ended: flushes, waits until everything is written, half-closes,
    /// then reads and drops input until the peer closes too, so that closing never resets data the peer has not
    /// read yet. All of it within the close timeout.
    func closeGracefully() async {
        let channel = self.shared.channel
        let waitsForPeer: Bool
        switch self.inputEnd {
        case .peerClosed?, .failed?:
            // The peer sent its end of stream, or its input is not worth waiting for.
            waitsForPeer = false
        case .drained?, .closed?, nil:
            waitsForPeer = true
        case .cancelled?:
            // Cancelled: close without waiting for the peer.
            waitsForPeer = false
        }
        if !waitsForPeer, self.pending.readableBytes == 0, Self.holdsNoWrites(channel) {
            // Nothing to write and nothing to wait for (the common end of a connection the peer closed): no
            // deadline to schedule, no barrier to wait for.
            return
        }
        let deadline = channel.eventLoop.scheduleTask(in: self.shared.closeTimeout) {
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }

        try? await self.flush()
        guard channel.isActive else { return }
        if !Self.holdsNoWrites(channel) {
            // Completes once every write before it has reached the socket.
            try? await channel.writeAndFlush(ByteBuffer()).get()
        }
        if waitsForPeer {
            try? await channel.close(mode: .output).get()
            while (try? await self.input.next()) != nil {}
        }
    }

    /// Whether the channel is known to hold no bytes it has not written to the socket; `false` when that cannot be
    /// known without a hop (off the channel's event loop).
    private static func holdsNoWrites(_ channel: any Channel) -> Bool {
        guard channel.eventLoop.inEventLoop, let options = channel.syncOptions else { return false }
        return (try? options.getOption(.bufferedWritableBytes)) == 0
    }
}
