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

import Logging
import NIOCore
import NIOEmbedded
import ReactiveMessaging

/// A connection on NIO's testing channel, whose writability a test sets by hand, with what the conversation writes
/// captured as a stream of buffers.
struct TestingChannelConnection: Sendable {
    let channel: NIOAsyncTestingChannel
    /// Every buffer the conversation wrote, in order; ends when the conversation closes the connection.
    let writes: AsyncStream<ByteBuffer>
    private let wrapped: ConnectionChannel

    private init(channel: NIOAsyncTestingChannel, writes: AsyncStream<ByteBuffer>, wrapped: ConnectionChannel) {
        self.channel = channel
        self.writes = writes
        self.wrapped = wrapped
    }

    /// A connected testing channel, with the pipeline a server's connection has.
    static func open(
        configuration: ConnectionConfiguration,
        metrics: MetricsConfiguration = MetricsConfiguration()
    ) async throws -> Self {
        let channel = NIOAsyncTestingChannel()
        let (writes, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        let wrapped = try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.addHandler(WriteCapture(continuation), position: .first)
            return try ConnectionChannel.wrap(channel, configuration: configuration, metrics: metrics)
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4242)).get()
        return Self(channel: channel, writes: writes, wrapped: wrapped)
    }

    /// Runs `driver` on the connection to its end.
    func run(_ driver: ConnectionDriver, logger: Logger) async -> DisconnectReason {
        let setup = ConnectionSetup(
            id: ConnectionID(rawValue: 1),
            logger: logger,
            configuration: .defaults,
            remoteAddress: self.channel.remoteAddress
        ) { _ in }
        return await driver.run(self.wrapped, setup)
    }

    /// Tells the conversation that its peer will send nothing more.
    func finishInput() {
        self.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
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
