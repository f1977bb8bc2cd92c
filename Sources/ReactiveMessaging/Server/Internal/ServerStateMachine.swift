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

/// A server's life as a value: its phase, the connections it has accepted and serves, and what the server must do
/// when something happens. The lock around it, and all I/O, are `Server`'s.
///
/// Every event is one mutating call, made under the server's lock, that returns what to do once the lock is
/// released (a listener to close, a task to resume, connections to drain). Generic over the listener and the
/// connections, so that its tests drive it with plain values, without sockets.
///
/// The order it keeps: a connection accepted once a shutdown was asked for is refused; one accepted before is
/// queued until the accept loop takes it or the server closes it, never dropped (apple/swift-nio#2637); the drain
/// begins only once the listener has closed, so that a client reconnecting during the drain is refused by the
/// system instead of landing in a closing server's queue.
struct ServerStateMachine<Listener, Accepted, Connection> {
    enum Phase {
        /// Not run yet.
        case idle
        /// `run()` is setting up the listener.
        case binding
        /// Accepting connections on the listener.
        case running(Listener)
        /// A graceful shutdown is under way: the listener is closing or closed, the connections finish.
        case draining
        /// `run()` has returned, or is about to.
        case stopped
    }

    /// What the server does with a connection the listener has just accepted.
    enum AcceptAction {
        /// Queued for the accept loop; resume the loop, if it waits, with `false` (look again).
        case queued(wakingAcceptLoop: UnsafeContinuation<Bool, any Error>?)
        /// The server stops accepting: close it.
        case refuse
    }

    private(set) var phase = Phase.idle

    /// Whether a graceful shutdown was asked for, or the listener closed: no connection is accepted any more.
    private(set) var isShutdownRequested = false

    /// Whether the listener has closed: once the accept loop has taken what is queued, it ends.
    private(set) var isListenerClosed = false

    /// Whether the listener closed before a shutdown was asked for.
    private var listenerClosedUnexpectedly = false

    /// The accept loop, parked until connections are queued or the listener closes. Only `Server` parks it, by
    /// key path, through `NIOLockedValueBox/wait(in:ticket:until:)` with `acceptLoopOutcome`.
    var acceptLoop = WaitQueue<Bool>()

    /// Connections the listener accepted that the accept loop has not taken yet, in order.
    private var unclaimed: [Accepted] = []

    /// Connections whose processor has started, by id.
    private var connections: [ConnectionID: Connection] = [:]

    /// Connections admitted and not yet ended, started or not.
    private(set) var admitted = 0

    /// The most connections admitted at once.
    let maximumConnections: Int

    /// Completed when the last admitted connection ends during a drain.
    private var drained: AsyncPromise<Void>?

    init(maximumConnections: Int) {
        self.maximumConnections = maximumConnections
    }

    /// Whether the server is shutting down or has stopped.
    var isDraining: Bool {
        switch self.phase {
        case .draining, .stopped: true
        case .idle, .binding, .running: false
        }
    }

    // MARK: Running

    /// `run()` begins: `false` if the server has run before (a server runs only once).
    mutating func startBinding() -> Bool {
        guard case .idle = self.phase else { return false }
        self.phase = .binding
        return true
    }

    /// The server could not listen.
    mutating func bindingFailed() {
        self.phase = .stopped
    }

    /// The server listens on `listener`.
    ///
    /// - Returns: Whether to close the listener at once: a shutdown was asked for while the server was binding.
    mutating func listening(on listener: Listener) -> Bool {
        self.phase = .running(listener)
        return self.isShutdownRequested
    }

    /// A graceful shutdown is asked for (any number of times, even before `run()`).
    ///
    /// - Returns: The listener to close, the first time the server is asked while it runs; the drain begins once
    ///   it has closed (`listenerClosed()`).
    mutating func beginGracefulShutdown() -> Listener? {
        self.isShutdownRequested = true
        guard case .running(let listener) = self.phase else { return nil }
        self.phase = .draining
        return listener
    }

    /// `run()` is returning.
    ///
    /// - Returns: Whether the listener had closed before a shutdown was asked for: `run()` fails.
    mutating func stop() -> Bool {
        self.phase = .stopped
        return self.listenerClosedUnexpectedly
    }

    // MARK: Accepting

    /// The listener has accepted `connection`.
    mutating func accepted(_ connection: Accepted) -> AcceptAction {
        guard !self.isShutdownRequested else { return .refuse }
        self.unclaimed.append(connection)
        return .queued(wakingAcceptLoop: self.acceptLoop.takeFirst())
    }

    /// What the parked accept loop waits for: `false` (look again) once connections are queued, `true` once the
    /// listener has closed and none are; `nil` while neither.
    var acceptLoopOutcome: Result<Bool, any Error>? {
        if !self.unclaimed.isEmpty { return .success(false) }
        return self.isListenerClosed ? .success(true) : nil
    }

    /// Takes every queued connection, each admitted or not (the server is full), in order; `nil` if none is queued.
    mutating func takeAccepted() -> [(connection: Accepted, isAdmitted: Bool)]? {
        guard !self.unclaimed.isEmpty else { return nil }
        defer { self.unclaimed = [] }
        return self.unclaimed.map { connection in (connection, self.admit()) }
    }

    /// Stops accepting and takes the queued connections, for the server to close: the accept loop has ended.
    mutating func takeUnclaimed() -> [Accepted] {
        self.isShutdownRequested = true
        defer { self.unclaimed = [] }
        return self.unclaimed
    }

    /// The listener has closed: no connection will be accepted any more.
    ///
    /// - Returns: The accept loop to resume with `false` (it takes what is still queued, then ends), and the
    ///   connections to drain if a shutdown is under way.
    mutating func listenerClosed() -> (acceptLoop: UnsafeContinuation<Bool, any Error>?, toDrain: [Connection]) {
        self.listenerClosedUnexpectedly = !self.isShutdownRequested
        self.isShutdownRequested = true
        self.isListenerClosed = true
        return (self.acceptLoop.takeFirst(), self.isDraining ? Array(self.connections.values) : [])
    }

    /// Counts a connection in; `false` if the server is full.
    private mutating func admit() -> Bool {
        guard self.admitted < self.maximumConnections else { return false }
        self.admitted += 1
        return true
    }

    // MARK: Serving

    /// An admitted connection's processor has started.
    ///
    /// - Returns: Whether to tell it to drain at once: the server is draining, and its listener has closed (before
    ///   that, `listenerClosed()` drains the connections it finds).
    mutating func register(_ connection: Connection, id: ConnectionID) -> Bool {
        self.connections[id] = connection
        return self.isDraining && self.isListenerClosed
    }

    /// An admitted connection has ended.
    ///
    /// - Returns: The drain's promise to complete, if it was the last one.
    mutating func deregister(_ id: ConnectionID) -> AsyncPromise<Void>? {
        self.connections[id] = nil
        self.admitted -= 1
        guard self.admitted == 0, let drained = self.drained else { return nil }
        self.drained = nil
        return drained
    }

    /// The accept loop has ended and the listener has closed: the connections finish.
    ///
    /// - Returns: The connections to tell to drain, and the promise completed when the last admitted one ends;
    ///   `nil` if none is open.
    mutating func beginDrain() -> (connections: [Connection], drained: AsyncPromise<Void>)? {
        if case .running = self.phase { self.phase = .draining }
        guard self.admitted > 0 else { return nil }
        let drained = AsyncPromise<Void>()
        self.drained = drained
        return (Array(self.connections.values), drained)
    }

    /// The connections still open: after the drain timeout, the server closes them.
    var openConnections: [Connection] {
        Array(self.connections.values)
    }
}

extension ServerStateMachine: Sendable where Listener: Sendable, Accepted: Sendable, Connection: Sendable {}

extension ServerStateMachine.Phase: Sendable where Listener: Sendable, Accepted: Sendable, Connection: Sendable {}
