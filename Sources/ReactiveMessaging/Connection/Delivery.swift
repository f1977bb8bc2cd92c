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

/// What became of a send: how many messages were taken, dropped by a `SlowConsumerPolicy`, or could not be sent.
///
/// Counts are of messages (a burst from `ConnectionPeer/send(contentsOf:whenFull:)` counts each one).
///
/// ```swift
/// let delivery = try await peer.send(.price(quote), whenFull: .keepLatest)
/// if delivery.dropped > 0 { logger.debug("a slow reader missed \(delivery.dropped) older prices") }
/// ```
public struct Delivery: Hashable, Sendable, CustomStringConvertible {
    /// Messages written to a socket, or held in a send queue to be written.
    public var accepted: Int

    /// Messages dropped because a send queue was full: the new one (`dropNewest`), or queued ones that made room
    /// for it (`dropOldest`, `keepLatest`).
    public var dropped: Int

    /// Connections closed by `SlowConsumerPolicy/disconnect`.
    public var disconnected: Int

    /// Messages not sent because their connection had closed or was closing.
    public var unreachable: Int

    /// Creates a delivery.
    ///
    /// - Parameters:
    ///   - accepted: Messages written or queued.
    ///   - dropped: Messages dropped by a policy.
    ///   - disconnected: Connections a policy closed.
    ///   - unreachable: Messages whose connection had closed.
    public init(accepted: Int = 0, dropped: Int = 0, disconnected: Int = 0, unreachable: Int = 0) {
        self.accepted = accepted
        self.dropped = dropped
        self.disconnected = disconnected
        self.unreachable = unreachable
    }

    /// Adds another delivery's counts to this one's.
    ///
    /// - Parameter other: The counts to add.
    public mutating func add(_ other: Delivery) {
        self.accepted += other.accepted
        self.dropped += other.dropped
        self.disconnected += other.disconnected
        self.unreachable += other.unreachable
    }

    /// The counts, as text.
    public var description: String {
        "accepted \(self.accepted), dropped \(self.dropped), disconnected \(self.disconnected), "
            + "unreachable \(self.unreachable)"
    }
}
