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
internal import Synchronization

/// How a game ended, as the client saw it.
enum GameResult: Equatable, Sendable, CustomStringConvertible {
    /// Played to the score limit; the server said goodbye.
    case finished(winner: Player, score: Score)
    /// Cancelled by `by`, for `reason`.
    case cancelled(CancelReason, by: Player, score: Score)
    /// The server refused the handshake.
    case refused(String)
    /// The server shut down during the game.
    case serverShutdown(Score)
    /// The connection ended with no word from the server.
    case disconnected

    var description: String {
        switch self {
        case .finished(let winner, let score): "\(winner) won \(score)"
        case .cancelled(let reason, let by, let score): "cancelled by the \(by) at \(score): \(reason)"
        case .refused(let why): "refused: \(why)"
        case .serverShutdown(let score): "the server shut down at \(score)"
        case .disconnected: "disconnected"
        }
    }
}

/// A player's session on the client: the match it proposes, the result, and its message counts.
final class PlayerRecord: Sendable {
    let config: MatchConfig
    let seed: UInt64
    private let outcome = Mutex<GameResult?>(nil)
    private let messagesIn = Atomic(0)
    private let messagesOut = Atomic(0)

    init(config: MatchConfig, seed: UInt64 = UInt64.random(in: .min ... .max)) {
        self.config = config
        self.seed = seed
    }

    /// How the game ended; `disconnected` until it does.
    var result: GameResult {
        self.outcome.withLock { $0 } ?? .disconnected
    }

    /// Messages received and sent so far, in every state.
    var messages: (in: Int, out: Int) {
        (self.messagesIn.load(ordering: .relaxed), self.messagesOut.load(ordering: .relaxed))
    }

    /// Whether the game has ended, one way or another.
    var isOver: Bool {
        self.outcome.withLock { $0 != nil }
    }

    /// Records the first result; later ones are ignored.
    func finish(_ result: GameResult) {
        self.outcome.withLock { if $0 == nil { $0 = result } }
    }

    /// Counts a message received.
    func received() {
        self.messagesIn.add(1, ordering: .relaxed)
    }

    /// Counts a message sent.
    func sent() {
        self.messagesOut.add(1, ordering: .relaxed)
    }
}

/// The client's composite protocol: announce the version, propose the match, play it, endorse the score.
enum PingPongClient {
    static func makeProtocol(_ record: PlayerRecord) -> CompositeProtocol<Phase, PlayerRecord> {
        var game = CompositeProtocol<Phase, PlayerRecord>(initial: .preGame) { _ in record }
        game.add(.preGame, serializer: TextualSerializer<PreGameServerMessage, PreGameClientMessage>()) {
            inbound,
            context,
            record in
            record.sent()
            try await context.send(.version(protocolVersion))
            for try await message in inbound {
                record.received()
                switch message {
                case .version(protocolVersion):
                    record.sent()
                    try await context.send(.config(record.config))
                case .accepted:
                    return Phase(game: record.config.serde)
                case .refused(let why):
                    record.finish(.refused(why))
                    return nil
                case .version(let version):
                    record.finish(.refused("the server speaks version \(version)"))
                    return nil
                }
            }
            return nil
        }
        for serde in GameSerde.allCases {
            game.add(Phase(game: serde), serializer: serde.serializer) { inbound, context, record in
                try await self.play(inbound, context, record)
                return nil
            }
        }
        return game
    }

    /// The client's game: it serves first, checks each of the server's plays, answers with its own, and endorses
    /// the final score.
    static func play(
        _ inbound: ConnectionInbound<GameMessage>,
        _ context: ConnectionContext<GameMessage>,
        _ record: PlayerRecord
    ) async throws {
        var side = Side(me: .client, config: record.config, seed: record.seed)
        let send = { (message: GameMessage) in
            record.sent()
            try await context.send(message)
        }
        let peer = context.peer
        try await withRallyTimeout(.milliseconds(side.config.rallyTimeoutMillis)) {
            record.finish(.cancelled(.rallyTimeout, by: .client, score: Score()))
            _ = try? await peer.send(.cancelled(.rallyTimeout, Score()))
            peer.close()
        } _: { watch in
            /// Plays this side's turns; at the score limit, endorses the score.
            func playAndEndorse() async throws {
                try await side.playTurns(send: send)
                if let winner = side.winner {
                    record.finish(.finished(winner: winner, score: side.score))
                    try await send(.endorsedScore(side.score))
                }
            }
            try await playAndEndorse()
            for try await message in inbound {
                watch.beat()
                record.received()
                switch message {
                case .play(let lucky, let outcome):
                    if let reason = side.check(lucky: lucky, reported: outcome) {
                        record.finish(.cancelled(reason, by: .client, score: side.score))
                        try await send(.cancelled(reason, side.score))
                        continue  // the server says goodbye
                    }
                    try await playAndEndorse()
                case .goodbye:
                    return
                case .serverShutdown:
                    record.finish(.serverShutdown(side.score))
                    return
                case .cancelled(let reason, let score):
                    record.finish(.cancelled(reason, by: .server, score: score))
                    return
                case .endorsedScore, .contestedScore, .quit:
                    record.finish(.cancelled(.protocolError, by: .client, score: side.score))
                    try await send(.cancelled(.protocolError, side.score))
                    return
                }
            }
        }
    }
}
