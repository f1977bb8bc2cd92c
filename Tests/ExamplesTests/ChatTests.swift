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
import NIOConcurrencyHelpers
import NIOCore
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

@testable import Chat

/// The Chat example: its rules on one connection with the test kit; rooms, who, private messages, departures and
/// the slow-member policy between members in memory; the pipeline client over loopback.
@Suite("Chat", .timeLimit(.minutes(2 * TestTiming.scale)))
struct ChatTests {
    /// What a member speaks.
    static let member = TextualSerializer<ChatEvent, ChatCommand>()

    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A member of a chat, seen from a test: what it sends and, in order, what it is sent.
    struct Member: Sendable {
        let peer: ConnectionPeer<ChatCommand>
        let events: AsyncStream<ChatEvent>

        func send(_ command: ChatCommand) async throws {
            try await self.peer.send(command)
        }

        /// The next event; `nil` once the connection has ended.
        func next() async -> ChatEvent? {
            var iterator = self.events.makeAsyncIterator()
            return await iterator.next()
        }
    }

    /// Connects a member named `nick` and runs `body` with it; the member closes when `body` returns.
    static func withMember<Result: Sendable>(
        _ transport: Client.Transport,
        _ nick: String,
        _ body: @escaping @Sendable (Member) async throws -> Result
    ) async throws -> Result {
        try await Client.withConnection(transport: transport, serializer: Self.member, logger: Self.logger) {
            inbound,
            context in
            let (events, received) = AsyncStream.makeStream(of: ChatEvent.self)
            let member = Member(peer: context.peer, events: events)
            try await member.send(.nick(name: nick))
            return try await withThrowingTaskGroup(of: Result.self) { group in
                group.addTask {
                    #expect(await member.next() == .welcome(nick: nick))
                    let result = try await body(member)
                    member.peer.close()
                    return result
                }
                for try await event in inbound {
                    received.yield(event)
                }
                received.finish()
                return try #require(try await group.next())
            }
        }
    }

    // MARK: One connection, with the test kit

    @Test("a nickname comes first, follows the rules, and is taken once")
    func nicknameRules() async throws {
        let run = try await ChatServer().conversation.run { peer in
            var codes: [ChatRefusal] = []
            func refusal() async throws {
                guard case .refused(let code, _) = try await peer.receive(using: Self.member) else { return }
                codes.append(code)
            }
            try await peer.send(.join(room: "lobby"), using: Self.member)
            try await refusal()
            for name in ["", String(repeating: "a", count: 17), "bob!", "zoë"] {
                try await peer.send(.nick(name: name), using: Self.member)
                try await refusal()
            }
            try await peer.send(.nick(name: "alice"), using: Self.member)
            #expect(try await peer.receive(using: Self.member) == .welcome(nick: "alice"))
            try await peer.send(.nick(name: "bob"), using: Self.member)
            try await refusal()
            return codes
        }
        #expect(run.result == [.nickRequired, .invalidNick, .invalidNick, .invalidNick, .invalidNick, .alreadyNamed])
    }

    @Test("bad commands are refused with their code, and the connection goes on")
    func refusals() async throws {
        let run = try await ChatServer().conversation.run { peer in
            try await peer.send(.nick(name: "alice"), using: Self.member)
            _ = try await peer.receive(using: Self.member)
            var codes: [ChatRefusal] = []
            let commands: [ChatCommand] = [
                .join(room: "no spaces"), .say(room: "lobby", text: "not in it"), .leave(room: "lobby"),
                .tell(nick: "nobody", text: "hello?"), .join(room: "lobby"), .say(room: "lobby", text: ""),
                .say(room: "lobby", text: String(repeating: "x", count: ChatRules.maximumTextBytes + 1)),
            ]
            for command in commands {
                try await peer.send(command, using: Self.member)
                switch try await peer.receive(using: Self.member) {
                case .refused(let code, _): codes.append(code)
                case let other: #expect(other == .joined(room: "lobby", nick: "alice"))
                }
            }
            await peer.send(bytes: Array("not json\n".utf8))
            if case .refused(let code, _) = try await peer.receive(using: Self.member) { codes.append(code) }
            try await peer.send(.who(room: "lobby"), using: Self.member)
            #expect(try await peer.receive(using: Self.member) == .members(room: "lobby", nicks: ["alice"]))
            return codes
        }
        #expect(
            run.result == [.invalidRoom, .notInRoom, .notInRoom, .unknownNick, .invalidText, .invalidText, .malformed]
        )
        #expect(run.reason == .peerClosed)
    }

    @Test("a member cannot be in more rooms than the rules allow")
    func roomLimit() async throws {
        let run = try await ChatServer().conversation.run { peer in
            try await peer.send(.nick(name: "alice"), using: Self.member)
            _ = try await peer.receive(using: Self.member)
            for index in 0...ChatRules.maximumRoomsPerMember {
                try await peer.send(.join(room: "room\(index)"), using: Self.member)
            }
            var last: ChatEvent?
            for _ in 0...ChatRules.maximumRoomsPerMember {
                last = try await peer.receive(using: Self.member)
            }
            return last
        }
        guard case .refused(.tooManyRooms, _)? = run.result else {
            Issue.record("the room past the limit was not refused: \(String(describing: run.result))")
            return
        }
    }

    // MARK: Members, in memory

    @Test("rooms, who, private messages, and a member's departure, in memory")
    func rooms() async throws {
        let chat = ChatServer()
        let endpoint = InMemoryEndpoint(name: "chat")
        let server = chat.makeServer(transport: .inMemory(endpoint), logger: Self.logger)
        try await server.withRunning { _ in
            try await Self.withMember(.inMemory(endpoint), "alice") { alice in
                try await alice.send(.join(room: "lobby"))
                #expect(await alice.next() == .joined(room: "lobby", nick: "alice"))
                try await Self.withMember(.inMemory(endpoint), "Bob") { bob in
                    try await bob.send(.join(room: "lobby"))
                    #expect(await bob.next() == .joined(room: "lobby", nick: "Bob"))
                    #expect(await alice.next() == .joined(room: "lobby", nick: "Bob"))
                    try await alice.send(.who(room: "lobby"))
                    #expect(await alice.next() == .members(room: "lobby", nicks: ["Bob", "alice"]))
                    try await bob.send(.say(room: "lobby", text: "hi all"))
                    #expect(await alice.next() == .said(room: "lobby", nick: "Bob", text: "hi all"))
                    try await alice.send(.tell(nick: "bob", text: "psst"))
                    #expect(await bob.next() == .told(from: "alice", text: "psst"))
                }
                // Bob went: his room is told, and his nickname is free again.
                #expect(await alice.next() == .left(room: "lobby", nick: "Bob"))
                try await Self.withMember(.inMemory(endpoint), "bob") { _ in }
                try await alice.send(.leave(room: "lobby"))
                #expect(await alice.next() == .left(room: "lobby", nick: "alice"))
            }
        }
        #expect(chat.rooms.connectionCount == 0)
        #expect(chat.rooms.groupCount == 0)
        #expect(chat.nicknames.count == 0)
    }

    @Test("a member that does not read is disconnected, and its rooms are told it left, in memory")
    func slowMemberIsDropped() async throws {
        let chat = ChatServer()
        let endpoint = InMemoryEndpoint(name: "slow")
        let server = chat.makeServer(transport: .inMemory(endpoint), logger: Self.logger)
        try await server.withRunning { _ in
            // In memory, a writer turns unwritable once its peer holds a megabyte it has not read, as loopback TCP's
            // buffers would; kernel buffers that grow to several megabytes would only make the test longer.
            let transport = Client.Transport.inMemory(endpoint)
            let (stalledIsIn, stalledJoined) = AsyncStream.makeStream(of: Void.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Joins, then reads nothing until released.
                group.addTask {
                    try await Client.withConnection(transport: transport, serializer: Self.member, logger: Self.logger)
                    {
                        _,
                        context in
                        try await context.send(.nick(name: "stalled"))
                        try await context.send(.join(room: "lobby"))
                        try await context.peer.send(.who(room: "lobby"))
                        stalledJoined.finish()
                        for await _ in released {}
                    }
                }
                for await _ in stalledIsIn {}
                try await Self.withMember(transport, "reader") { reader in
                    try await reader.send(.join(room: "lobby"))
                    try await Self.withMember(transport, "speaker") { speaker in
                        try await speaker.send(.join(room: "lobby"))
                        // Until the stalled member is gone: the reader sees each message, in lockstep.
                        let text = String(repeating: "x", count: ChatRules.maximumTextBytes - 10)
                        var round = 0
                        var stalledLeft = false
                        while !stalledLeft, round < 20_000 {
                            try await speaker.send(.say(room: "lobby", text: "\(round) \(text)"))
                            while let event = await reader.next() {
                                if event == .left(room: "lobby", nick: "stalled") {
                                    stalledLeft = true
                                    break
                                }
                                if case .said(_, "speaker", _) = event { break }
                            }
                            round += 1
                        }
                        #expect(stalledLeft, "the stalled member was still in the room after \(round) messages")
                    }
                }
                release.finish()
                try await group.waitForAll()
            }
        }
        #expect(chat.rooms.connectionCount == 0)
    }

    // MARK: Over loopback

    @Test("the pipeline client says each input line in its room and prints each message it gets")
    func pipelineClient() async throws {
        let chat = ChatServer()
        let server = chat.makeServer(transport: .tcp(host: "127.0.0.1", port: 0), logger: Self.logger)
        try await server.withRunning { address in
            let transport = Client.Transport.tcp(host: "127.0.0.1", port: try #require(address.port))
            let printed = NIOLockedValueBox<[String]>([])
            let (lines, printedLine) = AsyncStream.makeStream(of: String.self)
            try await Self.withMember(transport, "listener") { listener in
                try await listener.send(.join(room: "lobby"))
                #expect(await listener.next() == .joined(room: "lobby", nick: "listener"))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await ChatClient(nick: "bot", room: "lobby").run(
                            transport: transport,
                            logger: Self.logger,
                            readInput: { line in
                                try await line("hello")
                                for await text in lines where text == "listener: hi bot" { break }
                                try await line("bye")
                            },
                            output: { text in
                                printed.withLockedValue { $0.append(text) }
                                printedLine.yield(text)
                            },
                            notices: { _ in }
                        )
                    }
                    #expect(await listener.next() == .joined(room: "lobby", nick: "bot"))
                    #expect(await listener.next() == .said(room: "lobby", nick: "bot", text: "hello"))
                    try await listener.send(.say(room: "lobby", text: "hi bot"))
                    #expect(await listener.next() == .said(room: "lobby", nick: "bot", text: "bye"))
                    #expect(await listener.next() == .left(room: "lobby", nick: "bot"))
                    try await group.waitForAll()
                }
            }
            #expect(printed.withLockedValue { $0 } == ["listener: hi bot"])
        }
    }
}
