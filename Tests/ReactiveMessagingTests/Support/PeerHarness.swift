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
import Testing

/// A connection on an in-memory channel whose writability the test sets, running a processor that hands its peer
/// handle out and then waits for its input to end: for tests of sends from other tasks.
struct PeerHarness {
    let channel: NIOAsyncTestingChannel
    /// Every buffer the connection wrote, in order.
    let writes: AsyncStream<ByteBuffer>
    let peer: ConnectionPeer<String>

    /// Sets whether the channel takes writes, and tells the pipeline, as NIO does at its water marks.
    func setWritable(_ isWritable: Bool) async throws {
        try await self.channel.testingEventLoop.executeInContext {
            self.channel.isWritable = isWritable
            self.channel.pipeline.fireChannelWritabilityChanged()
        }
    }

    /// The text of the writes, concatenated, until it ends with `suffix`.
    func written(through suffix: String) async -> String {
        var received = ""
        for await write in self.writes {
            received += String(buffer: write)
            if received.hasSuffix(suffix) { break }
        }
        return received
    }

    /// Runs `body` with a harness on a connection with `configuration`, reporting to `metrics`, then ends the
    /// connection's input.
    ///
    /// - Returns: Why the connection ended.
    @discardableResult
    static func with(
        configuration: ConnectionConfiguration = .defaults,
        metrics: MetricsConfiguration = MetricsConfiguration(),
        _ body: (PeerHarness) async throws -> Void
    ) async throws -> DisconnectReason {
        let connection = try await TestingChannelConnection.open(configuration: configuration, metrics: metrics)
        let (peers, peersContinuation) = AsyncStream.makeStream(of: ConnectionPeer<String>.self)
        let driver = ConnectionDriver(serializer: LineSerializer(), badInput: .close) { inbound, context in
            peersContinuation.yield(context.peer)
            for try await _ in inbound {}
        }
        return try await withThrowingTaskGroup(of: DisconnectReason.self) { group in
            group.addTask {
                await connection.run(driver, logger: Logger(label: "test"))
            }
            var iterator = peers.makeAsyncIterator()
            let peer = try #require(await iterator.next())
            try await body(PeerHarness(channel: connection.channel, writes: connection.writes, peer: peer))
            connection.finishInput()
            return try #require(try await group.next())
        }
    }
}
