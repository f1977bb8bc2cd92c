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

internal import Logging
private import NIOConcurrencyHelpers
internal import NIOCore
internal import NIOPosix
internal import ReactiveMessaging

/// One end of an in-memory connection (the in-memory transport's channel pair) with a conversation's pipeline.
struct InMemoryConnection: Sendable {
    private let channel: InMemoryChannel
    private let wrapped: ConnectionChannel

    private init(_ channel: InMemoryChannel, _ wrapped: ConnectionChannel) {
        self.channel = channel
        self.wrapped = wrapped
    }

    /// Two connected ends, each with a conversation's pipeline, on one of NIO's shared event loops.
    static func pair(configuration: ConnectionConfiguration) async throws -> (Self, Self) {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let (first, second) = InMemoryChannel.makePair(eventLoop, eventLoop, coalescesReads: false)
        return try await eventLoop.submit {
            let ends = (
                try ConnectionChannel.wrap(first, configuration: configuration),
                try ConnectionChannel.wrap(second, configuration: configuration)
            )
            first.activate()
            second.activate()
            return (Self(first, ends.0), Self(second, ends.1))
        }.get()
    }

    /// A conversation's end, and the other end for a test to play: it writes raw bytes and sees every write of the
    /// conversation as it was written.
    static func withPeer(configuration: ConnectionConfiguration) async throws -> (Self, InMemoryPeerEnd) {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let (conversation, peer) = InMemoryChannel.makePair(eventLoop, eventLoop, coalescesReads: false)
        let (reads, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        return try await eventLoop.submit {
            let wrapped = try ConnectionChannel.wrap(conversation, configuration: configuration)
            try peer.pipeline.syncOperations.addHandler(ReadCapture(continuation))
            conversation.activate()
            peer.activate()
            return (Self(conversation, wrapped), InMemoryPeerEnd(channel: peer, reads: reads))
        }.get()
    }

    /// Runs `driver` on this end to its end, on the end's event loop, recording its events.
    func run(
        _ driver: ConnectionDriver,
        id: UInt64,
        configuration: ConnectionConfiguration,
        logger: Logger,
        events: EventRecorder
    ) async -> DisconnectReason {
        let id = ConnectionID(rawValue: id)
        events.record(ConnectionEvent(kind: .connected, connectionID: id, remoteAddress: nil))
        let setup = ConnectionSetup(id: id, logger: logger, configuration: configuration, remoteAddress: nil) {
            event in events.record(event)
        }
        let reason = await withTaskExecutorPreference(EventLoopTaskExecutor(self.channel.eventLoop)) {
            await driver.run(self.wrapped, setup)
        }
        events.record(ConnectionEvent(kind: .disconnected, connectionID: id, remoteAddress: nil, reason: reason))
        return reason
    }

    /// Closes this end at once.
    func closeNow() {
        self.channel.close(promise: nil)
    }
}

/// The end of an in-memory connection that a test plays by hand.
struct InMemoryPeerEnd: Sendable {
    let channel: any Channel

    /// Every buffer the conversation wrote, in order; ends once the conversation has closed its output.
    let reads: AsyncStream<ByteBuffer>

    /// Sends `buffer`; the conversation gets it as one read. Dropped if the connection has closed.
    func send(_ buffer: ByteBuffer) async {
        try? await self.channel.writeAndFlush(buffer)
    }

    /// Half-closes: the conversation sees the end of its input, after what was sent.
    func finishOutput() {
        self.channel.close(mode: .output, promise: nil)
    }
}

/// Hands what the peer end reads to a stream, which ends with the peer end's input.
private final class ReadCapture: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<ByteBuffer>.Continuation

    init(_ continuation: AsyncStream<ByteBuffer>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.continuation.yield(self.unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent {
            self.continuation.finish()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.continuation.finish()
        context.fireChannelInactive()
    }
}

/// The events of one in-memory connection, in order.
final class EventRecorder: Sendable {
    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba; the same flood either way).
    private let recorded = NIOLockedValueBox<[ConnectionEvent]>([])

    /// An empty record.
    init() {}

    /// Records one event.
    func record(_ event: ConnectionEvent) {
        self.recorded.withLockedValue { $0.append(event) }
    }

    /// Every event so far, in order.
    var events: [ConnectionEvent] {
        self.recorded.withLockedValue { $0 }
    }
}
