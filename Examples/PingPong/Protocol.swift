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

internal import ReactiveMessaging

// The wire protocol: a pre-game in JSON lines, then the game in a binary serializer the client chooses.

/// The version of the protocol this build speaks; the pre-game refuses any other.
let protocolVersion: UInt8 = 1

/// The connection's states, on both sides.
enum Phase: Hashable, Sendable, CustomStringConvertible {
    /// JSON lines: versions, then the match configuration.
    case preGame
    /// The game, in fixed-size binary frames.
    case gameFixed
    /// The game, in length-prefixed binary `Codable`.
    case gameVariable

    /// The game state for a serializer.
    init(game serde: GameSerde) {
        self = serde == .fixed ? .gameFixed : .gameVariable
    }

    var description: String {
        switch self {
        case .preGame: "preGame"
        case .gameFixed: "game(fixed)"
        case .gameVariable: "game(variable)"
        }
    }
}

/// The binary serializer of the game, chosen by the client.
enum GameSerde: String, Codable, Sendable, CaseIterable {
    case fixed
    case variable

    /// The serializer, the same type for both choices.
    var serializer: BuiltInSerializer<GameMessage, GameMessage> {
        BuiltInSerializer(self == .fixed ? .fixed : .variable)
    }
}

/// The two players. The client serves first.
enum Player: UInt8, Codable, Sendable, CustomStringConvertible {
    case client = 1
    case server = 2

    /// The other player.
    var opponent: Player {
        self == .client ? .server : .client
    }

    var description: String {
        self == .client ? "client" : "server"
    }
}

/// The rules of a match, proposed by the client and checked by the server.
struct MatchConfig: Codable, Equatable, Sendable {
    /// Points that win the match.
    var scoreLimit: UInt32
    /// How long a player may wait for the opponent's next play before cancelling the game.
    var rallyTimeoutMillis: UInt32
    /// The game's serializer.
    var serde: GameSerde
    /// Probabilities, per play, of each fault: a draw at or under one is that fault.
    var noBounce: Float
    var noRebate: Float
    var mishit: Float
    var preBounce: Float
    var netTouch: Float
    var netBlock: Float
    var ballOut: Float

    /// The rally timeout of a standard match: 5 seconds.
    static let standardRallyTimeoutMillis: UInt32 = 5_000

    /// The anchor study's probabilities, 0.001 to 0.007.
    static func standard(scoreLimit: UInt32, serde: GameSerde) -> MatchConfig {
        MatchConfig(
            scoreLimit: scoreLimit,
            rallyTimeoutMillis: standardRallyTimeoutMillis,
            serde: serde,
            noBounce: 0.001,
            noRebate: 0.002,
            mishit: 0.003,
            preBounce: 0.004,
            netTouch: 0.005,
            netBlock: 0.006,
            ballOut: 0.007
        )
    }

    /// Why a server refuses this configuration, if it does.
    ///
    /// - Parameter maximumRallyTimeoutMillis: The longest rally timeout the server accepts (see
    ///   `PingPongServer/maximumRallyTimeoutMillis(idleTimeout:)`).
    func problem(maximumRallyTimeoutMillis: UInt32) -> String? {
        let probabilities = [noBounce, noRebate, mishit, preBounce, netTouch, netBlock, ballOut]
        if !probabilities.allSatisfy({ (0...1).contains($0) }) { return "probabilities must be in 0...1" }
        if self.scoreLimit == 0 || self.scoreLimit > 1_000_000 { return "the score limit must be in 1...1000000" }
        if self.rallyTimeoutMillis == 0 || self.rallyTimeoutMillis > maximumRallyTimeoutMillis {
            return "the rally timeout must be in 1...\(maximumRallyTimeoutMillis) ms"
        }
        return nil
    }
}

/// What the client says before the game.
enum PreGameClientMessage: Codable, Equatable, Sendable {
    /// The protocol version the client speaks; its first message.
    case version(UInt8)
    /// The match it proposes, once the versions agree.
    case config(MatchConfig)
}

/// What the server says before the game.
enum PreGameServerMessage: Codable, Equatable, Sendable {
    /// The versions agree.
    case version(UInt8)
    /// The configuration is accepted: the game starts, in its serializer, and the client serves.
    case accepted
    /// The server refuses (another version, a bad configuration); it closes the connection.
    case refused(String)
}

/// The score, by player.
struct Score: Codable, Equatable, Sendable, CustomStringConvertible {
    var client: UInt32 = 0
    var server: UInt32 = 0

    subscript(player: Player) -> UInt32 {
        get { player == .client ? self.client : self.server }
        set {
            if player == .client { self.client = newValue } else { self.server = newValue }
        }
    }

    var description: String { "\(self.client)-\(self.server)" }
}

/// A fault: soft (the service is tried again) or hard (the opponent scores).
enum Fault: UInt8, Codable, Sendable, CaseIterable {
    case noBounce = 1
    case noRebate
    case mishit
    case preBounce
    case netTouch
    case netBlock
    case ballOut
}

/// Why a game was cancelled.
enum CancelReason: UInt8, Codable, Sendable {
    /// A player played out of turn.
    case wrongPlayer = 1
    /// The two umpires concluded different outcomes from the same draw.
    case umpiresDisagree
    /// The opponent did not play within the rally timeout.
    case rallyTimeout
    /// A message that makes no sense at this point of the game.
    case protocolError
    /// A play after the game was over.
    case gameAlreadyOver
}

/// What an umpire concludes from a play.
enum Outcome: Equatable, Codable, Sendable {
    /// A soft fault on service: the same player serves again.
    case softFault(Fault)
    /// A good service: the opponent's turn.
    case service
    /// A good return: the opponent's turn.
    case rebate
    /// A hard fault: `winner` scores and serves next.
    case point(winner: Player, fault: Fault)
    /// A hard fault that reaches the score limit: `winner` wins the match.
    case gameOver(winner: Player, fault: Fault)
    /// The play broke a rule.
    case cancelled(CancelReason)
}

/// A message of the game, in both directions.
enum GameMessage: Equatable, Codable, Sendable {
    /// A play: the player's draw, and what its own umpire concluded from it.
    case play(lucky: Float, outcome: Outcome)
    /// The client agrees with the final score.
    case endorsedScore(Score)
    /// The client does not agree with the final score.
    case contestedScore(Score)
    /// The client leaves the game.
    case quit
    /// The game was cancelled, with the score so far.
    case cancelled(CancelReason, Score)
    /// The server ends the conversation.
    case goodbye
    /// The server is shutting down; the game ends.
    case serverShutdown
}

// MARK: Fixed-size layout

/// 12 bytes: a tag, then the case's fields (zeros where a case has fewer), little endian.
///
///     play:           01 | outcome tag | fault | winner or reason | lucky (Float32)   | 4 zero bytes
///     endorsedScore:  02 | 3 zero bytes                            | client (UInt32)  | server (UInt32)
///     contestedScore: 03 | 3 zero bytes                            | client           | server
///     quit:           04 | 11 zero bytes
///     cancelled:      05 | reason | 2 zero bytes                   | client           | server
///     goodbye:        06 | 11 zero bytes
///     serverShutdown: 07 | 11 zero bytes
extension GameMessage: FixedSizeMessage {
    static var wireSize: Int { 12 }

    init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 1:
            let outcome = try Outcome(reading: &reader)
            let lucky = try reader.read(Float.self)
            guard lucky >= 0, lucky < 1 else {
                throw ReactiveMessagingError(code: .malformedMessage, message: "a draw must be in 0..<1")
            }
            try reader.skipPadding(4)
            self = .play(lucky: lucky, outcome: outcome)
        case 2, 3, 5:
            let reason = try reader.read(UInt8.self)
            try reader.skipPadding(2)
            let score = Score(client: try reader.read(UInt32.self), server: try reader.read(UInt32.self))
            switch tag {
            case 2 where reason == 0: self = .endorsedScore(score)
            case 3 where reason == 0: self = .contestedScore(score)
            case 5:
                guard let reason = CancelReason(rawValue: reason) else {
                    throw ReactiveMessagingError(code: .malformedMessage, message: "unknown cancel reason \(reason)")
                }
                self = .cancelled(reason, score)
            default: throw ReactiveMessagingError(code: .malformedMessage, message: "padding must be zero")
            }
        case 4, 6, 7:
            try reader.skipPadding(11)
            self = tag == 4 ? .quit : tag == 6 ? .goodbye : .serverShutdown
        default:
            throw ReactiveMessagingError(code: .malformedMessage, message: "unknown game message tag \(tag)")
        }
    }

    func write(to writer: inout FixedSizeWriter) {
        switch self {
        case .play(let lucky, let outcome):
            writer.write(UInt8(1))
            outcome.write(to: &writer)
            writer.write(lucky)
            writer.skipPadding(4)
        case .endorsedScore(let score), .contestedScore(let score):
            writer.write(UInt8(self == .endorsedScore(score) ? 2 : 3))
            writer.skipPadding(3)
            writer.write(score.client)
            writer.write(score.server)
        case .cancelled(let reason, let score):
            writer.write(UInt8(5))
            writer.write(reason)
            writer.skipPadding(2)
            writer.write(score.client)
            writer.write(score.server)
        case .quit, .goodbye, .serverShutdown:
            writer.write(UInt8(self == .quit ? 4 : self == .goodbye ? 6 : 7))
            writer.skipPadding(11)
        }
    }
}

extension Outcome {
    /// 3 bytes: a tag, the fault, and the winner or the cancel reason (0 where the case has none).
    init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
        let tag = try reader.read(UInt8.self)
        let fault = try reader.read(UInt8.self)
        let detail = try reader.read(UInt8.self)
        func malformed() -> ReactiveMessagingError {
            ReactiveMessagingError(code: .malformedMessage, message: "no outcome \(tag)/\(fault)/\(detail)")
        }
        switch (tag, Fault(rawValue: fault), Player(rawValue: detail), CancelReason(rawValue: detail)) {
        case (1, let fault?, _, _) where detail == 0: self = .softFault(fault)
        case (2, nil, _, _) where fault == 0 && detail == 0: self = .service
        case (3, nil, _, _) where fault == 0 && detail == 0: self = .rebate
        case (4, let fault?, let winner?, _): self = .point(winner: winner, fault: fault)
        case (5, let fault?, let winner?, _): self = .gameOver(winner: winner, fault: fault)
        case (6, nil, _, let reason?) where fault == 0: self = .cancelled(reason)
        default: throw malformed()
        }
    }

    func write(to writer: inout FixedSizeWriter) {
        let (tag, fault, detail): (UInt8, UInt8, UInt8) =
            switch self {
            case .softFault(let fault): (1, fault.rawValue, 0)
            case .service: (2, 0, 0)
            case .rebate: (3, 0, 0)
            case .point(let winner, let fault): (4, fault.rawValue, winner.rawValue)
            case .gameOver(let winner, let fault): (5, fault.rawValue, winner.rawValue)
            case .cancelled(let reason): (6, 0, reason.rawValue)
            }
        writer.write(tag)
        writer.write(fault)
        writer.write(detail)
    }
}
