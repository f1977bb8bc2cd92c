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

public import NIOCore

/// Something that happened to a connection or to the server.
///
/// A server reports, for every connection it accepts, exactly one `connected` event and later exactly one
/// `disconnected` event, however the connection ends; then one `stopped` event when its `run()` returns. A
/// client reports `connected` and `disconnected` for its connection.
///
/// ```swift
/// let server = Server(transport: transport, conversation: conversation, logger: logger) { event in
///     if event.kind == .disconnected, let id = event.connectionID {
///         await sessions.remove(id)
///     }
/// }
/// ```
public struct ConnectionEvent: Sendable, CustomStringConvertible {
    /// What kind of event this is.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case connected
            case enteredState
            case leftState
            case disconnected
            case stopped
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// A connection was established; its processor is about to start.
        public static let connected = Self(.connected)

        /// A connection of a composite protocol entered a state (`ConnectionEvent/state`); its processor is about
        /// to run.
        public static let enteredState = Self(.enteredState)

        /// A connection of a composite protocol left a state (`ConnectionEvent/state`) for the next one
        /// (`ConnectionEvent/nextState`); a connection that ends in a state gets `disconnected` instead.
        public static let leftState = Self(.leftState)

        /// A connection ended and its socket is closed; ConnectionEvent/reason says why.
        public static let disconnected = Self(.disconnected)

        /// The server stopped: it accepts no connections and every connection it had has ended.
        public static let stopped = Self(.stopped)

        /// The kind, as text.
        public var description: String {
            switch self.wrapped {
            case .connected: "connected"
            case .enteredState: "enteredState"
            case .leftState: "leftState"
            case .disconnected: "disconnected"
            case .stopped: "stopped"
            }
        }
    }

    /// What kind of event this is.
    public var kind: Kind

    /// The connection the event is about; `nil` for `stopped`.
    public var connectionID: ConnectionID?

    /// The address of the connection's peer, when it is known.
    public var remoteAddress: SocketAddress?

    /// Why the connection ended; set for `disconnected` events only.
    public var reason: DisconnectReason?

    /// The state entered or left, as text; set for `enteredState` and `leftState` events only.
    public var state: String?

    /// The state a `leftState` event leads to, as text.
    public var nextState: String?

    /// Creates an event.
    ///
    /// - Parameters:
    ///   - kind: What kind of event this is.
    ///   - connectionID: The connection the event is about.
    ///   - remoteAddress: The address of the connection's peer.
    ///   - reason: Why the connection ended, for `disconnected` events.
    ///   - state: The state entered or left, for `enteredState` and `leftState` events.
    ///   - nextState: The state a `leftState` event leads to.
    public init(
        kind: Kind,
        connectionID: ConnectionID? = nil,
        remoteAddress: SocketAddress? = nil,
        reason: DisconnectReason? = nil,
        state: String? = nil,
        nextState: String? = nil
    ) {
        self.kind = kind
        self.connectionID = connectionID
        self.remoteAddress = remoteAddress
        self.reason = reason
        self.state = state
        self.nextState = nextState
    }

    /// The event, as text.
    public var description: String {
        var text = "\(self.kind)"
        if let id = self.connectionID { text += " #\(id)" }
        if let address = self.remoteAddress { text += " from \(address.hostAndPort)" }
        if let state = self.state { text += " \(state)" }
        if let nextState = self.nextState { text += " -> \(nextState)" }
        if let reason = self.reason { text += ": \(reason)" }
        return text
    }
}
