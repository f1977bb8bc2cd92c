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

/// A player's session: what the handshake learned, kept across states.
final class GamePlayer: Sendable {
    let id: ConnectionID
    let name = NIOLockedValueBox<String?>(nil)

    init(id: ConnectionID) {
        self.id = id
    }
}

/// The states: a text handshake, then a fixed-size binary game, then back to text to say goodbye.
enum GamePhase: Hashable, Sendable {
    case handshake
    case game
    case goodbye
}

/// The token value the game's processor throws on, for tests of a processor failing mid-state.
let unluckyValue: UInt64 = 666_666

/// What the game's processor throws on the unlucky token.
struct UnluckyToken: Error {}

/// Counts the sessions made and released.
final class SessionReleases: Sendable {
    let made = NIOLockedValueBox<[ConnectionID]>([])
    let ids = NIOLockedValueBox<[ConnectionID]>([])
}

@Suite("Composite protocols over TCP", .timeLimit(.minutes(1 * TestTiming.scale)))
struct CompositeProtocolTests {
    /// `hello <name>` → `welcome <name>`, then tokens answered with value + 1 until one is last, then `bye <name>`;
    /// the unlucky token makes the game's processor throw.
    static func game(releases: SessionReleases) -> CompositeProtocol<GamePhase, GamePlayer> {
        var game = CompositeProtocol<GamePhase, GamePlayer>(initial: .handshake) { player in
            releases.ids.withLockedValue { $0.append(player.id) }
        } session: { id in
            releases.made.withLockedValue { $0.append(id) }
            return GamePlayer(id: id)
        }
        game.add(.handshake, serializer: LineSerializer()) { inbound, context, player in
            for try await line in inbound {
                guard line.hasPrefix("hello ") else { return nil }
                let name = String(line.dropFirst(6))
                player.name.withLockedValue { $0 = name }
                try await context.send("welcome \(name)")
                return .game
            }
            return nil
        }
        game.add(.game, serializer: FixedSizeSerializer<Token, Token>()) { inbound, context, _ in
            for try await token in inbound {
                if token.value == unluckyValue { throw UnluckyToken() }
                try await context.send(Token(value: token.value + 1, isLast: token.isLast))
                if token.isLast { return .goodbye }
            }
            return nil
        }
        game.add(.goodbye, serializer: LineSerializer()) { _, context, player in
            try await context.send("bye \(player.name.withLockedValue { $0 } ?? "?")")
            return nil
        }
        return game
    }

    @Test("a handshake line and 1,000 binary messages in one write all arrive, in order; the session travels")
    func noByteLostAtTheSwitch() async throws {
        let releases = SessionReleases()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .composite(Self.game(releases: releases))
        )
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
        #expect(releases.ids.withLockedValue { $0.count } == 1)
    }

    @Test("50 connections that end at different points each release their session exactly once")
    func sessionsReleasedOnce() async throws {
        let releases = SessionReleases()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .composite(Self.game(releases: releases))
        )
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
        let released = releases.ids.withLockedValue { $0 }
        #expect(released.count == connections)
        #expect(Set(released).count == connections, "no session is released twice")
    }

    @Test("a protocol without its initial state is refused when the server starts")
    func missingInitialState() async throws {
        var game = CompositeProtocol<GamePhase, Void>(initial: .handshake) { _ in }
        game.add(.game, serializer: LineSerializer()) { _, _, _ in nil }
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .composite(game)
        )
        let error = await #expect(throws: ReactiveMessagingError.self) { try await server.run() }
        #expect(error?.code == .invalidArgument)
    }

    @Test("events tell each state change from the connection's end, each once and in order")
    func events() async throws {
        let log = EventLog()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .composite(Self.game(releases: SessionReleases())),
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
        #expect(Self.summary(events) == Self.gameEvents + ["stopped"])
        #expect(Set(events.compactMap(\.connectionID)).count == 1, "one connection, one id across its states")
    }

    @Test("a peer handle kept from an earlier state refuses to send in the next one, with stateEnded")
    func stalePeer() async throws {
        var proto = CompositeProtocol<GamePhase, PeerBox>(initial: .handshake) { _ in PeerBox() }
        proto.add(.handshake, serializer: LineSerializer()) { inbound, context, box in
            box.peer.withLockedValue { $0 = context.peer }
            for try await _ in inbound {
                return .goodbye
            }
            return nil
        }
        proto.add(.goodbye, serializer: LineSerializer()) { _, context, box in
            do {
                try await box.peer.withLockedValue { $0 }?.send("stale")
                try await context.send("sent")
            } catch let error as ReactiveMessagingError where error.code == .stateEnded {
                try await context.send("refused")
            }
            return nil
        }
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .composite(proto)
        )
        let lines = try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("hello\n")
                return try await connection.readLinesToEnd()
            }
        }
        #expect(lines == ["refused"])
    }
}

/// A lobby in text and rallies in binary, played in rounds: both sides cycle lobby → rally → lobby.
enum RallyPhase: Hashable, Sendable {
    case lobby
    case rally
}

/// What a rally client's session keeps across its states.
final class RallyScore: Sendable {
    let rounds = NIOLockedValueBox(0)
    let replies = NIOLockedValueBox<[UInt64]>([])
}

extension CompositeProtocolTests {
    /// The server: `play` → `go` and a rally of tokens answered with value + 1 until the last; `quit` ends.
    static func rallyServer() -> CompositeProtocol<RallyPhase, Void> {
        var server = CompositeProtocol<RallyPhase, Void>(initial: .lobby) { _ in }
        server.add(.lobby, serializer: LineSerializer()) { inbound, context, _ in
            for try await line in inbound {
                guard line == "play" else { return nil }
                try await context.send("go")
                return .rally
            }
            return nil
        }
        server.add(.rally, serializer: FixedSizeSerializer<Token, Token>()) { inbound, context, _ in
            for try await token in inbound {
                try await context.send(Token(value: token.value + 1, isLast: token.isLast))
                if token.isLast { return .lobby }
            }
            return nil
        }
        return server
    }

    /// The client: plays `rounds` rallies of `tokens` tokens, then quits.
    static func rallyClient(
        rounds: Int,
        tokens: Int,
        released: SessionReleases
    ) -> CompositeProtocol<RallyPhase, RallyScore> {
        var client = CompositeProtocol<RallyPhase, RallyScore>(initial: .lobby) { _ in
            released.ids.withLockedValue { $0.append(ConnectionID(rawValue: 1)) }
        } session: { _ in
            RallyScore()
        }
        client.add(.lobby, serializer: LineSerializer()) { inbound, context, score in
            guard score.rounds.withLockedValue({ $0 }) < rounds else {
                try await context.send("quit")
                return nil
            }
            try await context.send("play")
            for try await line in inbound where line == "go" {
                return .rally
            }
            return nil
        }
        client.add(.rally, serializer: FixedSizeSerializer<Token, Token>()) { inbound, context, score in
            for value in 0..<tokens {
                try await context.send(Token(value: UInt64(value), isLast: value == tokens - 1))
            }
            for try await reply in inbound {
                score.replies.withLockedValue { $0.append(reply.value) }
                if reply.isLast {
                    score.rounds.withLockedValue { $0 += 1 }
                    return .lobby
                }
            }
            return nil
        }
        return client
    }

    @Test("a client's composite protocol cycles through its states against a composite server")
    func clientCycles() async throws {
        let released = SessionReleases()
        let clientEvents = EventLog()
        let serverEvents = EventLog()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .composite(Self.rallyServer()),
            onEvent: serverEvents.handler
        )
        let rounds = 3
        let tokens = 100
        try await server.withPort { port in
            let client = Client(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                conversation: .composite(Self.rallyClient(rounds: rounds, tokens: tokens, released: released)),
                onEvent: clientEvents.handler
            )
            try await client.run()
        }
        #expect(released.ids.withLockedValue { $0.count } == 1)

        let expected =
            ["connected", "enteredState lobby"]
            + Array(
                repeating: [
                    "leftState lobby rally", "enteredState rally", "leftState rally lobby", "enteredState lobby",
                ],
                count: rounds
            ).flatMap { $0 }
        let seenByClient = await clientEvents.collect { $0.kind == .disconnected }
        #expect(Self.summary(seenByClient) == expected + ["disconnected processorFinished"])
        let seenByServer = await serverEvents.collect { $0.kind == .stopped }
        #expect(Self.summary(seenByServer) == expected + ["disconnected processorFinished", "stopped"])
    }

    /// A whole game's events, as `summary(_:)` gives them.
    static let gameEvents = [
        "connected",
        "enteredState handshake",
        "leftState handshake game",
        "enteredState game",
        "leftState game goodbye",
        "enteredState goodbye",
        "disconnected processorFinished",
    ]

    /// Events as `kind state nextState reason` lines.
    static func summary(_ events: [ConnectionEvent]) -> [String] {
        events.map { event in
            [event.kind.description, event.state, event.nextState, event.reason.map { "\($0)" }]
                .compactMap { $0 }.joined(separator: " ")
        }
    }
}

/// Holds a peer handle across states, as a careless session might.
private final class PeerBox: Sendable {
    let peer = NIOLockedValueBox<ConnectionPeer<String>?>(nil)
}
