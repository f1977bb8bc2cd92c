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

import ReactiveMessagingTesting
import Testing

@testable import ReactiveMessaging

/// A client's life without sockets: the connection is a plain string, and every event is checked for what it tells
/// the client to do.
@Suite("Client state machine", .timeLimit(.minutes(1 * TestTiming.scale)))
struct ClientStateMachineTests {
    typealias Machine = ClientStateMachine<String>

    static func failure(_ code: ReactiveMessagingError.Code) -> DisconnectReason {
        .error(ReactiveMessagingError(code: code, message: "test"))
    }

    @Test("a client runs once")
    func runsOnce() {
        var machine = Machine(reconnects: true)
        let starts = machine.start()
        #expect(starts)
        let startsAgain = machine.start()
        #expect(!startsAgain)
        machine.stop()
        let startsAfterStop = machine.start()
        #expect(!startsAfterStop)
    }

    @Test("a shutdown drains the connection it is serving, and none between connections")
    func shutdownDrainsConnection() {
        var machine = Machine(reconnects: true)
        _ = machine.start()
        let drainsAtOnce = machine.connected("one")
        #expect(!drainsAtOnce)
        machine.disconnected()
        let secondDrainsAtOnce = machine.connected("two")
        #expect(!secondDrainsAtOnce)
        let toDrain = machine.beginGracefulShutdown()
        #expect(toDrain == "two")
        machine.disconnected()
        let toDrainBetween = machine.beginGracefulShutdown()
        #expect(toDrainBetween == nil)
        #expect(machine.isShutdownRequested)
    }

    @Test("a connection that starts after a shutdown was asked for drains at once")
    func shutdownWhileConnecting() {
        var machine = Machine(reconnects: true)
        _ = machine.start()
        let toDrain = machine.beginGracefulShutdown()
        #expect(toDrain == nil)
        let drainsAtOnce = machine.connected("late")
        #expect(drainsAtOnce)
    }

    @Test(
        "a lost connection is retried; one ended on purpose is not",
        arguments: [
            (DisconnectReason.peerClosed, true),
            (failure(.ioError), true),
            (failure(.idleTimeout), true),
            (failure(.connectionClosed), true),
            (.processorFinished, false),
            (.closed, false),
            (.shutdown, false),
            (.cancelled, false),
            (failure(.malformedMessage), false),
            (failure(.processorFailed), false),
            (failure(.certificateRejected), false),
        ]
    )
    func reconnectsWhenLost(reason: DisconnectReason, isRetried: Bool) {
        var machine = Machine(reconnects: true)
        _ = machine.start()
        _ = machine.connected("one")
        machine.disconnected()
        #expect(machine.shouldReconnect(after: reason) == isRetried)
    }

    @Test("a client that does not reconnect, or is shutting down, retries nothing")
    func noReconnection() {
        var once = Machine(reconnects: false)
        _ = once.start()
        #expect(!once.shouldReconnect(after: .peerClosed))
        var stopping = Machine(reconnects: true)
        _ = stopping.start()
        _ = stopping.beginGracefulShutdown()
        #expect(!stopping.shouldReconnect(after: .peerClosed))
    }
}
