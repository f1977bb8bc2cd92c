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
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

/// Groups of real connections over TCP: fan-out reaches members only, connections leave when they end, and a
/// member that never reads delays no one.
@Suite("Connection groups", .timeLimit(.minutes(2 * TestTiming.scale)))
struct ConnectionGroupsTests {
    /// A chat-like server over lines: `join R`, `leave R`, `say R TEXT` (to room R, sender included, as the line
    /// `R TEXT`), `post R TEXT` (the same, through `post`), `all TEXT` (to every connection, as `TEXT`). Every fan-out's delivery is recorded; when a
    /// connection's input ends, the groups it is still in are recorded too.
    struct RoomServer {
        let rooms = ConnectionGroups<String, String>()
        let deliveries = NIOLockedValueBox<[Delivery]>([])
        let groupsAtEnd = NIOLockedValueBox<[Set<String>]>([])
        let events = EventLog()

        func server(
            policy: SlowConsumerPolicy = .dropNewest,
            configure: (inout Server.Configuration) -> Void = { _ in }
        ) -> Server {
            let (rooms, deliveries, groupsAtEnd) = (self.rooms, self.deliveries, self.groupsAtEnd)
            return Server(
                transport: testTransport,
                configuration: testConfiguration(configure),
                conversation: .processor(serializer: LineSerializer()) { inbound, context in
                    do {
                        for try await line in inbound {
                            let words = line.split(separator: " ", maxSplits: 2).map(String.init)
                            guard words.count >= 2 else { continue }
                            switch words[0] {
                            case "join":
                                try rooms.join(words[1], context.peer)
                                try await context.send("joined \(words[1])")
                            case "leave":
                                rooms.leave(words[1], context.connectionID)
                                try await context.send("left \(words[1])")
                            case "say":
                                let text = words.count > 2 ? words[2] : ""
                                let delivery = try await rooms.send(
                                    "\(words[1]) \(text)",
                                    to: words[1],
                                    whenFull: policy
                                )
                                deliveries.withLockedValue { $0.append(delivery) }
                            case "post":
                                let text = words.count > 2 ? words[2] : ""
                                let offered = try rooms.post("\(words[1]) \(text)", to: words[1], whenFull: policy)
                                deliveries.withLockedValue { $0.append(Delivery(accepted: offered)) }
                            case "all":
                                let delivery = try await rooms.broadcast(words.dropFirst().joined(separator: " "))
                                deliveries.withLockedValue { $0.append(delivery) }
                            default:
                                continue
                            }
                        }
                    } catch {}
                    let groups = rooms.groups(of: context.connectionID)
                    groupsAtEnd.withLockedValue { $0.append(groups) }
                },
                onEvent: self.events.handler
            )
        }
    }

    /// Joins `room` and waits for the server to say so.
    static func join(_ room: String, _ connection: RawConnection) async throws {
        try await connection.write("join \(room)\n")
        #expect(try await connection.readLine() == "joined \(room)")
    }

    @Test("a message to a group reaches each member once, and no other connection")
    func fanOutReachesMembersOnly() async throws {
        let setup = RoomServer()
        try await setup.server().withPort { port in
            try await RawConnection.with(port: port) { alice in
                try await RawConnection.with(port: port) { bob in
                    try await RawConnection.with(port: port) { carol in
                        try await Self.join("lobby", alice)
                        try await Self.join("lobby", bob)
                        try await Self.join("other", carol)
                        try await alice.write("say lobby hello\n")
                        #expect(try await alice.readLine() == "lobby hello")
                        #expect(try await bob.readLine() == "lobby hello")
                        // Carol's next line is her own room's, not the lobby's.
                        try await carol.write("say other marker\n")
                        #expect(try await carol.readLine() == "other marker")
                        try await bob.write("all everyone\n")
                        for connection in [alice, bob, carol] {
                            #expect(try await connection.readLine() == "everyone")
                        }
                        try await bob.write("leave lobby\n")
                        #expect(try await bob.readLine() == "left lobby")
                        try await alice.write("say lobby alone\n")
                        #expect(try await alice.readLine() == "lobby alone")
                        try await bob.write("say lobby back\n")
                        #expect(try await alice.readLine() == "lobby back")
                    }
                }
            }
        }
        // A fan-out records its delivery after it returns, which may be after the next one began: compare the
        // counts, not their order.
        let deliveries = setup.deliveries.withLockedValue { $0 }
        #expect(deliveries.map(\.accepted).sorted() == [1, 1, 1, 2, 3])
        #expect(deliveries.allSatisfy { $0.dropped == 0 && $0.unreachable == 0 })
    }

    @Test("a post reaches every member without waiting, and refuses the waiting policy")
    func post() async throws {
        let setup = RoomServer()
        try await setup.server().withPort { port in
            try await RawConnection.with(port: port) { alice in
                try await RawConnection.with(port: port) { bob in
                    try await Self.join("lobby", alice)
                    try await Self.join("lobby", bob)
                    try await bob.write("post lobby fast\n")
                    #expect(try await alice.readLine() == "lobby fast")
                    #expect(try await bob.readLine() == "lobby fast")
                }
            }
        }
        #expect(setup.deliveries.withLockedValue { $0 } == [Delivery(accepted: 2)])
        #expect(throws: ReactiveMessagingError.self) {
            try setup.rooms.post("no", to: "lobby", whenFull: .wait)
        }
    }

    @Test("a connection leaves every group once its conversation ends, cleanly or by a reset")
    func leavesWhenItEnds() async throws {
        let setup = RoomServer()
        try await setup.server().withPort { port in
            try await RawConnection.with(port: port) { alice in
                try await Self.join("lobby", alice)
                try await Self.join("other", alice)
                try await RawConnection.with(port: port) { bob in
                    try await Self.join("lobby", bob)
                    #expect(setup.rooms.connectionCount == 2)
                    #expect(setup.rooms.groupCount == 2)
                    try await bob.reset()
                }
                _ = await setup.events.collect { $0.kind == .disconnected }
                #expect(setup.rooms.connectionCount == 1)
                #expect(setup.rooms.members(of: "lobby").count == 1)
            }
            _ = await setup.events.collect { $0.kind == .disconnected }
            #expect(setup.rooms.connectionCount == 0)
            #expect(setup.rooms.groupCount == 0)
        }
        // Until its processor returned, each connection was still in its groups (so it could tell them it left).
        let groupsAtEnd = setup.groupsAtEnd.withLockedValue { $0 }
        #expect(Set(groupsAtEnd) == [["lobby"], ["lobby", "other"]])
    }

    /// Lines, counting the messages it encodes.
    struct CountingSerializer: MessageSerializer {
        let encoded = NIOLockedValueBox(0)

        var framing: Framing { .newlineDelimited }

        func decode(_ frame: inout ByteBuffer) throws -> String {
            String(buffer: frame)
        }

        func encode(_ message: String, into buffer: inout ByteBuffer) throws {
            self.encoded.withLockedValue { $0 += 1 }
            buffer.writeString(message)
        }
    }

    @Test("a message to many members is encoded once")
    func fanOutEncodesOnce() async throws {
        let rooms = ConnectionGroups<String, String>()
        let serializer = CountingSerializer()
        let encodesPerFanOut = NIOLockedValueBox<[Int]>([])
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .processor(serializer: serializer) { inbound, context in
                for try await line in inbound {
                    if line == "join" {
                        try rooms.join("lobby", context.peer)
                        try await context.send("joined")
                    } else {
                        let before = serializer.encoded.withLockedValue { $0 }
                        try await rooms.send(line, to: "lobby")
                        let after = serializer.encoded.withLockedValue { $0 }
                        encodesPerFanOut.withLockedValue { $0.append(after - before) }
                    }
                }
            }
        )
        try await server.withPort { port in
            try await RawConnection.with(port: port) { first in
                try await RawConnection.with(port: port) { second in
                    try await RawConnection.with(port: port) { third in
                        for connection in [first, second, third] {
                            try await connection.write("join\n")
                            #expect(try await connection.readLine() == "joined")
                        }
                        try await first.write("hello\n")
                        for connection in [first, second, third] {
                            #expect(try await connection.readLine() == "hello")
                        }
                    }
                }
            }
        }
        #expect(encodesPerFanOut.withLockedValue { $0 } == [1])
    }

    /// Messages of 16 KiB, so that a peer that does not read fills its socket buffers in a few hundred.
    static let padding = String(repeating: "x", count: 16 * 1024)

    @Test(
        "a member that never reads delays no one under a non-waiting policy",
        arguments: [SlowConsumerPolicy.dropNewest, .dropOldest, .keepLatest, .disconnect]
    )
    func stalledMemberDelaysNoOne(policy: SlowConsumerPolicy) async throws {
        let setup = RoomServer()
        let server = setup.server(policy: policy) { configuration in
            configuration.connection.sendQueue = SendQueueLimits(maximumMessages: 8, maximumBytes: 256 * 1024)
        }
        try await server.withPort { port in
            try await RawConnection.with(port: port) { stalled in
                try await Self.join("feed", stalled)
                try await RawConnection.with(port: port) { reader in
                    try await Self.join("feed", reader)
                    // In lockstep: the reader sends a message to the feed and reads it back before the next, so
                    // each round trip is bounded by the reader alone. The stalled member reads nothing.
                    var round = 0
                    var roundsAfterFirstLoss = 0
                    while roundsAfterFirstLoss < 20, round < 5_000 {
                        try await reader.write("say feed \(round) \(Self.padding)\n")
                        #expect(try await reader.readLine() == "feed \(round) \(Self.padding)")
                        round += 1
                        // Any delivery so far: the reader may see its message before the send that wrote it
                        // records its delivery, and a disconnect happens in one round only.
                        let lost = setup.deliveries.withLockedValue { $0.contains { $0.dropped > 0 } }
                        if lost || roundsAfterFirstLoss > 0 { roundsAfterFirstLoss += 1 }
                    }
                    #expect(roundsAfterFirstLoss == 20, "the stalled member never lost a message in \(round) rounds")
                }
            }
        }
        let deliveries = setup.deliveries.withLockedValue { $0 }
        #expect(deliveries.allSatisfy { $0.accepted >= 1 }, "the reader got every message")
        if policy == .disconnect {
            #expect(deliveries.contains { $0.disconnected == 1 })
            let reasons = await setup.events.collect(count: .max) { $0.kind == .disconnected }
            #expect(reasons.last?.reason?.error?.code == .slowConsumer)
        } else {
            #expect(deliveries.contains { $0.dropped > 0 })
        }
    }
}
