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
import Testing

@testable import PingPong

@Suite("PingPong: the umpire's rules, with no I/O", .timeLimit(.minutes(1 * TestTiming.scale)))
struct PingPongUmpireTests {
    static let config = MatchConfig.standard(scoreLimit: 3, serde: .fixed)

    @Test("a service, then returns flip the turn; the client serves first")
    func happyPath() {
        var umpire = Umpire(config: Self.config)
        #expect(umpire.turn == .client)
        #expect(umpire.play(.client, lucky: 0.5) == .service)
        #expect(umpire.turn == .server)
        #expect(umpire.play(.server, lucky: 0.5) == .rebate)
        #expect(umpire.play(.client, lucky: 0.9) == .rebate)
        #expect(umpire.turn == .server)
        #expect(umpire.score == Score())
    }

    @Test("soft faults on service: the same player serves again, twice at most; the third attempt faults hard")
    func softFaults() {
        var umpire = Umpire(config: Self.config)
        #expect(umpire.play(.client, lucky: 0.0025) == .softFault(.mishit))
        #expect(umpire.state == .waitingForService(server: .client, attempt: 2))
        #expect(umpire.play(.client, lucky: 0.0045) == .softFault(.netTouch))
        #expect(umpire.state == .waitingForService(server: .client, attempt: 3))
        // No soft fault on the last attempt: the same draw is a hard fault, and the server scores and serves.
        #expect(umpire.play(.client, lucky: 0.0045) == .point(winner: .server, fault: .netBlock))
        #expect(umpire.score == Score(client: 0, server: 1))
        #expect(umpire.state == .waitingForService(server: .server, attempt: 1))
    }

    @Test(
        "every hard fault in a rally gives the opponent the point; the first threshold the draw is under wins",
        arguments: [
            (Float(0.0005), Fault.noBounce), (0.0015, .noRebate), (0.0025, .mishit), (0.0035, .preBounce),
            (0.0055, .netBlock), (0.0065, .ballOut),
        ]
    )
    func hardFaults(lucky: Float, fault: Fault) {
        var umpire = Umpire(config: Self.config)
        #expect(umpire.play(.client, lucky: 0.5) == .service)
        #expect(umpire.play(.server, lucky: lucky) == .point(winner: .client, fault: fault))
        #expect(umpire.score == Score(client: 1, server: 0))
        #expect(umpire.turn == .client)
    }

    @Test("the point that reaches the score limit ends the game")
    func gameOver() {
        var umpire = Umpire(config: Self.config)
        for point in 1...3 {
            #expect(umpire.play(.client, lucky: 0.5) == .service)
            let outcome = umpire.play(.server, lucky: 0.0065)
            #expect(
                outcome
                    == (point < 3
                        ? .point(winner: .client, fault: .ballOut) : .gameOver(winner: .client, fault: .ballOut))
            )
        }
        #expect(umpire.turn == nil)
        #expect(umpire.score == Score(client: 3, server: 0))
        #expect(umpire.play(.client, lucky: 0.5) == .cancelled(.gameAlreadyOver))
    }

    @Test("a play out of turn cancels the game")
    func wrongPlayer() {
        var umpire = Umpire(config: Self.config)
        #expect(umpire.play(.server, lucky: 0.5) == .cancelled(.wrongPlayer))
        #expect(umpire.turn == nil)
    }

    @Test("two sides that replay each other's draws agree through whole games", arguments: [UInt64(1), 2, 3, 42])
    func sidesAgree(seed: UInt64) {
        let config = MatchConfig.standard(scoreLimit: 21, serde: .fixed)
        var client = Side(me: .client, config: config, seed: seed)
        var server = Side(me: .server, config: config, seed: seed &* 31)
        var plays = 0
        while !client.isOver {
            var (player, other) = client.isMyTurn ? (client, server) : (server, client)
            guard case .play(let lucky, let outcome) = player.play() else { break }
            #expect(other.check(lucky: lucky, reported: outcome) == nil)
            (client, server) = player.me == .client ? (player, other) : (other, player)
            plays += 1
        }
        #expect(server.isOver)
        #expect(client.score == server.score)
        #expect(client.winner != nil && client.winner == server.winner)
        #expect(plays > 21)
    }

    @Test("a reported outcome the draw does not give is caught: the game is cancelled")
    func cheatCaught() {
        var server = Side(me: .server, config: Self.config, seed: 7)
        // A good service reported as a point for the client.
        #expect(server.check(lucky: 0.5, reported: .point(winner: .client, fault: .ballOut)) == .umpiresDisagree)
        #expect(server.isOver)
        var other = Side(me: .server, config: Self.config, seed: 7)
        #expect(other.check(lucky: .nan, reported: .service) == .protocolError)
    }

    @Test("every game message survives the fixed-size layout, and bad frames are refused")
    func fixedLayout() throws {
        let messages: [GameMessage] = [
            .play(lucky: 0.25, outcome: .service), .play(lucky: 0.5, outcome: .rebate),
            .play(lucky: 0.001, outcome: .softFault(.mishit)),
            .play(lucky: 0.0065, outcome: .point(winner: .server, fault: .ballOut)),
            .play(lucky: 0.0065, outcome: .gameOver(winner: .client, fault: .netBlock)),
            .play(lucky: 0.1, outcome: .cancelled(.wrongPlayer)),
            .endorsedScore(Score(client: 21, server: 19)), .contestedScore(Score(client: 1, server: 2)), .quit,
            .cancelled(.rallyTimeout, Score(client: 3, server: 4)), .goodbye, .serverShutdown,
        ]
        let serializer = FixedSizeSerializer<GameMessage, GameMessage>()
        for message in messages {
            var buffer = ByteBuffer()
            try serializer.encode(message, into: &buffer)
            #expect(buffer.readableBytes == GameMessage.wireSize)
            #expect(try serializer.decode(&buffer) == message)
        }
        let bad: [[UInt8]] = [
            [9] + Array(repeating: 0, count: 11),  // no such tag
            [1, 2, 0, 0] + [0x00, 0x00, 0xC0, 0x7F] + [0, 0, 0, 0],  // a NaN draw
            [1, 2, 0, 0] + [0x00, 0x00, 0x80, 0x3F] + [0, 0, 0, 0],  // a draw of 1.0
            [1, 9, 0, 0] + Array(repeating: 0, count: 8),  // no such outcome
            [4, 0, 0, 0] + Array(repeating: 0, count: 7) + [1],  // quit, with a non-zero byte
            [2, 1, 0, 0] + Array(repeating: 0, count: 8),  // a score with a reason
        ]
        for bytes in bad {
            var buffer = ByteBuffer(bytes: bytes)
            #expect(throws: ReactiveMessagingError.self, "\(bytes)") { try serializer.decode(&buffer) }
        }
    }
}
