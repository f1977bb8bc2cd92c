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

package import NIOCore
private import Synchronization

/// One end of an in-memory connection: a NIO `Channel` whose flushed writes become its peer's reads, with no socket
/// and no system call.
///
/// The two ends are made together (`makePair(_:_:address:coalescesReads:)`), each on its own event loop, and talk
/// through each other's `InMemoryMailbox`, so what one end sends arrives in order, with one wake-up of the peer's
/// loop for whatever piled up while it was busy. A read is delivered only when the pipeline asks for one (`read()`,
/// or auto-read), as a socket's would be, and takes the writes queued by then up to 64 KiB (a socket's read),
/// copied into the first one; the test kit's pairs deliver each write as a read of its own instead.
///
/// Back-pressure: a writer counts the bytes it has written and its peer has not read yet. Above the high-water mark
/// it turns unwritable, as a socket channel does when the kernel's buffer is full, and writable again below the
/// low-water mark, once the peer has read enough. A peer that stops reading therefore holds at most the high-water
/// mark and one write, where a socket pair would hold its kernel buffers.
///
/// Closing: a half-close (`close(mode: .output)`) reaches the peer, after what was sent before it, as
/// `ChannelEvent.inputClosed`, as a socket's end of stream does with remote half-closure allowed. A full close
/// does the same, and the peer's later writes fail with `EPIPE` and close it, as they would on a socket whose peer
/// has gone.
///
/// `package` so that the test kit runs its conversations on the same channel as the in-memory transport.
///
/// Sendable as NIO's own channels are: every `var` is read and written on `eventLoop` only (the
/// `preconditionInEventLoop()` of each entry point); what other threads read is in the two atomics.
package final class InMemoryChannel: Channel, ChannelCore, @unchecked Sendable {  // safe: vars confined to eventLoop
    /// What the peer sent: a buffer, or the end of its output.
    private enum Inbound {
        case data(ByteBuffer)
        case end
    }

    /// The default water marks: a socket's kernel buffers hold about a megabyte on loopback, and a pair with NIO's
    /// socket defaults (32 and 64 KiB) would stall a flood far more often than the socket it stands in for.
    package static let defaultWaterMark = ChannelOptions.Types.WriteBufferWaterMark(low: 512 * 1024, high: 1024 * 1024)

    package let eventLoop: any EventLoop
    package let allocator = ByteBufferAllocator()
    private let closePromise: EventLoopPromise<Void>
    // Set once in `init`, before the channel is shared: the pipeline needs the channel to exist first, as in
    // NIO's own channels.
    private var _pipeline: ChannelPipeline?
    private let _isWritable = Atomic<Bool>(true)
    private let _isActive = Atomic<Bool>(false)

    /// The other end; set by `makePair(_:_:)` before either end is used, and cleared when this end closes.
    private var peer: InMemoryChannel?
    private var isOpen = true
    private var isOutputClosed = false
    /// Whether the peer has closed entirely: writes fail from then on.
    private var isPeerClosed = false
    /// Whether the end of the peer's output has been queued (or handled).
    private var isEndReceived = false
    private var unflushed: [(buffer: ByteBuffer, promise: EventLoopPromise<Void>?)] = []
    private var unflushedBytes = 0
    /// Bytes handed to the peer that it has not read yet.
    private var bytesInFlight = 0
    private var inbound = CircularBuffer<Inbound>()
    private var isReadPending = false
    private var isDeliveryScheduled = false
    private var autoRead = true
    private var allowRemoteHalfClosure = true
    private var maxMessagesPerRead = 4
    private var waterMark = InMemoryChannel.defaultWaterMark

    /// The address of both ends: an in-memory endpoint's pseudo-address, or `nil`.
    private let address: SocketAddress?

    /// Whether a read takes every queued buffer up to `maximumCoalescedRead`, as a socket's does, rather than one
    /// buffer per write.
    private let coalescesReads: Bool

    /// The largest read made of several writes: a socket's reads here are up to 64 KiB
    /// (`ConnectionConfiguration`'s read buffer sizes).
    private static let maximumCoalescedRead = 64 * 1024

    /// What the peer posted and this end has not taken yet.
    private let mailbox = InMemoryMailbox()

    private init(eventLoop: any EventLoop, address: SocketAddress?, coalescesReads: Bool) {
        self.eventLoop = eventLoop
        self.address = address
        self.coalescesReads = coalescesReads
        self.closePromise = eventLoop.makePromise()
        self._pipeline = nil
        self._pipeline = ChannelPipeline(channel: self)
    }

    /// Two connected ends, on `first` and `second` (which may be the same loop), neither active yet: set up each
    /// one's pipeline on its loop, then `activate()` it.
    ///
    /// - Parameters:
    ///   - address: The local and remote address of both ends. TLS needs one: NIOSSL refuses to verify a
    ///     certificate on a channel without a remote address, even by host name.
    ///   - coalescesReads: Whether a read takes what several writes queued (up to 64 KiB), as on a socket; or each
    ///     write arrives as a read of its own, which the test kit promises its tests.
    package static func makePair(
        _ first: any EventLoop,
        _ second: any EventLoop,
        address: SocketAddress? = nil,
        coalescesReads: Bool = true
    ) -> (InMemoryChannel, InMemoryChannel) {
        let (one, other) = (
            InMemoryChannel(eventLoop: first, address: address, coalescesReads: coalescesReads),
            InMemoryChannel(eventLoop: second, address: address, coalescesReads: coalescesReads)
        )
        // Before either end is handed to its loop, so each loop sees its `peer` set.
        one.peer = other
        other.peer = one
        return (one, other)
    }

    /// Makes the channel active (`channelRegistered`, then `channelActive`) and, with auto-read, asks for the
    /// first read. Call it on the channel's event loop, once its pipeline is set up.
    package func activate() {
        self.eventLoop.preconditionInEventLoop()
        guard self.isOpen else { return }
        self.pipeline.syncOperations.fireChannelRegistered()
        self._isActive.store(true, ordering: .releasing)
        self.pipeline.syncOperations.fireChannelActive()
        if self.autoRead {
            self.pipeline.syncOperations.read()
        }
    }

    // MARK: Channel

    package var pipeline: ChannelPipeline {
        // Set in `init`; never `nil` once the initialiser has returned.
        guard let pipeline = self._pipeline else { preconditionFailure("the pipeline is set in init") }
        return pipeline
    }

    package var closeFuture: EventLoopFuture<Void> { self.closePromise.futureResult }

    /// The address the pair was made with.
    package var localAddress: SocketAddress? { self.address }

    /// The address the pair was made with: both ends share it.
    package var remoteAddress: SocketAddress? { self.address }

    package var parent: (any Channel)? { nil }

    package var isWritable: Bool { self._isWritable.load(ordering: .acquiring) }

    package var isActive: Bool { self._isActive.load(ordering: .acquiring) }

    package var _channelCore: any ChannelCore { self }

    package func setOption<Option: ChannelOption>(_ option: Option, value: Option.Value) -> EventLoopFuture<Void> {
        if self.eventLoop.inEventLoop {
            return self.eventLoop.makeCompletedFuture { try self.setOption0(option, value: value) }
        }
        return self.eventLoop.submit { try self.setOption0(option, value: value) }
    }

    package func getOption<Option: ChannelOption>(_ option: Option) -> EventLoopFuture<Option.Value> {
        if self.eventLoop.inEventLoop {
            return self.eventLoop.makeCompletedFuture { try self.getOption0(option) }
        }
        return self.eventLoop.submit { try self.getOption0(option) }
    }

    private func setOption0<Option: ChannelOption>(_ option: Option, value: Option.Value) throws {
        self.eventLoop.preconditionInEventLoop()
        switch value {
        case let value as Bool where option is ChannelOptions.Types.AutoReadOption:
            let wasOff = !self.autoRead
            self.autoRead = value
            if value, wasOff, self.isActive {
                self.pipeline.syncOperations.read()
            }
        case let value as Bool where option is ChannelOptions.Types.AllowRemoteHalfClosureOption:
            self.allowRemoteHalfClosure = value
        case let value as ChannelOptions.Types.WriteBufferWaterMark
        where option is ChannelOptions.Types.WriteBufferWaterMarkOption:
            self.waterMark = value
            self.updateWritability()
        case let value as UInt where option is ChannelOptions.Types.MaxMessagesPerReadOption:
            self.maxMessagesPerRead = max(1, Int(clamping: value))
        default:
            throw ChannelError.operationUnsupported
        }
    }

    private func getOption0<Option: ChannelOption>(_ option: Option) throws -> Option.Value {
        self.eventLoop.preconditionInEventLoop()
        let value: Any
        switch option {
        case is ChannelOptions.Types.AutoReadOption: value = self.autoRead
        case is ChannelOptions.Types.AllowRemoteHalfClosureOption: value = self.allowRemoteHalfClosure
        case is ChannelOptions.Types.WriteBufferWaterMarkOption: value = self.waterMark
        case is ChannelOptions.Types.MaxMessagesPerReadOption: value = UInt(self.maxMessagesPerRead)
        default: throw ChannelError.operationUnsupported
        }
        guard let typed = value as? Option.Value else { throw ChannelError.operationUnsupported }
        return typed
    }

    // MARK: ChannelCore

    package func localAddress0() throws -> SocketAddress {
        guard let address = self.address else { throw ChannelError.operationUnsupported }
        return address
    }

    package func remoteAddress0() throws -> SocketAddress {
        guard let address = self.address else { throw ChannelError.operationUnsupported }
        return address
    }

    /// The pair is made connected; registering, binding and connecting are not supported.
    package func register0(promise: EventLoopPromise<Void>?) {
        promise?.fail(ChannelError.operationUnsupported)
    }

    package func registerAlreadyConfigured0(promise: EventLoopPromise<Void>?) {
        promise?.fail(ChannelError.operationUnsupported)
    }

    package func bind0(to: SocketAddress, promise: EventLoopPromise<Void>?) {
        promise?.fail(ChannelError.operationUnsupported)
    }

    package func connect0(to: SocketAddress, promise: EventLoopPromise<Void>?) {
        promise?.fail(ChannelError.operationUnsupported)
    }

    package func write0(_ data: NIOAny, promise: EventLoopPromise<Void>?) {
        self.eventLoop.preconditionInEventLoop()
        guard self.isOpen else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        guard !self.isOutputClosed else {
            promise?.fail(ChannelError.outputClosed)
            return
        }
        guard case .byteBuffer(let buffer)? = self.tryUnwrapData(data, as: IOData.self) else {
            promise?.fail(ChannelError.operationUnsupported)
            return
        }
        self.unflushed.append((buffer, promise))
        self.unflushedBytes += buffer.readableBytes
        self.updateWritability()
    }

    package func flush0() {
        self.eventLoop.preconditionInEventLoop()
        guard self.isOpen, !self.unflushed.isEmpty else { return }
        let writes = self.unflushed
        self.unflushed = []
        let bytes = self.unflushedBytes
        self.unflushedBytes = 0
        guard !self.isPeerClosed, let peer = self.peer else {
            let error = IOError(
                errnoCode: SystemErrorNumber.brokenPipe,
                reason: "write to an in-memory connection whose peer has closed"
            )
            for write in writes { write.promise?.fail(error) }
            self.pipeline.syncOperations.fireErrorCaught(error)
            self.close0(error: error, mode: .all, promise: nil)
            return
        }
        let buffers = writes.lazy.map(\.buffer).filter { $0.readableBytes > 0 }
        if !buffers.isEmpty {
            self.bytesInFlight += bytes
            peer.post(buffers.lazy.map { .data($0) })
        }
        self.updateWritability()
        for write in writes { write.promise?.succeed() }
    }

    package func read0() {
        self.eventLoop.preconditionInEventLoop()
        guard self.isOpen else { return }
        self.isReadPending = true
        // Never from inside `read0()`: the pipeline may be in the middle of a handler's call.
        if !self.inbound.isEmpty, !self.isDeliveryScheduled {
            self.isDeliveryScheduled = true
            self.eventLoop.execute {
                self.isDeliveryScheduled = false
                self.deliver()
            }
        }
    }

    package func close0(error: any Error, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        self.eventLoop.preconditionInEventLoop()
        guard self.isOpen else {
            promise?.fail(ChannelError.alreadyClosed)
            return
        }
        switch mode {
        case .input:
            promise?.fail(ChannelError.operationUnsupported)
        case .output:
            guard !self.isOutputClosed else {
                promise?.fail(ChannelError.outputClosed)
                return
            }
            self.isOutputClosed = true
            self.failUnflushed(ChannelError.outputClosed)
            self.peer?.post(CollectionOfOne(.end(peerClosed: false)))
            promise?.succeed()
            self.pipeline.syncOperations.fireUserInboundEventTriggered(ChannelEvent.outputClosed)
        case .all:
            self.isOpen = false
            self._isActive.store(false, ordering: .releasing)
            self.failUnflushed(error)
            self.inbound.removeAll()
            self.peer?.post(CollectionOfOne(.end(peerClosed: true)))
            self.peer = nil
            promise?.succeed()
            self.pipeline.syncOperations.fireChannelInactive()
            self.pipeline.syncOperations.fireChannelUnregistered()
            // Later, as NIO's channels do: the caller may still be walking the pipeline.
            self.eventLoop.execute {
                self.removeHandlers(pipeline: self.pipeline)
                self.closePromise.succeed()
            }
        }
    }

    package func triggerUserOutboundEvent0(_ event: Any, promise: EventLoopPromise<Void>?) {
        promise?.fail(ChannelError.operationUnsupported)
    }

    /// A read no handler took: dropped, as at the tail of any pipeline.
    package func channelRead0(_ data: NIOAny) {}

    /// An error no handler took: dropped, as at the tail of any pipeline.
    package func errorCaught0(error: any Error) {}

    // MARK: Between the two ends

    /// Posts `messages` to this end, from its peer's loop, and wakes this end's loop if nothing was waiting.
    private func post(_ messages: some Sequence<InMemoryMailbox.Message>) {
        if self.mailbox.post(messages) {
            self.eventLoop.execute { self.takeMail() }
        }
    }

    /// Takes what the peer posted, in order, then delivers what the pipeline asked for. On this end's loop.
    private func takeMail() {
        self.eventLoop.preconditionInEventLoop()
        for message in self.mailbox.take() {
            switch message {
            case .data(let buffer):
                guard self.isOpen, !self.isEndReceived else { continue }
                self.inbound.append(.data(buffer))
            case .end(let peerClosed):
                self.receiveEnd(peerClosed: peerClosed)
            case .acknowledged(let bytes):
                self.acknowledge(bytes)
            }
        }
        self.deliver()
    }

    /// Queues the end of the peer's output, after what it sent; a full close also means writes fail from now on.
    private func receiveEnd(peerClosed: Bool) {
        self.eventLoop.preconditionInEventLoop()
        guard self.isOpen else { return }
        if peerClosed {
            self.isPeerClosed = true
            // Nothing will read what is in flight: waiting writers resume, and their writes fail.
            self.bytesInFlight = 0
            self.updateWritability()
        }
        guard !self.isEndReceived else { return }
        self.isEndReceived = true
        self.inbound.append(.end)
    }

    /// The peer has read `bytes` of what this end sent. On this end's loop.
    private func acknowledge(_ bytes: Int) {
        self.eventLoop.preconditionInEventLoop()
        guard self.isOpen else { return }
        self.bytesInFlight = max(0, self.bytesInFlight - bytes)
        self.updateWritability()
    }

    /// Hands the pipeline up to `maxMessagesPerRead` reads, if it asked for one; then the end of input if it is
    /// next.
    private func deliver() {
        guard self.isOpen, self.isReadPending, !self.inbound.isEmpty else { return }
        self.isReadPending = false
        var consumed = 0
        var count = 0
        while count < self.maxMessagesPerRead, let read = self.nextRead() {
            consumed += read.readableBytes
            count += 1
            self.pipeline.syncOperations.fireChannelRead(NIOAny(read))
        }
        if count > 0 {
            self.pipeline.syncOperations.fireChannelReadComplete()
            self.peer?.post(CollectionOfOne(.acknowledged(consumed)))
        }
        if self.isOpen, case .end? = self.inbound.first {
            self.inbound.removeFirst()
            if self.allowRemoteHalfClosure {
                self.pipeline.syncOperations.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            } else {
                self.close0(error: ChannelError.eof, mode: .all, promise: nil)
            }
            return
        }
        if self.isOpen, self.autoRead {
            self.pipeline.syncOperations.read()
        }
    }

    /// The next read: the first queued buffer, with the buffers after it appended while the read stays within
    /// `maximumCoalescedRead`, as a socket's read takes what the kernel holds; or only the first buffer, if the
    /// pair does not coalesce. `nil` if the next thing queued is not data.
    private func nextRead() -> ByteBuffer? {
        guard case .data(var read)? = self.inbound.first else { return nil }
        self.inbound.removeFirst()
        guard self.coalescesReads else { return read }
        while case .data(var next)? = self.inbound.first,
            read.readableBytes + next.readableBytes <= Self.maximumCoalescedRead
        {
            self.inbound.removeFirst()
            read.writeBuffer(&next)
        }
        return read
    }

    /// Turns unwritable at the high-water mark and writable again below the low one, telling the pipeline.
    private func updateWritability() {
        let buffered = self.unflushedBytes + self.bytesInFlight
        let isWritable = self.isWritable
        if isWritable, buffered >= self.waterMark.high {
            self._isWritable.store(false, ordering: .releasing)
            self.pipeline.syncOperations.fireChannelWritabilityChanged()
        } else if !isWritable, buffered < self.waterMark.low {
            self._isWritable.store(true, ordering: .releasing)
            self.pipeline.syncOperations.fireChannelWritabilityChanged()
        }
    }

    private func failUnflushed(_ error: any Error) {
        let writes = self.unflushed
        self.unflushed = []
        self.unflushedBytes = 0
        for write in writes { write.promise?.fail(error) }
    }
}
