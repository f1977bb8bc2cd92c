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

/// The error every ReactiveMessaging API throws.
///
/// An error carries a ``code`` that says what went wrong, a human-readable ``message`` and, where another error
/// caused it, that ``cause``. Codes are extensible: match them with `==` or in a `switch` with a `default` case.
///
/// ```swift
/// do {
///     for try await message in inbound { ... }
/// } catch let error as ReactiveMessagingError where error.code == .messageTooLarge {
///     logger.debug("peer sent an oversized message", metadata: ["error": "\(error)"])
/// }
/// ```
public struct ReactiveMessagingError: Error, Hashable, Sendable {
    /// What went wrong.
    public var code: Code

    /// A description of the error for people: what happened and where.
    public var message: String

    /// The error that caused this one, if any.
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - message: A description of the error for people.
    ///   - cause: The error that caused this one, if any.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// Two errors are equal when their codes and messages are; the cause is not compared.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    /// Hashes the code and the message; the cause is not hashed.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.message)
    }
}

extension ReactiveMessagingError {
    /// The kind of a ``ReactiveMessagingError``.
    ///
    /// A struct rather than an enum so that codes can be added without breaking code that switches over them.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case messageTooLarge
            case malformedMessage
            case encodingFailed
            case idleTimeout
            case connectionClosed
            case connectionFailed
            case connectionLimitReached
            case processorFailed
            case ioError
            case invalidArgument
            case stateEnded
            case addressInUse
            case tlsHandshakeFailed
            case certificateRejected
            case handshakeTimeout
            case slowConsumer
            case groupLimitReached
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// A frame is longer than the configured maximum message size; the connection is closed.
        public static let messageTooLarge = Self(.messageTooLarge)

        /// A frame's bytes could not be decoded into a message.
        public static let malformedMessage = Self(.malformedMessage)

        /// A message could not be encoded, or its encoding breaks the framing (a newline inside a text line, a
        /// fixed-size message of the wrong size).
        public static let encodingFailed = Self(.encodingFailed)

        /// Nothing was read from or written to the connection for the configured idle timeout.
        public static let idleTimeout = Self(.idleTimeout)

        /// The connection is closed, or is closing, so the message cannot be sent.
        public static let connectionClosed = Self(.connectionClosed)

        /// A client could not connect, even after retrying.
        public static let connectionFailed = Self(.connectionFailed)

        /// The server already serves its maximum number of connections.
        public static let connectionLimitReached = Self(.connectionLimitReached)

        /// The user's processor threw; the cause is its error.
        public static let processorFailed = Self(.processorFailed)

        /// The network failed under the connection (for example, the peer reset it); the cause is the system error.
        public static let ioError = Self(.ioError)

        /// An argument or a configuration value is out of its valid range.
        public static let invalidArgument = Self(.invalidArgument)

        /// A peer handle of a composite protocol's state was used after its connection moved to another state,
        /// whose serializer it cannot speak; nothing was sent.
        public static let stateEnded = Self(.stateEnded)

        /// A server cannot listen where it was told to: another socket is bound to the port, or another server
        /// answers on the Unix socket's path.
        public static let addressInUse = Self(.addressInUse)

        /// A TLS handshake failed for a reason other than a certificate: the peer does not speak TLS (a plaintext
        /// client on a TLS port, or a TLS client on a plaintext one), it offers no protocol version or cipher this
        /// side accepts, or it closed the connection during the handshake.
        public static let tlsHandshakeFailed = Self(.tlsHandshakeFailed)

        /// A TLS certificate was refused: the peer's did not verify (untrusted, expired, not yet valid, or not for
        /// this host), the peer refused this side's, or a client presented none to a server that requires one.
        public static let certificateRejected = Self(.certificateRejected)

        /// A handshake (TLS's) did not finish within its deadline; the connection was closed.
        public static let handshakeTimeout = Self(.handshakeTimeout)

        /// The peer did not read as fast as it was sent to: its send queue was full under the `disconnect`
        /// slow-consumer policy, and the connection was closed.
        public static let slowConsumer = Self(.slowConsumer)

        /// A connection was to join one group more than its limit allows, or a new group was to be made past the
        /// registry's limit (`GroupLimits`); the connection stays in the groups it was in.
        public static let groupLimitReached = Self(.groupLimitReached)

        /// The name of the code, as written in Swift.
        public var description: String {
            switch self.wrapped {
            case .messageTooLarge: "messageTooLarge"
            case .malformedMessage: "malformedMessage"
            case .encodingFailed: "encodingFailed"
            case .idleTimeout: "idleTimeout"
            case .connectionClosed: "connectionClosed"
            case .connectionFailed: "connectionFailed"
            case .connectionLimitReached: "connectionLimitReached"
            case .processorFailed: "processorFailed"
            case .ioError: "ioError"
            case .invalidArgument: "invalidArgument"
            case .stateEnded: "stateEnded"
            case .addressInUse: "addressInUse"
            case .tlsHandshakeFailed: "tlsHandshakeFailed"
            case .certificateRejected: "certificateRejected"
            case .handshakeTimeout: "handshakeTimeout"
            case .slowConsumer: "slowConsumer"
            case .groupLimitReached: "groupLimitReached"
            }
        }
    }
}

extension ReactiveMessagingError: CustomStringConvertible {
    /// The code and the message, then the cause if there is one.
    public var description: String {
        if let cause = self.cause {
            return "\(self.code): \(self.message) (cause: \(cause))"
        }
        return "\(self.code): \(self.message)"
    }
}
