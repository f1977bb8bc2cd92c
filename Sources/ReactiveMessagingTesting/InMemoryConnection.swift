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

package import Logging
private import NIOConcurrencyHelpers
package import NIOCore
package import NIOEmbedded
package import ReactiveMessaging

/// An in-memory channel a conversation runs on, with what the conversation writes captured as a stream of buffers.
///
/// `package` so that the library's own tests can drive a connection's channel directly (its writability, say).
package struct InMemoryConnection: Sendable {
    package let channel: NIOAsyncTestingChannel
    /// Every buffer the conversation wrote, in order; ends when the conversation closes the connection.
    package let writes: AsyncStream<ByteBuffer>
    private let wrapped: ConnectionChannel

    private init(
        channel: NIOAsyncTestingChannel,
        writes: AsyncStream<ByteBuffer>,
        wrapped: ConnectionChannel
    ) {
        self.channel = channel
        self.writes = writes
        self.wrapped = wrapped
    }

    /// A connected in-memory channel, with the pipeline a server's connection has.
    package static func open(configuration: ConnectionConfiguration) async throws -> Self {
        let channel = NIOAsyncTestingChannel()
        let (writes, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        let wrapped = try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.addHandler(WriteCapture(continuation), position: .first)
            return try ConnectionChannel.wrap(channel, configuration: configuration)
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4242)).get()
        return Self(channel: channel, writes: writes, wrapped: wrapped)
    }

    /// Runs `driver` on the connection to its end, recording its events.
    package func run(
        _ driver: ConnectionDriver,
        id: UInt64,
        configuration: ConnectionConfiguration,
        logger: Logger,
        events: EventRecorder
    ) async -> DisconnectReason {
        let id = ConnectionID(rawValue: id)
        let remoteAddress = self.channel.remoteAddress
        events.record(ConnectionEvent(kind: .connected, connectionID: id, remoteAddress: remoteAddress))
        let setup = ConnectionSetup(
            id: id,
            logger: logger,
            configuration: configuration,
            remoteAddress: remoteAddress
        ) { event in
            events.record(event)
        }
        let reason = await driver.run(self.wrapped, setup)
        events.record(
            ConnectionEvent(kind: .disconnected, connectionID: id, remoteAddress: remoteAddress, reason: reason)
        )
        return reason
    }

    /// Delivers `buffer` to the conversation as one read; dropped if the conversation has closed.
    func deliver(_ buffer: ByteBuffer) async {
        _ = try? await self.channel.writeInbound(buffer)
    }

    /// Tells the conversation that its peer will send nothing more.
    package func finishInput() {
        self.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    }

    /// Closes the connection at once.
    func closeNow() {
        self.channel.close(promise: nil)
    }

    /// Delivers every write of this conversation to `other`, then the end of its input.
    func forwardWrites(to other: InMemoryConnection) async {
        for await buffer in self.writes {
            await other.deliver(buffer)
        }
        other.finishInput()
    }
}

/// Captures the conversation's writes, in place of a socket.
private final class WriteCapture: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer

    private let continuation: AsyncStream<ByteBuffer>.Continuation

    init(_ continuation: AsyncStream<ByteBuffer>.Continuation) {
        self.continuation = continuation
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = self.unwrapOutboundIn(data)
        if buffer.readableBytes > 0 {
            self.continuation.yield(buffer)
        }
        promise?.succeed()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        self.continuation.finish()
        context.close(mode: mode, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.continuation.finish()
        context.fireChannelInactive()
    }
}

/// The events of one in-memory connection, in order.
package final class EventRecorder: Sendable {
    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba; the same flood either way).
    private let recorded = NIOLockedValueBox<[ConnectionEvent]>([])

    /// An empty record.
    package init() {}

    /// Records one event.
    package func record(_ event: ConnectionEvent) {
        self.recorded.withLockedValue { $0.append(event) }
    }

    /// Every event so far, in order.
    package var events: [ConnectionEvent] {
        self.recorded.withLockedValue { $0 }
    }
}
