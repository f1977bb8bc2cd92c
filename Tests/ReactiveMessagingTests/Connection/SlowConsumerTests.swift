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

import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

/// A peer that does not read, under each non-waiting `SlowConsumerPolicy`: the sender goes on at once, the send
/// queue stays within its limits, and what it holds is written in order once the peer reads again.
@Suite("Slow consumers", .timeLimit(.minutes(1 * TestTiming.scale)))
struct SlowConsumerTests {
    /// A connection whose send queue holds two messages.
    static let twoMessages: ConnectionConfiguration = {
        var configuration = ConnectionConfiguration.defaults
        configuration.sendQueue = SendQueueLimits(maximumMessages: 2, maximumBytes: 1024)
        return configuration
    }()

    /// Sends `one`, `two` and `three` under `policy` while the channel takes no bytes, then lets it take them and
    /// sends `end`: returns each send's delivery and what was written.
    static func sendThree(
        under policy: SlowConsumerPolicy
    ) async throws -> (deliveries: [Delivery], written: String) {
        var deliveries: [Delivery] = []
        var written = ""
        try await PeerHarness.with(configuration: Self.twoMessages) { harness in
            try await harness.setWritable(false)
            for message in ["one", "two", "three"] {
                deliveries.append(try await harness.peer.send(message, whenFull: policy))
            }
            try await harness.setWritable(true)
            deliveries.append(try await harness.peer.send("end", whenFull: policy))
            written = await harness.written(through: "end\n")
        }
        return (deliveries, written)
    }

    @Test("dropNewest: a send to a full queue is dropped, and what was queued is written in order")
    func dropNewest() async throws {
        let (deliveries, written) = try await Self.sendThree(under: .dropNewest)
        #expect(deliveries.map(\.accepted) == [1, 1, 0, 1])
        #expect(deliveries.map(\.dropped) == [0, 0, 1, 0])
        #expect(written == "one\ntwo\nend\n")
    }

    @Test("dropOldest: a send to a full queue drops the oldest queued message")
    func dropOldest() async throws {
        let (deliveries, written) = try await Self.sendThree(under: .dropOldest)
        #expect(deliveries.map(\.accepted) == [1, 1, 1, 1])
        #expect(deliveries.map(\.dropped) == [0, 0, 1, 0])
        #expect(written == "two\nthree\nend\n")
    }

    @Test("keepLatest: a send to a full queue replaces everything queued")
    func keepLatest() async throws {
        let (deliveries, written) = try await Self.sendThree(under: .keepLatest)
        #expect(deliveries.map(\.accepted) == [1, 1, 1, 1])
        #expect(deliveries.map(\.dropped) == [0, 0, 2, 0])
        #expect(written == "three\nend\n")
    }

    @Test("disconnect: a send to a full queue closes the connection with slowConsumer; later sends throw")
    func disconnect() async throws {
        let reason = try await PeerHarness.with(configuration: Self.twoMessages) { harness in
            try await harness.setWritable(false)
            #expect(try await harness.peer.send("one", whenFull: .disconnect) == Delivery(accepted: 1))
            #expect(try await harness.peer.send("two", whenFull: .disconnect) == Delivery(accepted: 1))
            #expect(
                try await harness.peer.send("three", whenFull: .disconnect) == Delivery(dropped: 1, disconnected: 1)
            )
            let error = await #expect(throws: ReactiveMessagingError.self) {
                try await harness.peer.send("late", whenFull: .dropNewest)
            }
            #expect(error?.code == .connectionClosed)
            // What was queued went with the connection: nothing was written.
            #expect(await harness.written(through: "\n") == "")
        }
        #expect(reason.error?.code == .slowConsumer, "\(reason)")
    }

    @Test("a burst is one item of the queue: a policy keeps or drops it whole")
    func burstIsOneItem() async throws {
        try await PeerHarness.with(configuration: Self.twoMessages) { harness in
            try await harness.setWritable(false)
            let tooMany = try await harness.peer.send(contentsOf: ["a", "b", "c"], whenFull: .dropOldest)
            #expect(tooMany == Delivery(dropped: 3))
            let pair = try await harness.peer.send(contentsOf: ["d", "e"], whenFull: .dropOldest)
            #expect(pair == Delivery(accepted: 2))
            try await harness.setWritable(true)
            try await harness.peer.send("end")
            #expect(await harness.written(through: "end\n") == "d\ne\nend\n")
        }
    }

    @Test("a waiting send queues behind held sends: order is kept across policies")
    func waitKeepsOrderBehindQueue() async throws {
        try await PeerHarness.with(configuration: Self.twoMessages) { harness in
            try await harness.setWritable(false)
            try await harness.peer.send("held", whenFull: .dropNewest)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await harness.peer.send("waited") }
                try await harness.setWritable(true)
                try await group.waitForAll()
            }
            #expect(await harness.written(through: "waited\n") == "held\nwaited\n")
        }
    }
}
