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
    /// How a Server treats its connections, whatever its transport.
    ///
    /// ```swift
    /// var configuration = Server.Configuration()
    /// configuration.maximumConnections = 1_000
    /// configuration.connection.idleTimeout = .seconds(30)
    /// ```
    public struct Configuration: Sendable {
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

        /// Where the server reports its metrics (connections, messages, bytes, errors, send queues, drains); to
        /// `MetricsSystem.factory` by default.
        public var metrics: MetricsConfiguration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - backlog: How many connections may wait in the kernel to be accepted.
        ///   - maximumConnections: How many connections the server serves at once.
        ///   - drainTimeout: How long a graceful shutdown lets open connections finish.
        ///   - connection: Settings for every connection.
        ///   - metrics: Where the server reports its metrics.
        public init(
            backlog: Int = 256,
            maximumConnections: Int = 10_000,
            drainTimeout: Duration = .seconds(10),
            connection: ConnectionConfiguration = .defaults,
            metrics: MetricsConfiguration = MetricsConfiguration()
        ) {
            self.backlog = backlog
            self.maximumConnections = maximumConnections
            self.drainTimeout = drainTimeout
            self.connection = connection
            self.metrics = metrics
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
            try self.connection.validate(for: framing)
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
