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

/// A server's life without sockets: listeners and connections are plain strings, and every event is checked for
/// what it tells the server to do.
@Suite("Server state machine", .timeLimit(.minutes(1 * TestTiming.scale)))
struct ServerStateMachineTests {
    typealias Machine = ServerStateMachine<String, String, String>

    /// A machine listening on "listener", with room for `maximumConnections`.
    static func listening(maximumConnections: Int = 10) -> Machine {
        var machine = Machine(maximumConnections: maximumConnections)
        _ = machine.startBinding()
        _ = machine.listening(on: "listener")
        return machine
    }

    static func id(_ rawValue: UInt64) -> ConnectionID {
        ConnectionID(rawValue: rawValue)
    }

    @Test("a server runs once: a second run is refused, before and after the first one stopped")
    func runsOnce() {
        var machine = Machine(maximumConnections: 1)
        let binds = machine.startBinding()
        #expect(binds)
        let bindsAgain = machine.startBinding()
        #expect(!bindsAgain)
        machine.bindingFailed()
        let bindsAfterStop = machine.startBinding()
        #expect(!bindsAfterStop)
    }

    @Test("a shutdown asked for while binding closes the listener as soon as it listens")
    func shutdownWhileBinding() {
        var machine = Machine(maximumConnections: 1)
        _ = machine.startBinding()
        let toClose = machine.beginGracefulShutdown()
        #expect(toClose == nil)
        let closesAtOnce = machine.listening(on: "listener")
        #expect(closesAtOnce)
    }

    @Test("a shutdown closes the listener once, however often it is asked for")
    func shutdownClosesListenerOnce() {
        var machine = Self.listening()
        let toClose = machine.beginGracefulShutdown()
        #expect(toClose == "listener")
        let toCloseAgain = machine.beginGracefulShutdown()
        #expect(toCloseAgain == nil)
        #expect(machine.isDraining)
        let failed = machine.stop()
        #expect(!failed)
    }

    @Test("connections are queued in order until the accept loop takes them; after a shutdown they are refused")
    func acceptThenRefuse() throws {
        var machine = Self.listening()
        #expect(machine.acceptLoopOutcome == nil)
        let takenBefore = machine.takeAccepted()
        #expect(takenBefore == nil)
        for name in ["a", "b"] {
            guard case .queued(let acceptLoop) = machine.accepted(name) else {
                Issue.record("\(name) was refused while the server runs")
                return
            }
            #expect(acceptLoop == nil)
        }
        #expect(try machine.acceptLoopOutcome?.get() == false)
        let taken = machine.takeAccepted()
        #expect(taken?.map(\.connection) == ["a", "b"])
        #expect(taken?.map(\.isAdmitted) == [true, true])
        _ = machine.beginGracefulShutdown()
        guard case .refuse = machine.accepted("c") else {
            Issue.record("a connection accepted after the shutdown was queued")
            return
        }
    }

    @Test("a full server does not admit the connection over its maximum; a connection ending makes room")
    func admission() {
        var machine = Self.listening(maximumConnections: 2)
        for name in ["a", "b", "c"] { _ = machine.accepted(name) }
        let taken = machine.takeAccepted()
        #expect(taken?.map(\.isAdmitted) == [true, true, false])
        #expect(machine.admitted == 2)
        let firstDrained = machine.deregister(Self.id(1))
        #expect(firstDrained == nil)
        _ = machine.accepted("d")
        let takenLater = machine.takeAccepted()
        #expect(takenLater?.map(\.isAdmitted) == [true])
    }

    @Test("the accept loop takes what is queued, then ends, once the listener has closed")
    func listenerClosedEndsAcceptLoop() throws {
        var machine = Self.listening()
        _ = machine.accepted("a")
        let (acceptLoop, toDrain) = machine.listenerClosed()
        #expect(acceptLoop == nil)
        #expect(toDrain.isEmpty)
        #expect(try machine.acceptLoopOutcome?.get() == false)
        let taken = machine.takeAccepted()
        #expect(taken?.map(\.connection) == ["a"])
        #expect(try machine.acceptLoopOutcome?.get() == true)
    }

    @Test("a listener that closes before a shutdown was asked for fails the run, and refuses what comes after")
    func listenerClosedUnexpectedly() {
        var machine = Self.listening()
        _ = machine.listenerClosed()
        guard case .refuse = machine.accepted("late") else {
            Issue.record("a connection accepted after the listener closed was queued")
            return
        }
        let failed = machine.stop()
        #expect(failed)
    }

    @Test("connections accepted but not taken when the accept loop ends are handed over to be closed, not dropped")
    func unclaimedAreHandedOver() {
        var machine = Self.listening()
        _ = machine.accepted("a")
        _ = machine.accepted("b")
        let unclaimed = machine.takeUnclaimed()
        #expect(unclaimed == ["a", "b"])
        let taken = machine.takeAccepted()
        #expect(taken == nil)
        guard case .refuse = machine.accepted("c") else {
            Issue.record("a connection accepted after the accept loop ended was queued")
            return
        }
    }

    @Test("the drain begins once the listener has closed: the open connections drain, and so does a late one")
    func drainWaitsForListener() {
        var machine = Self.listening()
        _ = machine.accepted("a")
        _ = machine.accepted("b")
        _ = machine.takeAccepted()
        let drainsAtOnce = machine.register("a", id: Self.id(1))
        #expect(!drainsAtOnce)
        _ = machine.beginGracefulShutdown()
        // Draining, but the listener is still open: not yet.
        let drainsWhileListening = machine.register("b", id: Self.id(2))
        #expect(!drainsWhileListening)
        let (_, toDrain) = machine.listenerClosed()
        #expect(toDrain.sorted() == ["a", "b"])
        // A connection whose processor starts from now on drains at once.
        _ = machine.accepted("c")
        _ = machine.takeAccepted()
        let lateDrainsAtOnce = machine.register("c", id: Self.id(3))
        #expect(lateDrainsAtOnce)
    }

    @Test("the drain's promise is handed back by the last connection to end, and only then")
    func drainCompletesWithLastConnection() throws {
        var machine = Self.listening()
        for name in ["a", "b"] { _ = machine.accepted(name) }
        _ = machine.takeAccepted()
        _ = machine.register("a", id: Self.id(1))
        _ = machine.register("b", id: Self.id(2))
        _ = machine.beginGracefulShutdown()
        _ = machine.listenerClosed()
        let beganDrain = machine.beginDrain()
        let drain = try #require(beganDrain)
        #expect(drain.connections.sorted() == ["a", "b"])
        let firstDrained = machine.deregister(Self.id(1))
        #expect(firstDrained == nil)
        #expect(machine.openConnections == ["b"])
        let lastDrained = machine.deregister(Self.id(2))
        #expect(lastDrained === drain.drained)
        #expect(machine.openConnections.isEmpty)
    }

    @Test("with no connection open, there is nothing to drain")
    func drainWithNothingOpen() {
        var machine = Self.listening()
        let drain = machine.beginDrain()
        #expect(drain == nil)
        #expect(machine.isDraining)
    }
}
