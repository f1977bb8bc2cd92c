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

/// A client's life as a value: its phase, its connection, and whether to connect again when a connection ends.
/// The lock around it, and all I/O, are `Client`'s.
///
/// Every event is one mutating call, made under the client's lock, that returns what to do once the lock is
/// released. Generic over the connection, so that its tests drive it with plain values, without sockets.
struct ClientStateMachine<Connection> {
    enum Phase {
        /// Not run yet.
        case idle
        /// Connecting, or waiting to connect again.
        case connecting
        /// Serving `connection`.
        case connected(Connection)
        /// `run()` has returned, or is about to.
        case stopped
    }

    private(set) var phase = Phase.idle

    /// Whether a graceful shutdown was asked for: the client neither connects nor retries any more.
    private(set) var isShutdownRequested = false

    /// Whether the client connects again after a connection is lost (`Client.Configuration/reconnects`).
    let reconnects: Bool

    init(reconnects: Bool) {
        self.reconnects = reconnects
    }

    /// `run()` begins: `false` if the client has run before (a client runs only once).
    mutating func start() -> Bool {
        guard case .idle = self.phase else { return false }
        self.phase = .connecting
        return true
    }

    /// The connection's processor has started.
    ///
    /// - Returns: Whether to tell it to drain at once: a shutdown was asked for while the client connected.
    mutating func connected(_ connection: Connection) -> Bool {
        self.phase = .connected(connection)
        return self.isShutdownRequested
    }

    /// The connection's processor has ended: the client is between connections.
    mutating func disconnected() {
        self.phase = .connecting
    }

    /// Whether to connect again after a connection ended for `reason`: it was lost (the server closed it, or the
    /// network or the idle timeout failed it), the client reconnects, and no shutdown was asked for.
    func shouldReconnect(after reason: DisconnectReason) -> Bool {
        self.reconnects && Self.isLost(reason) && !self.isShutdownRequested
    }

    /// A graceful shutdown is asked for (any number of times).
    ///
    /// - Returns: The connection to drain, if the client is connected.
    mutating func beginGracefulShutdown() -> Connection? {
        self.isShutdownRequested = true
        guard case .connected(let connection) = self.phase else { return nil }
        return connection
    }

    /// `run()` is returning.
    mutating func stop() {
        self.phase = .stopped
    }

    /// Whether a connection that ended so was lost, rather than ended on purpose.
    private static func isLost(_ reason: DisconnectReason) -> Bool {
        if reason == .peerClosed { return true }
        switch reason.error?.code {
        case .ioError?, .idleTimeout?, .connectionClosed?: return true
        default: return false
        }
    }
}

extension ClientStateMachine: Sendable where Connection: Sendable {}

extension ClientStateMachine.Phase: Sendable where Connection: Sendable {}
