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
import ReactiveMessagingTesting
import Synchronization
import Testing

/// The code of Book chapter 3 (composite protocols), compiled and run.
@Suite("Documentation examples: Book 3", .timeLimit(.minutes(1 * TestTiming.scale)))
struct DocumentationCompositeTests {
    // MARK: The chapter's messages, states and sessions

    enum LobbyRequest: Codable, Equatable, Sendable { case join(name: String) }
    enum LobbyReply: Codable, Equatable, Sendable { case welcome }

    /// 4 bytes: the number guessed.
    struct Guess: FixedSizeMessage, Equatable {
        var value: UInt32

        static var wireSize: Int { 4 }

        init(value: UInt32) {
            self.value = value
        }

        init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
            self.value = try reader.read(UInt32.self)
        }

        func write(to writer: inout FixedSizeWriter) {
            writer.write(self.value)
        }
    }

    /// 1 byte: higher, lower or correct (then 3 zero bytes: a frame is max(Guess, Hint) = 4 bytes).
    struct Hint: FixedSizeMessage, Equatable {
        enum Kind: UInt8 {
            case higher = 1
            case lower = 2
            case correct = 3
        }

        var kind: Kind

        static var wireSize: Int { 1 }

        init(kind: Kind) {
            self.kind = kind
        }

        init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
            self.kind = try reader.read(Kind.self)
        }

        func write(to writer: inout FixedSizeWriter) {
            writer.write(self.kind)
        }
    }

    enum Phase: Hashable, Sendable { case lobby, game }

    /// What the server keeps per connection, across its states.
    final class Player: Sendable {
        let id: ConnectionID
        let name = Mutex("")
        let secret = Mutex<UInt32>(0)

        init(id: ConnectionID) {
            self.id = id
        }
    }

    /// What the client keeps across its states.
    final class Rounds: Sendable {
        let played = Mutex(0)
    }

    /// The server's protocol; `left` hears every session released.
    static func guessingGame(left: @escaping @Sendable (Player) -> Void) -> CompositeProtocol<Phase, Player> {
        var guessing = CompositeProtocol<Phase, Player>(initial: .lobby) { player in
            left(player)  // called exactly once per connection, however it ends
        } session: { id in
            Player(id: id)
        }

        guessing.add(.lobby, serializer: TextualSerializer<LobbyRequest, LobbyReply>()) { inbound, context, player in
            for try await case .join(let name) in inbound {
                player.name.withLock { $0 = name }
                player.secret.withLock { $0 = UInt32.random(in: 1...100) }
                try await context.send(.welcome)
                return .game  // the next bytes are read with the game's serializer
            }
            return nil  // the peer left: end the connection
        }

        guessing.add(.game, serializer: FixedSizeSerializer<Guess, Hint>()) { inbound, context, player in
            let secret = player.secret.withLock { $0 }
            for try await guess in inbound {
                if guess.value < secret {
                    try await context.send(Hint(kind: .higher))
                } else if guess.value > secret {
                    try await context.send(Hint(kind: .lower))
                } else {
                    try await context.send(Hint(kind: .correct))
                    return .lobby  // states may cycle
                }
            }
            return nil
        }
        return guessing
    }

    /// The client's protocol: plays `games` games by bisection, then leaves.
    static func guesser(games: Int) -> CompositeProtocol<Phase, Rounds> {
        var guesser = CompositeProtocol<Phase, Rounds>(initial: .lobby) { _ in Rounds() }

        guesser.add(.lobby, serializer: TextualSerializer<LobbyReply, LobbyRequest>()) { inbound, context, rounds in
            guard rounds.played.withLock({ $0 }) < games else { return nil }
            try await context.send(.join(name: "ada"))
            for try await case .welcome in inbound {
                return .game
            }
            return nil
        }

        guesser.add(.game, serializer: FixedSizeSerializer<Hint, Guess>()) { inbound, context, rounds in
            var (low, high): (UInt32, UInt32) = (1, 100)
            try await context.send(Guess(value: (low + high) / 2))
            for try await hint in inbound {
                let guess = (low + high) / 2
                switch hint.kind {
                case .higher: low = guess + 1
                case .lower: high = guess - 1
                case .correct:
                    rounds.played.withLock { $0 += 1 }
                    return .lobby
                }
                try await context.send(Guess(value: (low + high) / 2))
            }
            return nil
        }
        return guesser
    }

    // MARK: Tests

    @Test("Book 3: the guessing game's client plays three games against its server over TCP")
    func overTCP() async throws {
        let released = Mutex<[String]>([])
        let server = Server(
            configuration: .init(host: "127.0.0.1", port: 0),
            protocol: Self.guessingGame { player in released.withLock { $0.append(player.name.withLock { $0 }) } }
        )
        let entered = Mutex<[String]>([])
        try await server.withRunning { address in
            let client = Client(
                configuration: clientConfiguration(port: address.port!),
                protocol: Self.guesser(games: 3),
                onEvent: { event in
                    if event.kind == .enteredState, let state = event.state { entered.withLock { $0.append(state) } }
                }
            )
            try await client.run()
        }
        #expect(entered.withLock { $0 } == ["lobby", "game", "lobby", "game", "lobby", "game", "lobby"])
        #expect(released.withLock { $0 } == ["ada"])
    }

    @Test("Book 3: the test kit plays the server by hand, then runs the client against it, in memory")
    func inMemory() async throws {
        let game = Self.guessingGame { _ in }
        let lobby = TextualSerializer<LobbyReply, LobbyRequest>()
        let play = FixedSizeSerializer<Hint, Guess>()
        let run = try await TestEndpoint.composite(game).run { peer in
            try await peer.send(.join(name: "ada"), using: lobby)
            let welcome = try await peer.receive(using: lobby)
            try await peer.send(Guess(value: 0), using: play)  // below any secret
            let hint = try await peer.receive(using: play)
            return (welcome, hint)
        }
        #expect(run.result.0 == .welcome)
        #expect(run.result.1.kind == .higher)
        #expect(run.events.compactMap(\.state) == ["lobby", "lobby", "game"])  // entered, left for game, entered

        let (client, server) = try await TestEndpoint.composite(Self.guesser(games: 3))
            .run(against: .composite(game))
        #expect(client.reason == .processorFinished)
        #expect(server.reason == .peerClosed)
        #expect(client.events.filter { $0.kind == .leftState }.count == 6)
    }
}
