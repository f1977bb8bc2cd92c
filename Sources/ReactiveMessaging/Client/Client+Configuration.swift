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

extension Client {
    /// How a Client connects and retries, and how it treats its connection, whatever its transport.
    ///
    /// ```swift
    /// var configuration = Client.Configuration()
    /// configuration.backoff.maximumAttempts = 10
    /// ```
    public struct Configuration: Sendable {
        /// How long one connection attempt may take. Defaults to 10 seconds.
        public var connectTimeout: Duration

        /// How failed connection attempts are retried.
        public var backoff: Backoff

        /// Settings for the connection: maximum message size, idle timeout, `TCP_NODELAY`, close timeout.
        public var connection: ConnectionConfiguration
        /// Whether `run()` connects again when the connection is lost. Defaults to `false`.
        ///
        /// A connection is lost when the server closes it or it fails (a network error, the idle timeout). The
        /// client then waits `backoff.initialDelay` (with jitter), connects again with the same backoff, and runs
        /// its processor from the start on the new connection, with the next connection id. Nothing is carried
        /// over: what was sent and not yet written is lost with the old connection, and a peer handle kept from
        /// it throws `connectionClosed`. A connection that ends because the processor returned, closed it, or
        /// failed, because of bad input, or because of a shutdown is not reconnected, and `run()` returns (or
        /// throws) as without this setting; so does a reconnection whose attempts all fail.
        public var reconnects: Bool

        /// Where the client reports its metrics (its connection, messages, bytes, errors, send queue); to
        /// `MetricsSystem.factory` by default.
        public var metrics: MetricsConfiguration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - connectTimeout: How long one connection attempt may take.
        ///   - backoff: How failed connection attempts are retried.
        ///   - connection: Settings for the connection.
        ///   - reconnects: Whether `run()` connects again when the connection is lost.
        ///   - metrics: Where the client reports its metrics.
        public init(
            connectTimeout: Duration = .seconds(10),
            backoff: Backoff = .defaults,
            connection: ConnectionConfiguration = .defaults,
            reconnects: Bool = false,
            metrics: MetricsConfiguration = MetricsConfiguration()
        ) {
            self.connectTimeout = connectTimeout
            self.backoff = backoff
            self.connection = connection
            self.reconnects = reconnects
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
            try self.backoff.validate()
            guard self.connectTimeout > .zero else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "connectTimeout must be positive")
            }
        }
    }

    /// Bounded retry with exponential backoff and jitter.
    ///
    /// After the n-th failed attempt the client waits `initialDelay × multiplier^(n-1)`, capped at
    /// `maximumDelay`, minus a random part of up to `jitter` of it (so that many clients restarting together
    /// do not retry in step), then tries again, up to `maximumAttempts` attempts in all.
    public struct Backoff: Sendable {
        /// How many connection attempts are made in all, the first included. Defaults to 5.
        public var maximumAttempts: Int

        /// The wait after the first failed attempt. Defaults to 100 ms.
        public var initialDelay: Duration

        /// The longest wait between two attempts. Defaults to 5 seconds.
        public var maximumDelay: Duration

        /// How much each wait grows over the one before. Defaults to 2.
        public var multiplier: Double

        /// The largest fraction of a wait that is taken off at random, from 0 (none) to 1. Defaults to 0.5.
        public var jitter: Double

        /// Creates a backoff.
        ///
        /// - Parameters:
        ///   - maximumAttempts: How many connection attempts are made in all.
        ///   - initialDelay: The wait after the first failed attempt.
        ///   - maximumDelay: The longest wait between two attempts.
        ///   - multiplier: How much each wait grows over the one before.
        ///   - jitter: The largest fraction of a wait taken off at random.
        public init(
            maximumAttempts: Int = 5,
            initialDelay: Duration = .milliseconds(100),
            maximumDelay: Duration = .seconds(5),
            multiplier: Double = 2,
            jitter: Double = 0.5
        ) {
            self.maximumAttempts = maximumAttempts
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
            self.multiplier = multiplier
            self.jitter = jitter
        }

        /// Five attempts, from 100 ms apart up to 5 seconds apart, with jitter.
        public static var defaults: Self { Self() }

        /// One attempt, no retry.
        public static var none: Self { Self(maximumAttempts: 1) }

        /// The wait after failed attempt number `attempt` (1 for the first), before jitter.
        ///
        /// - Parameter attempt: The number of the attempt that failed, from 1.
        /// - Returns: The wait.
        public func delay(afterAttempt attempt: Int) -> Duration {
            let initial = Self.seconds(self.initialDelay)
            let maximum = Self.seconds(self.maximumDelay)
            var delay = initial
            for _ in 1..<max(attempt, 1) where delay < maximum {
                delay *= self.multiplier
            }
            return .seconds(min(delay, maximum))
        }

        /// The wait after failed attempt number `attempt`, with jitter applied.
        func jitteredDelay(afterAttempt attempt: Int) -> Duration {
            let delay = Self.seconds(self.delay(afterAttempt: attempt))
            return .seconds(delay * (1 - self.jitter * Double.random(in: 0..<1)))
        }

        func validate() throws(ReactiveMessagingError) {
            guard self.maximumAttempts >= 1 else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "maximumAttempts must be at least 1")
            }
            guard self.initialDelay >= .zero, self.maximumDelay >= self.initialDelay else {
                throw ReactiveMessagingError(
                    code: .invalidArgument,
                    message: "backoff delays must satisfy 0 <= initialDelay <= maximumDelay"
                )
            }
            guard self.multiplier >= 1, (0...1).contains(self.jitter) else {
                throw ReactiveMessagingError(
                    code: .invalidArgument,
                    message: "backoff needs multiplier >= 1 and jitter in 0...1"
                )
            }
        }

        private static func seconds(_ duration: Duration) -> Double {
            let (seconds, attoseconds) = duration.components
            return Double(seconds) + Double(attoseconds) * 1e-18
        }
    }
}
