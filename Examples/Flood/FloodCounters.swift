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

internal import Synchronization

/// Running totals of a flood client, shared by its connections and read once a second for the progress line.
///
/// Each connection adds once per write or read, not once per message.
final class FloodCounters: Sendable {
    /// The totals at one moment.
    struct Snapshot: Sendable {
        /// Messages written.
        var sent = 0
        /// Bytes written.
        var bytes = 0
        /// Replies read.
        var received = 0
        /// Messages the server acknowledged.
        var acknowledged = 0
    }

    private let sent = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let acknowledged = Atomic<Int>(0)

    /// Counts a write of `messages` messages in `bytes` bytes.
    func recordSent(_ messages: Int, bytes: Int) {
        self.sent.add(messages, ordering: .relaxed)
        self.bytes.add(bytes, ordering: .relaxed)
    }

    /// Counts `replies` replies and an acknowledgement of `acknowledged` messages.
    func recordReceived(_ replies: Int, acknowledged: Int) {
        self.received.add(replies, ordering: .relaxed)
        self.acknowledged.add(acknowledged, ordering: .relaxed)
    }

    /// The totals now.
    func snapshot() -> Snapshot {
        Snapshot(
            sent: self.sent.load(ordering: .relaxed),
            bytes: self.bytes.load(ordering: .relaxed),
            received: self.received.load(ordering: .relaxed),
            acknowledged: self.acknowledged.load(ordering: .relaxed)
        )
    }
}
