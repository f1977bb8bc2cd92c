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

/// One player's side of a game, the logic client and server share: its own umpire, which checks each of the
/// opponent's plays by replaying the opponent's draw, and its own plays.
struct Side: Sendable {
    /// Who this side plays.
    let me: Player
    private(set) var umpire: Umpire
    private var random: SplitMix64

    /// A side of a match, drawing from a generator seeded with `seed`.
    init(me: Player, config: MatchConfig, seed: UInt64) {
        self.me = me
        self.umpire = Umpire(config: config)
        self.random = SplitMix64(seed: seed)
    }

    var config: MatchConfig { self.umpire.config }
    var score: Score { self.umpire.score }
    var isOver: Bool { self.umpire.turn == nil }
    var isMyTurn: Bool { self.umpire.turn == self.me }

    /// The winner, once the score limit is reached.
    var winner: Player? {
        if self.score.client >= self.config.scoreLimit { return .client }
        if self.score.server >= self.config.scoreLimit { return .server }
        return nil
    }

    /// Checks the opponent's play: this side's umpire must reach the outcome the opponent reported.
    ///
    /// - Returns: `nil` if it does; otherwise why the game is cancelled (and it is, on this side).
    mutating func check(lucky: Float, reported: Outcome) -> CancelReason? {
        guard lucky >= 0, lucky < 1 else {
            self.umpire.cancel()
            return .protocolError
        }
        let outcome = self.umpire.play(self.me.opponent, lucky: lucky)
        if case .cancelled(let reason) = outcome {
            return reason
        }
        guard outcome == reported else {
            self.umpire.cancel()
            return .umpiresDisagree
        }
        return nil
    }

    /// Makes this side's next play: a draw, judged by its own umpire.
    mutating func play() -> GameMessage {
        let lucky = self.random.nextUnitFloat()
        return .play(lucky: lucky, outcome: self.umpire.play(self.me, lucky: lucky))
    }

    /// Plays while it is this side's turn (a service tried again after a soft fault, say), sending each play.
    mutating func playTurns(send: (GameMessage) async throws -> Void) async throws {
        while self.isMyTurn {
            try await send(self.play())
        }
    }

    /// Ends the game for a reason outside the rules.
    mutating func cancel() {
        self.umpire.cancel()
    }
}

/// SplitMix64: a small seeded generator, so that a game can be replayed.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<1`, from the top 24 bits.
    mutating func nextUnitFloat() -> Float {
        Float(self.next() >> 40) * 0x1p-24
    }
}
