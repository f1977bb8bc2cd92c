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

/// A player's session on the server: its side of the game, with the server's umpire. Released exactly once,
/// however the player leaves.
final class PlayerSession: Sendable {
    let id: ConnectionID
    let side = Mutex<Side?>(nil)

    init(id: ConnectionID) {
        self.id = id
    }
}

/// The server's composite protocol: the pre-game in JSON lines, then the game in the serializer the client chose.
enum PingPongServer {
    /// How long a connection may receive nothing, in any state, before the server closes it, unless told
    /// otherwise: this bounds a pre-game that never finishes and a player that vanishes.
    static let defaultIdleTimeout = Duration.seconds(30)

    /// The longest rally timeout a server with `idleTimeout` accepts, in milliseconds: two thirds of it (20,000 ms
    /// for the default 30 s). A silent opponent so always meets the game's own timeout, which tells the player
    /// why (`cancelled(rallyTimeout)`), well before the idle timeout closes the connection without a word.
    static func maximumRallyTimeoutMillis(idleTimeout: Duration) -> UInt32 {
        let (seconds, attoseconds) = (idleTimeout * 2 / 3).components
        return UInt32(clamping: seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
    }

    /// The protocol.
    ///
    /// - Parameters:
    ///   - idleTimeout: The server's idle timeout, which bounds the rally timeouts it accepts.
    ///   - seed: Seeds the server's draws for one player.
    ///   - release: Hears every session released.
    static func makeProtocol(
        idleTimeout: Duration = defaultIdleTimeout,
        seed: @escaping @Sendable (ConnectionID) -> UInt64 = { _ in UInt64.random(in: .min ... .max) },
        release: @escaping @Sendable (PlayerSession) -> Void = { _ in }
    ) -> CompositeProtocol<Phase, PlayerSession> {
        let maximumRallyTimeoutMillis = Self.maximumRallyTimeoutMillis(idleTimeout: idleTimeout)
        var game = CompositeProtocol<Phase, PlayerSession>(initial: .preGame, release: release) { id in
            PlayerSession(id: id)
        }
        game.add(.preGame, serializer: TextualSerializer<PreGameClientMessage, PreGameServerMessage>()) {
            inbound,
            context,
            session in
            var versionAgreed = false
            do {
                for try await message in inbound {
                    switch message {
                    case .version(protocolVersion) where !versionAgreed:
                        versionAgreed = true
                        try await context.send(.version(protocolVersion))
                    case .version where versionAgreed:
                        try await context.send(.refused("the version was already agreed"))
                        return nil
                    case .version(let version):
                        try await context.send(
                            .refused("this server speaks version \(protocolVersion), not \(version)")
                        )
                        return nil
                    case .config(let config) where versionAgreed:
                        if let problem = config.problem(maximumRallyTimeoutMillis: maximumRallyTimeoutMillis) {
                            try await context.send(.refused(problem))
                            return nil
                        }
                        session.side.withLock { $0 = Side(me: .server, config: config, seed: seed(session.id)) }
                        try await context.send(.accepted)
                        return Phase(game: config.serde)
                    case .config:
                        try await context.send(.refused("the version comes first"))
                        return nil
                    }
                }
            } catch let error as ReactiveMessagingError where error.code == .malformedMessage {
                // A line that is not a pre-game message: the peer learns why before the connection closes.
                try await context.send(.refused(Self.reason(error)))
                return nil
            }
            return nil
        }
        for serde in GameSerde.allCases {
            game.add(Phase(game: serde), serializer: serde.serializer) { inbound, context, session in
                try await self.play(inbound, context, session)
                return nil
            }
        }
        return game
    }

    /// What a refusal says of a pre-game line that did not decode: the serializer's message, then the decoder's.
    static func reason(_ error: ReactiveMessagingError) -> String {
        guard let cause = error.cause else { return error.message }
        return "\(error.message): \(cause)"
    }

    /// The server's game: checks each of the client's plays, answers with its own, and ends as the client or the
    /// rules say. The session keeps the side up to date.
    static func play(
        _ inbound: ConnectionInbound<GameMessage>,
        _ context: ConnectionContext<GameMessage>,
        _ session: PlayerSession
    ) async throws {
        guard var side = session.side.withLock({ $0 }) else { return }
        let peer = context.peer
        let timeout = Duration.milliseconds(side.config.rallyTimeoutMillis)
        try await withRallyTimeout(timeout) {
            let score = session.side.withLock { $0?.score ?? Score() }
            _ = try? await peer.send(.cancelled(.rallyTimeout, score))
            peer.close()
        } _: { watch in
            for try await message in inbound {
                watch.beat()
                switch message {
                case .play(let lucky, let outcome):
                    if let reason = side.check(lucky: lucky, reported: outcome) {
                        session.side.withLock { $0 = side }
                        try await context.send(.cancelled(reason, side.score))
                        try await context.send(.goodbye)
                        return
                    }
                    try await side.playTurns { try await context.send($0) }
                    session.side.withLock { $0 = side }
                case .endorsedScore, .contestedScore, .quit, .cancelled:
                    // Every ending the client asks for ends cleanly: a goodbye, then the connection closes.
                    try await context.send(.goodbye)
                    return
                case .goodbye, .serverShutdown:
                    try await context.send(.cancelled(.protocolError, side.score))
                    return
                }
            }
            // The input ended: the player left, or the server is shutting down and says so.
            if context.isShuttingDown {
                try? await context.send(.serverShutdown)
            }
        }
    }
}
