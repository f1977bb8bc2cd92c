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

/// Settings every connection has, on a server and on a client.
///
/// ```swift
/// var configuration = Server.Configuration(host: "0.0.0.0", port: 9000)
/// configuration.connection.maximumMessageSize = 64 * 1024
/// configuration.connection.idleTimeout = .seconds(30)
/// ```
public struct ConnectionConfiguration: Sendable {
    /// The largest message accepted from a peer, in bytes (the payload of one frame).
    ///
    /// A longer frame closes the connection with `ReactiveMessagingError.Code.messageTooLarge`; the check is made
    /// before the frame is buffered whole, so a peer can make the connection hold at most this much plus one read.
    /// Defaults to 1 MiB.
    public var maximumMessageSize: Int

    /// How long a connection may receive nothing before it is closed with
    /// `ReactiveMessagingError.Code.idleTimeout`; `nil` disables the check. Defaults to 120 seconds.
    public var idleTimeout: Duration?

    /// Whether `TCP_NODELAY` is set, so small messages leave at once instead of waiting to be coalesced.
    /// Defaults to `true`: writes are already batched per read.
    public var tcpNoDelay: Bool

    /// How long a closing connection may take to write what it still holds and to see the peer close its side,
    /// before its socket is closed regardless. Defaults to 2 seconds.
    public var closeTimeout: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - maximumMessageSize: The largest message accepted from a peer, in bytes.
    ///   - idleTimeout: How long a connection may receive nothing before it is closed; `nil` for never.
    ///   - tcpNoDelay: Whether `TCP_NODELAY` is set.
    ///   - closeTimeout: How long closing a connection may take.
    public init(
        maximumMessageSize: Int = 1024 * 1024,
        idleTimeout: Duration? = .seconds(120),
        tcpNoDelay: Bool = true,
        closeTimeout: Duration = .seconds(2)
    ) {
        self.maximumMessageSize = maximumMessageSize
        self.idleTimeout = idleTimeout
        self.tcpNoDelay = tcpNoDelay
        self.closeTimeout = closeTimeout
    }

    /// The default configuration.
    public static var defaults: Self { Self() }

    /// The default configuration, changed by `configure`.
    ///
    /// - Parameter configure: Changes the defaults.
    /// - Returns: The configuration.
    public static func defaults(configure: (inout Self) -> Void) -> Self {
        var configuration = Self()
        configure(&configuration)
        return configuration
    }

    /// Checks the values against the serializer's framing.
    func validate(for framing: Framing) throws(ReactiveMessagingError) {
        guard self.maximumMessageSize >= 1 else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "maximumMessageSize must be at least 1")
        }
        if let size = framing.fixedByteCount, size > self.maximumMessageSize {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "fixed-size frames of \(size) bytes exceed maximumMessageSize (\(self.maximumMessageSize))"
            )
        }
        if let idle = self.idleTimeout, idle <= .zero {
            throw ReactiveMessagingError(code: .invalidArgument, message: "idleTimeout must be positive, or nil")
        }
        guard self.closeTimeout >= .zero else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "closeTimeout must not be negative")
        }
    }
}
