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

/// Where one connection of a composite protocol is in its states, as a value.
///
/// The composite connection loop drives it: `start()` when the connection opens, `advance(to:)` when a state's
/// processor names the next state, `close(_:)` however the connection ends. Each step returns the events it
/// produces, and the rules live here rather than in the loop, so that they hold without a socket:
///
/// - `entered` fires once per entry into a state, `left` once per exit to a next state, and `closed` exactly once,
///   last; a `left(a, next: b)` is always followed by `entered(b)`;
/// - `closed` is the signal to release the connection's session, so the session is released exactly once, whether
///   the connection ends before its first state starts, in the middle of a state or after its last;
/// - a step that does not apply (a transition before the start or after the close, a second start or close) changes
///   nothing and produces no event.
///
/// State graphs may cycle: a connection may enter the same state any number of times.
package struct CompositeStateMachine<State: Hashable & Sendable>: Sendable {
    /// What the bookkeeping reports.
    package enum Event: Hashable, Sendable {
        /// The connection entered `state`; its processor is about to run.
        case entered(State)
        /// The connection left `state` for `next`, with no byte lost in between.
        case left(State, next: State)
        /// The connection ended, in `lastState` (`nil` if it ended before its first state started); release its
        /// session now.
        case closed(DisconnectReason, lastState: State?)
    }

    /// Where the connection is.
    package enum Phase: Hashable, Sendable {
        /// Open, before its first state.
        case notStarted
        /// In a state, whose processor runs.
        case running(State)
        /// Ended.
        case closed
    }

    /// The first state.
    package let initial: State

    /// Where the connection is now.
    package private(set) var phase: Phase = .notStarted

    /// How many times the connection moved from one state to the next.
    package private(set) var transitions = 0

    /// Creates the bookkeeping of a connection that will start in `initial`.
    ///
    /// - Parameter initial: The first state.
    package init(initial: State) {
        self.initial = initial
    }

    /// The state whose processor runs now, if any.
    package var current: State? {
        if case .running(let state) = self.phase { state } else { nil }
    }

    /// Enters the first state.
    ///
    /// - Returns: `entered(initial)`, or nothing if the connection has started or ended already.
    package mutating func start() -> [Event] {
        guard case .notStarted = self.phase else {
            return []
        }
        self.phase = .running(self.initial)
        return [.entered(self.initial)]
    }

    /// Moves from the current state to `next`, which may be the same state.
    ///
    /// - Returns: `left(current, next:)` then `entered(next)`, or nothing if no state is running.
    package mutating func advance(to next: State) -> [Event] {
        guard case .running(let state) = self.phase else {
            return []
        }
        self.phase = .running(next)
        self.transitions += 1
        return [.left(state, next: next), .entered(next)]
    }

    /// Ends the connection.
    ///
    /// - Parameter reason: Why it ended.
    /// - Returns: `closed(reason, lastState:)`, the one signal to release the session, or nothing if the connection
    ///   has ended already.
    package mutating func close(_ reason: DisconnectReason) -> [Event] {
        let lastState: State?
        switch self.phase {
        case .closed: return []
        case .notStarted: lastState = nil
        case .running(let state): lastState = state
        }
        self.phase = .closed
        return [.closed(reason, lastState: lastState)]
    }
}
