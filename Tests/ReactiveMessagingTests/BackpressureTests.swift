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
import ReactiveMessagingTesting
import Testing

/// Sends from other tasks wait while the channel is above its high-water mark: a peer that does not read makes
/// senders wait, it does not make the server buffer without bound.
@Suite("Back-pressure on sends", .timeLimit(.minutes(1 * TestTiming.scale)))
struct BackpressureTests {
    /// A connection on an in-memory channel whose writability the test sets, running a processor that hands its
    /// peer handle out and then waits for its input to end.
    struct Harness {
        let channel: NIOAsyncTestingChannel
        let writes: AsyncStream<ByteBuffer>
        let peer: ConnectionPeer<String>

        /// Sets whether the channel takes writes, and tells the pipeline, as NIO does at its water marks.
        func setWritable(_ isWritable: Bool) async throws {
            try await self.channel.testingEventLoop.executeInContext {
                self.channel.isWritable = isWritable
                self.channel.pipeline.fireChannelWritabilityChanged()
            }
        }
    }

    static func withHarness(_ body: (Harness) async throws -> Void) async throws {
        let connection = try await InMemoryConnection.open(configuration: .defaults)
        let (peers, peersContinuation) = AsyncStream.makeStream(of: ConnectionPeer<String>.self)
        let driver = ConnectionDriver(serializer: LineSerializer(), badInput: .close) { inbound, context in
            peersContinuation.yield(context.peer)
            for try await _ in inbound {}
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = await connection.run(
                    driver,
                    id: 1,
                    configuration: .defaults,
                    logger: Logger(label: "test"),
                    events: EventRecorder()
                )
            }
            var iterator = peers.makeAsyncIterator()
            let peer = try #require(await iterator.next())
            try await body(Harness(channel: connection.channel, writes: connection.writes, peer: peer))
            connection.finishInput()
            try await group.waitForAll()
        }
    }

    @Test("while the channel is unwritable, a send writes nothing and waits; cancelled, it fails")
    func sendWaitsWhileUnwritable() async throws {
        try await Self.withHarness { harness in
            try await harness.setWritable(false)
            await withTaskGroup(of: (any Error)?.self) { group in
                group.addTask {
                    do {
                        try await harness.peer.send("pushed")
                        return nil
                    } catch {
                        return error
                    }
                }
                group.cancelAll()
                let error = await group.next() ?? nil
                #expect((error as? ReactiveMessagingError)?.code == .connectionClosed)
            }
            // Nothing reached the channel: a write would have been recorded before this marker.
            try await harness.setWritable(true)
            try await harness.peer.send("marker")
            var writes = harness.writes.makeAsyncIterator()
            let first = try #require(await writes.next())
            #expect(String(buffer: first) == "marker\n")
        }
    }

    @Test("a send waiting for the channel completes once it is writable again, in order with later sends")
    func waitingSendCompletes() async throws {
        try await Self.withHarness { harness in
            try await harness.setWritable(false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await harness.peer.send(contentsOf: ["one", "two"]) }
                try await harness.setWritable(true)
                try await group.waitForAll()
            }
            try await harness.peer.send("three")
            var received = ""
            for await write in harness.writes {
                received += String(buffer: write)
                if received.hasSuffix("three\n") { break }
            }
            #expect(received == "one\ntwo\nthree\n")
        }
    }

    @Test("a send to a closed connection fails with connectionClosed")
    func sendAfterClose() async throws {
        try await Self.withHarness { harness in
            try await harness.setWritable(false)
            try await harness.channel.close()
            let error = await #expect(throws: ReactiveMessagingError.self) { try await harness.peer.send("late") }
            #expect(error?.code == .connectionClosed)
        }
    }
}
