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

internal import CoreMetrics
internal import ReactiveMessagingCore

/// The metrics of one server's or client's connections, made once from its `MetricsConfiguration`.
///
/// The hot paths report per read and per write, never per message: a connection counts the messages of a read in
/// a plain integer and reports them when it waits for the next read. Metrics with a dimension of their own
/// (`reason`, `code`, `action`, `outcome`) are made when first reported: they are rare, and the backend keeps one
/// per label and dimensions.
final class ConnectionMetrics: Sendable {
    private let connectionsOpened: Counter
    private let connectionsActive: Meter
    private let messagesReceived: Counter
    private let messagesSent: Counter
    private let bytesReceived: Counter
    private let bytesSent: Counter
    private let sendQueueMessages: Meter
    private let sendQueueBytes: Meter
    private let drainDuration: Timer
    private let tlsHandshakeFailures: Counter
    /// Messages dropped, by the policy that dropped them: `dropNewest`, `dropOldest`, `keepLatest`, `disconnect`.
    private let dropped: [Counter]

    private let factory: any MetricsFactory
    private let labelPrefix: String
    private let dimensions: [(String, String)]

    /// The labels, without their prefix, as Book chapter 7 lists them.
    enum Name {
        static let connectionsOpened = "connections_opened_total"
        static let connectionsActive = "connections_active"
        static let connectionsClosed = "connections_closed_total"
        static let messagesReceived = "messages_received_total"
        static let messagesSent = "messages_sent_total"
        static let bytesReceived = "bytes_received_total"
        static let bytesSent = "bytes_sent_total"
        static let decodeErrors = "decode_errors_total"
        static let badInputActions = "bad_input_actions_total"
        static let sendQueueMessages = "send_queue_messages"
        static let sendQueueBytes = "send_queue_bytes"
        static let dropped = "messages_dropped_total"
        static let drains = "drains_total"
        static let drainDuration = "drain_duration_seconds"
        static let tlsHandshakeFailures = "tls_handshake_failures_total"
    }

    init(_ configuration: MetricsConfiguration) {
        let factory = configuration.factory ?? MetricsSystem.factory
        let prefix = configuration.labelPrefix
        let dimensions = configuration.dimensions
        self.factory = factory
        self.labelPrefix = prefix
        self.dimensions = dimensions
        func counter(_ name: String, _ extra: [(String, String)] = []) -> Counter {
            Counter(label: prefix + name, dimensions: dimensions + extra, factory: factory)
        }
        func meter(_ name: String) -> Meter {
            Meter(label: prefix + name, dimensions: dimensions, factory: factory)
        }
        self.connectionsOpened = counter(Name.connectionsOpened)
        self.connectionsActive = meter(Name.connectionsActive)
        self.messagesReceived = counter(Name.messagesReceived)
        self.messagesSent = counter(Name.messagesSent)
        self.bytesReceived = counter(Name.bytesReceived)
        self.bytesSent = counter(Name.bytesSent)
        self.sendQueueMessages = meter(Name.sendQueueMessages)
        self.sendQueueBytes = meter(Name.sendQueueBytes)
        self.drainDuration = Timer(
            label: prefix + Name.drainDuration,
            dimensions: dimensions,
            preferredDisplayUnit: .seconds,
            factory: factory
        )
        self.tlsHandshakeFailures = counter(Name.tlsHandshakeFailures)
        self.dropped = Self.droppingPolicies.map { policy in counter(Name.dropped, [("policy", "\(policy)")]) }
    }

    /// The policies that drop messages, in the order of `dropped`.
    private static let droppingPolicies: [SlowConsumerPolicy] = [.dropNewest, .dropOldest, .keepLatest, .disconnect]

    /// A graceful shutdown's drain ended, `inTime` or when its time ran out, after `duration`.
    func drained(inTime: Bool, duration: Duration) {
        self.counter(Name.drains, ("outcome", inTime ? "completed" : "timedOut")).increment()
        self.drainDuration.recordNanoseconds(Int64(clamping: duration.nanoseconds))
    }

    /// A read of `count` bytes arrived.
    func received(bytes count: Int) {
        self.bytesReceived.increment(by: count)
    }

    /// `count` bytes were written.
    func sent(bytes count: Int) {
        if count > 0 { self.bytesSent.increment(by: count) }
    }

    /// `count` messages were cut off the input.
    func received(messages count: Int) {
        if count > 0 { self.messagesReceived.increment(by: count) }
    }

    /// `count` messages were written, or queued to be.
    func sent(messages count: Int) {
        if count > 0 { self.messagesSent.increment(by: count) }
    }

    /// A TLS handshake failed.
    func tlsHandshakeFailed() {
        self.tlsHandshakeFailures.increment()
    }

    /// A connection started its conversation.
    func connectionOpened() {
        self.connectionsOpened.increment()
        self.connectionsActive.increment()
    }

    /// A connection ended, for `reason`.
    func connectionClosed(_ reason: DisconnectReason) {
        self.connectionsActive.decrement()
        self.counter(Name.connectionsClosed, ("reason", reason.metricName)).increment()
    }

    /// A frame could not be cut or decoded.
    func decodeFailed(_ code: ReactiveMessagingError.Code) {
        self.counter(Name.decodeErrors, ("code", "\(code)")).increment()
    }

    /// The bad-input policy acted on a malformed frame: `close`, `skip` or `reply`.
    func badInputAction(_ action: String) {
        self.counter(Name.badInputActions, ("action", action)).increment()
    }

    /// A send queue dropped `count` messages under `policy`.
    func dropped(_ count: Int, by policy: SlowConsumerPolicy) {
        guard count > 0, let index = Self.droppingPolicies.firstIndex(of: policy) else { return }
        self.dropped[index].increment(by: count)
    }

    /// A send queue changed by `messages` messages and `bytes` bytes (negative when it shrank).
    func sendQueueChanged(messages: Int, bytes: Int) {
        Self.change(self.sendQueueMessages, by: messages)
        Self.change(self.sendQueueBytes, by: bytes)
    }

    private static func change(_ meter: Meter, by amount: Int) {
        if amount > 0 {
            meter.increment(by: Double(amount))
        } else if amount < 0 {
            meter.decrement(by: Double(-amount))
        }
    }

    private func counter(_ name: String, _ dimension: (String, String)) -> Counter {
        Counter(label: self.labelPrefix + name, dimensions: self.dimensions + [dimension], factory: self.factory)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturated.
    fileprivate var nanoseconds: Int128 {
        let (seconds, attoseconds) = self.components
        return Int128(seconds) * 1_000_000_000 + Int128(attoseconds / 1_000_000_000)
    }
}

extension DisconnectReason {
    /// The reason as a metric's dimension: its kind, or its error's code.
    var metricName: String {
        if let error = self.error { return "\(error.code)" }
        return "\(self)"
    }
}
