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

extension Server {
    /// How a Server listens and treats its connections.
    ///
    /// ```swift
    /// var configuration = Server.Configuration(host: "0.0.0.0", port: 9000)
    /// configuration.maximumConnections = 1_000
    /// configuration.connection.idleTimeout = .seconds(30)
    /// ```
    public struct Configuration: Sendable {
        /// The host name or address to listen on; `"0.0.0.0"` or `"::"` for every interface.
        public var host: String

        /// The port to listen on; `0` picks a free one (read it back with Server/listeningAddress).
        public var port: Int

        /// How many connections may wait in the kernel to be accepted. Defaults to 256.
        public var backlog: Int

        /// How many connections the server serves at once; a connection beyond that is closed as soon as it is
        /// accepted. Defaults to 10,000.
        public var maximumConnections: Int

        /// How long a graceful shutdown lets open connections finish before it closes them. Defaults to 10
        /// seconds.
        public var drainTimeout: Duration

        /// Settings for every connection: maximum message size, idle timeout, `TCP_NODELAY`, close timeout.
        public var connection: ConnectionConfiguration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - host: The host name or address to listen on.
        ///   - port: The port to listen on; `0` picks a free one.
        ///   - backlog: How many connections may wait in the kernel to be accepted.
        ///   - maximumConnections: How many connections the server serves at once.
        ///   - drainTimeout: How long a graceful shutdown lets open connections finish.
        ///   - connection: Settings for every connection.
        public init(
            host: String,
            port: Int,
            backlog: Int = 256,
            maximumConnections: Int = 10_000,
            drainTimeout: Duration = .seconds(10),
            connection: ConnectionConfiguration = .defaults
        ) {
            self.host = host
            self.port = port
            self.backlog = backlog
            self.maximumConnections = maximumConnections
            self.drainTimeout = drainTimeout
            self.connection = connection
        }

        /// Checks the values against the serializer's framing.
        func validate(for framing: Framing) throws(ReactiveMessagingError) {
            try self.connection.validate(for: framing)
            guard (0...65_535).contains(self.port) else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "port \(self.port) is out of range")
            }
            guard self.backlog >= 1, let _ = Int32(exactly: self.backlog) else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "backlog must be between 1 and 2^31-1")
            }
            guard self.maximumConnections >= 1 else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "maximumConnections must be at least 1")
            }
            guard self.drainTimeout >= .zero else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "drainTimeout must not be negative")
            }
        }
    }
}
