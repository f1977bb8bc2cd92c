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

/// Why a connection ended.
///
/// Compare with the static members, or look at error for connections that ended because of one:
///
/// ```swift
/// switch event.reason {
/// case .peerClosed?: ...
/// case let reason? where reason.error?.code == .idleTimeout: ...
/// default: ...
/// }
/// ```
public struct DisconnectReason: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
        case peerClosed
        case processorFinished
        case closed
        case shutdown
        case cancelled
        case error(ReactiveMessagingError)
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// The peer closed its side of the connection, and the processor then finished.
    public static let peerClosed = Self(.peerClosed)

    /// The processor finished (or its replies ended) while the peer was still connected.
    public static let processorFinished = Self(.processorFinished)

    /// A `ConnectionPeer` closed the connection.
    public static let closed = Self(.closed)

    /// The server or client shut down gracefully.
    public static let shutdown = Self(.shutdown)

    /// The connection's task was cancelled (its server's or client's task was, say), and the connection was
    /// closed without waiting for the peer.
    public static let cancelled = Self(.cancelled)

    /// The connection ended because of an error: bad input, an idle timeout, a network failure or the processor
    /// throwing.
    ///
    /// - Parameter error: What went wrong.
    /// - Returns: The reason.
    public static func error(_ error: ReactiveMessagingError) -> Self {
        Self(.error(error))
    }

    /// The error that ended the connection, if an error did.
    public var error: ReactiveMessagingError? {
        if case .error(let error) = self.wrapped { return error }
        return nil
    }

    /// The reason, as text.
    public var description: String {
        switch self.wrapped {
        case .peerClosed: "peerClosed"
        case .processorFinished: "processorFinished"
        case .closed: "closed"
        case .shutdown: "shutdown"
        case .cancelled: "cancelled"
        case .error(let error): "error(\(error))"
        }
    }
}
