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

import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ReactiveMessagingTesting
import Testing

@testable import ReactiveMessaging

/// A large group torn down while fan-outs to it are under way: nothing crashes, no send counts a member twice,
/// every connection leaves, and the server goes on serving.
@Suite("Fan-out during teardown", .timeLimit(.minutes(2 * TestTiming.scale)))
struct FanOutTeardownTests {
    /// Succeeds its promise at its channel's first read (the server's `joined`), and drops every read.
    final class FirstRead: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private var joined: EventLoopPromise<Void>?

        init(_ joined: EventLoopPromise<Void>) {
            self.joined = joined
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.joined?.succeed()
            self.joined = nil
        }
    }

    /// Members: 10,000, or 100 under ThreadSanitizer (`TestTiming.scale` > 1), where each of the test's thousands of
    /// awaits on its own loops is slow and may meet the false positive `.ci/tsan-suppressions` describes.
    static let memberCount = TestTiming.scale == 1 ? 10_000 : 1_000 / TestTiming.scale

    @Test("a group of thousands closed while fan-outs to it run leaves the registry empty")
    func teardownDuringFanOut() async throws {
        let serverLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let clientLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let endpoint = InMemoryEndpoint(name: "teardown")
        let rooms = ConnectionGroups<String, String>()
        let events = EventLog()
        let server = Server(
            transport: .inMemory(endpoint),
            configuration: testConfiguration(),
            conversation: .processor(serializer: LineSerializer()) { inbound, context in
                try rooms.join("crowd", context.peer)
                try await context.send("joined")
                for try await _ in inbound {}
            },
            eventLoopGroup: serverLoops,
            onEvent: events.handler
        )
        let count = Self.memberCount
        let deliveries = try await server.withRunning { _ in
            var clients: [any Channel] = []
            var joined: [EventLoopFuture<Void>] = []
            for _ in 0..<count {
                let (channel, first) = try await endpoint.connect(on: clientLoops.next()) { channel in
                    let first = channel.eventLoop.makePromise(of: Void.self)
                    try channel.pipeline.syncOperations.addHandler(FirstRead(first))
                    return (channel, first.futureResult)
                }
                clients.append(channel)
                joined.append(first)
            }
            for first in joined { try await first.get() }
            #expect(rooms.members(of: "crowd").count == count)

            // Fan out until the group is empty; the clients start closing once the first fan-out is done.
            let opened = clients
            let (firstSent, firstSentContinuation) = AsyncStream<Void>.makeStream()
            let deliveries = try await withThrowingTaskGroup(of: [Delivery].self) { group in
                group.addTask {
                    var deliveries: [Delivery] = []
                    repeat {
                        deliveries.append(try await rooms.send("tick \(deliveries.count)", to: "crowd"))
                        firstSentContinuation.finish()
                    } while !rooms.members(of: "crowd").isEmpty
                    return deliveries
                }
                group.addTask {
                    for await _ in firstSent {}
                    for client in opened { client.close(promise: nil) }
                    return []
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            var disconnected = 0
            _ = await events.collect { event in
                if event.kind == .disconnected { disconnected += 1 }
                return disconnected == count
            }
            #expect(rooms.connectionCount == 0)
            #expect(rooms.groupCount == 0)

            // The server goes on serving: a new member joins and gets the next fan-out.
            let (late, lateJoined) = try await endpoint.connect(on: clientLoops.next()) { channel in
                let first = channel.eventLoop.makePromise(of: Void.self)
                try channel.pipeline.syncOperations.addHandler(FirstRead(first))
                return (channel, first.futureResult)
            }
            try await lateJoined.get()
            #expect(try await rooms.send("after", to: "crowd") == Delivery(accepted: 1))
            try await late.close()
            return deliveries
        }
        try await clientLoops.shutdownGracefully()
        try await serverLoops.shutdownGracefully()

        let first = try #require(deliveries.first)
        #expect(first.accepted == count, "every member was open at the first fan-out")
        for delivery in deliveries {
            let total = delivery.accepted + delivery.dropped + delivery.disconnected + delivery.unreachable
            #expect(total <= count, "a fan-out counted \(total) sends to \(count) members")
        }
    }
}
