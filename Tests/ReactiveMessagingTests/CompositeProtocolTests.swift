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

import NIOCore
import ReactiveMessaging
import Synchronization
import Testing

/// A player's session: what the handshake learned, kept across states.
private final class Player: Sendable {
    let id: ConnectionID
    let name = Mutex<String?>(nil)

    init(id: ConnectionID) {
        self.id = id
    }
}

/// The states: a text handshake, then a fixed-size binary game, then back to text to say goodbye.
private enum Phase: Hashable, Sendable {
    case handshake
    case game
    case goodbye
}

/// Counts the sessions released.
private final class Releases: Sendable {
    let ids = Mutex<[ConnectionID]>([])
}

@Suite("Composite protocols over TCP", .timeLimit(.minutes(1)))
struct CompositeProtocolTests {
    /// `hello <name>` → `welcome <name>`, then tokens answered with value + 1 until one is last, then `bye <name>`.
    fileprivate static func game(releases: Releases) -> CompositeProtocol<Phase, Player> {
        var game = CompositeProtocol<Phase, Player>(initial: .handshake) { player in
            releases.ids.withLock { $0.append(player.id) }
        } session: { id in
            Player(id: id)
        }
        game.add(.handshake, serializer: LineSerializer()) { inbound, context, player in
            for try await line in inbound {
                guard line.hasPrefix("hello ") else { return nil }
                let name = String(line.dropFirst(6))
                player.name.withLock { $0 = name }
                try await context.send("welcome \(name)")
                return .game
            }
            return nil
        }
        game.add(.game, serializer: FixedSizeSerializer<Token, Token>()) { inbound, context, _ in
            for try await token in inbound {
                try await context.send(Token(value: token.value + 1, isLast: token.isLast))
                if token.isLast { return .goodbye }
            }
            return nil
        }
        game.add(.goodbye, serializer: LineSerializer()) { _, context, player in
            try await context.send("bye \(player.name.withLock { $0 } ?? "?")")
            return nil
        }
        return game
    }

    @Test("a handshake line and 1,000 binary messages in one write all arrive, in order; the session travels")
    func noByteLostAtTheSwitch() async throws {
        let releases = Releases()
        let server = Server(configuration: testConfiguration(), protocol: Self.game(releases: releases))
        let tokens = (0..<1_000).map { Token(value: UInt64($0), isLast: $0 == 999) }
        let (welcome, replies, bye) = try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write(bytes: Array("hello ada\n".utf8) + (try Serde.fixed.wire(tokens)))
                let welcome = try await connection.readLine()
                let replies = try await connection.readBytes(tokens.count * Token.wireSize)
                let bye = try await connection.readLine()
                return (welcome, replies, bye)
            }
        }
        #expect(welcome == "welcome ada")
        #expect(
            try SerializerMatrixTests.decodeAll(replies, .fixed)
                == tokens.map { Token(value: $0.value + 1, isLast: $0.isLast) }
        )
        #expect(bye == "bye ada")
        #expect(releases.ids.withLock { $0.count } == 1)
    }

    @Test("50 connections that end at different points each release their session exactly once")
    func sessionsReleasedOnce() async throws {
        let releases = Releases()
        let server = Server(configuration: testConfiguration(), protocol: Self.game(releases: releases))
        let connections = 50
        try await server.withPort { port in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<connections {
                    group.addTask {
                        try await RawConnection.with(port: port) { connection in
                            switch index % 5 {
                            case 0: break  // connects and drops at once
                            case 1: try await connection.write("hel")  // drops mid-handshake
                            case 2:  // drops mid-frame in the game
                                try await connection.write(bytes: Array("hello x\n".utf8) + [1, 2, 3])
                                _ = try await connection.readLine()
                            case 3: try await connection.write("nonsense\n")  // refused: the processor ends
                            default:  // plays to the end
                                try await connection.write(
                                    bytes: Array("hello y\n".utf8)
                                        + (try Serde.fixed.wire([Token(value: 1, isLast: true)]))
                                )
                                _ = try await connection.readLinesToEnd()
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // The server has stopped, so every connection has ended.
        let released = releases.ids.withLock { $0 }
        #expect(released.count == connections)
        #expect(Set(released).count == connections, "no session is released twice")
    }

    @Test("a protocol without its initial state is refused when the server starts")
    func missingInitialState() async throws {
        var game = CompositeProtocol<Phase, Void>(initial: .handshake) { _ in }
        game.add(.game, serializer: LineSerializer()) { _, _, _ in nil }
        let server = Server(configuration: testConfiguration(), protocol: game)
        let error = await #expect(throws: ReactiveMessagingError.self) { try await server.run() }
        #expect(error?.code == .invalidArgument)
    }

    @Test("events tell each state change from the connection's end, each once and in order")
    func events() async throws {
        let log = EventLog()
        let server = Server(
            configuration: testConfiguration(),
            protocol: Self.game(releases: Releases()),
            onEvent: log.handler
        )
        try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write(
                    bytes: Array("hello ada\n".utf8) + (try Serde.fixed.wire([Token(value: 7, isLast: true)]))
                )
                _ = try await connection.readLinesToEnd()
            }
        }
        let events = await log.collect { $0.kind == .stopped }
        let summary = events.map { event in
            [event.kind.description, event.state, event.nextState, event.reason.map { "\($0)" }]
                .compactMap { $0 }.joined(separator: " ")
        }
        #expect(
            summary == [
                "connected",
                "enteredState handshake",
                "leftState handshake game",
                "enteredState game",
                "leftState game goodbye",
                "enteredState goodbye",
                "disconnected processorFinished",
                "stopped",
            ]
        )
        #expect(Set(events.compactMap(\.connectionID)).count == 1, "one connection, one id across its states")
    }

    @Test("a peer handle kept from an earlier state refuses to send in the next one, with stateEnded")
    func stalePeer() async throws {
        var proto = CompositeProtocol<Phase, PeerBox>(initial: .handshake) { _ in PeerBox() }
        proto.add(.handshake, serializer: LineSerializer()) { inbound, context, box in
            box.peer.withLock { $0 = context.peer }
            for try await _ in inbound {
                return .goodbye
            }
            return nil
        }
        proto.add(.goodbye, serializer: LineSerializer()) { _, context, box in
            do {
                try await box.peer.withLock { $0 }?.send("stale")
                try await context.send("sent")
            } catch let error as ReactiveMessagingError where error.code == .stateEnded {
                try await context.send("refused")
            }
            return nil
        }
        let server = Server(configuration: testConfiguration(), protocol: proto)
        let lines = try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("hello\n")
                return try await connection.readLinesToEnd()
            }
        }
        #expect(lines == ["refused"])
    }
}

/// Holds a peer handle across states, as a careless session might.
private final class PeerBox: Sendable {
    let peer = Mutex<ConnectionPeer<String>?>(nil)
}
