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

/// The rules of ping-pong, as a value with no I/O: each side of a game runs its own.
///
/// A player serves; a service may be tried up to `serviceAttempts` times: on each attempt but the last, a draw at
/// or under the mishit or net-touch probability is a soft fault, and the service is tried again. Otherwise a draw
/// at or under a hard fault's probability (no bounce, no rebate, mishit, pre-bounce, net block, ball out, checked
/// in that order; a net touch is never hard) gives the opponent the point, and the scorer serves next; otherwise
/// the turn flips. Whether a play faults is decided by the player's
/// draw, a number in `0..<1`, against the match's probabilities, so an umpire that replays the opponent's draw
/// reaches the opponent's conclusion, or catches a cheat.
struct Umpire: Sendable {
    /// Where the game is.
    enum State: Equatable, Sendable {
        /// `server` is to serve, for the `attempt`th time (from 1).
        case waitingForService(server: Player, attempt: Int)
        /// `turn` is to return the ball.
        case rally(turn: Player)
        /// The game is over, won or cancelled.
        case over
    }

    /// How many times a service may be tried while soft faults happen.
    static let serviceAttempts = 3

    let config: MatchConfig
    private(set) var state = State.waitingForService(server: .client, attempt: 1)
    private(set) var score = Score()

    init(config: MatchConfig) {
        self.config = config
    }

    /// Who plays next; `nil` once the game is over.
    var turn: Player? {
        switch self.state {
        case .waitingForService(let server, _): server
        case .rally(let turn): turn
        case .over: nil
        }
    }

    /// Judges `player`'s play with draw `lucky`, and moves the game on.
    mutating func play(_ player: Player, lucky: Float) -> Outcome {
        guard let turn = self.turn else {
            return .cancelled(.gameAlreadyOver)
        }
        guard player == turn else {
            self.state = .over
            return .cancelled(.wrongPlayer)
        }
        switch self.state {
        case .waitingForService(let server, let attempt):
            if attempt < Self.serviceAttempts, let soft = self.softFault(lucky) {
                self.state = .waitingForService(server: server, attempt: attempt + 1)
                return .softFault(soft)
            }
            if let fault = self.hardFault(lucky) {
                return self.point(for: player.opponent, fault: fault)
            }
            self.state = .rally(turn: player.opponent)
            return .service
        case .rally:
            if let fault = self.hardFault(lucky) {
                return self.point(for: player.opponent, fault: fault)
            }
            self.state = .rally(turn: player.opponent)
            return .rebate
        case .over:
            return .cancelled(.gameAlreadyOver)
        }
    }

    /// Ends the game, for a reason outside the rules (a disagreement, a timeout).
    mutating func cancel() {
        self.state = .over
    }

    private func softFault(_ lucky: Float) -> Fault? {
        if lucky <= self.config.mishit { return .mishit }
        if lucky <= self.config.netTouch { return .netTouch }
        return nil
    }

    private func hardFault(_ lucky: Float) -> Fault? {
        let config = self.config
        if lucky <= config.noBounce { return .noBounce }
        if lucky <= config.noRebate { return .noRebate }
        if lucky <= config.mishit { return .mishit }
        if lucky <= config.preBounce { return .preBounce }
        if lucky <= config.netBlock { return .netBlock }
        if lucky <= config.ballOut { return .ballOut }
        return nil
    }

    private mutating func point(for winner: Player, fault: Fault) -> Outcome {
        self.score[winner] += 1
        if self.score[winner] >= self.config.scoreLimit {
            self.state = .over
            return .gameOver(winner: winner, fault: fault)
        }
        self.state = .waitingForService(server: winner, attempt: 1)
        return .point(winner: winner, fault: fault)
    }
}
