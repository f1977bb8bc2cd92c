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

import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

/// The states of a game protocol: a text handshake, then a binary game, which may go back to the lobby.
private enum Phase: Hashable, Sendable, CaseIterable {
    case handshake
    case lobby
    case game
}

@Suite("Composite state bookkeeping, without a socket", .timeLimit(.minutes(1 * TestTiming.scale)))
struct CompositeStateMachineTests {
    @Test("a connection enters its first state, moves through a cycle and closes, each event once and in order")
    func happyPath() {
        var machine = CompositeStateMachine(initial: Phase.handshake)
        var events = machine.start()
        events += machine.advance(to: .lobby)
        events += machine.advance(to: .game)
        events += machine.advance(to: .lobby)
        events += machine.advance(to: .lobby)
        events += machine.close(.peerClosed)
        #expect(
            events == [
                .entered(.handshake),
                .left(.handshake, next: .lobby), .entered(.lobby),
                .left(.lobby, next: .game), .entered(.game),
                .left(.game, next: .lobby), .entered(.lobby),
                .left(.lobby, next: .lobby), .entered(.lobby),
                .closed(.peerClosed, lastState: .lobby),
            ]
        )
        #expect(machine.transitions == 4)
        #expect(machine.phase == .closed)
        #expect(machine.current == nil)
    }

    @Test("a connection that ends before its first state closes once, in no state")
    func closedBeforeStart() {
        var machine = CompositeStateMachine(initial: Phase.handshake)
        #expect(machine.close(.shutdown) == [.closed(.shutdown, lastState: nil)])
        #expect(machine.start().isEmpty)
        #expect(machine.advance(to: .game).isEmpty)
        #expect(machine.close(.peerClosed).isEmpty)
        #expect(machine.phase == .closed)
    }

    @Test("steps that do not apply change nothing: advance before the start, a second start, a second close")
    func stepsThatDoNotApply() {
        var machine = CompositeStateMachine(initial: Phase.handshake)
        #expect(machine.advance(to: .game).isEmpty)
        #expect(machine.phase == .notStarted)
        #expect(machine.start() == [.entered(.handshake)])
        #expect(machine.start().isEmpty)
        #expect(machine.current == .handshake)
        let error = ReactiveMessagingError(code: .malformedMessage, message: "bad hello")
        #expect(machine.close(.error(error)) == [.closed(.error(error), lastState: .handshake)])
        #expect(machine.close(.processorFinished).isEmpty)
        #expect(machine.advance(to: .lobby).isEmpty)
        #expect(machine.transitions == 0)
    }

    @Test(
        "10,000 random walks, each ended at a random point: the session is released exactly once, events are well formed"
    )
    func randomWalks() {
        // A 64-bit LCG, seeded at random and reported, so a failure can be replayed.
        let seed = UInt64.random(in: 0 ... .max)
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let reasons: [DisconnectReason] = [.peerClosed, .processorFinished, .closed, .shutdown]
        for walk in 0..<10_000 {
            var machine = CompositeStateMachine(initial: Phase.handshake)
            var events: [CompositeStateMachine<Phase>.Event] = []
            // Any operation may come at any time, as a connection may drop at any point.
            for _ in 0..<next(12) {
                switch next(10) {
                case 0: events += machine.start()
                case 1: events += machine.close(reasons[next(reasons.count)])
                default: events += machine.advance(to: Phase.allCases[next(Phase.allCases.count)])
                }
            }
            events += machine.close(.peerClosed)

            let closes = events.filter { if case .closed = $0 { true } else { false } }
            #expect(closes.count == 1, "walk \(walk), seed \(seed): \(events)")
            #expect(closes.first == events.last, "walk \(walk), seed \(seed): closed is the last event")
            // Replaying the events gives a consistent story: each left leaves the state last entered, each
            // entered after the first follows a left to it, and closed names the state last entered.
            var inState: Phase?
            var awaitingEntry: Phase?
            for event in events {
                switch event {
                case .entered(let state):
                    #expect(awaitingEntry == state || (inState == nil && state == .handshake), "walk \(walk)")
                    inState = state
                    awaitingEntry = nil
                case .left(let state, let next):
                    #expect(inState == state && awaitingEntry == nil, "walk \(walk), seed \(seed)")
                    awaitingEntry = next
                case .closed(_, let lastState):
                    #expect(lastState == inState && awaitingEntry == nil, "walk \(walk), seed \(seed)")
                }
            }
            #expect(machine.phase == .closed)
        }
    }
}
