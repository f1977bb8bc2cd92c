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

private import NIOConcurrencyHelpers
internal import NIOCore

/// What one end of an in-memory channel pair tells the other, across their event loops, with one wake-up for
/// however much piles up while the receiving loop is busy.
///
/// A socket's kernel buffer does this for a socket pair: many writes, one readiness event, one read. With a hop
/// per write instead, a flood of small writes queued tens of thousands of tasks on the reader's event loop, and
/// everything else on that loop (timers, other connections) waited behind them.
final class InMemoryMailbox: Sendable {
    /// One thing the peer said, in the order it said them.
    enum Message: Sendable {
        /// Bytes the peer wrote.
        case data(ByteBuffer)
        /// The end of the peer's output: a half-close, or (`peerClosed`) a full close.
        case end(peerClosed: Bool)
        /// The peer has read this many bytes of what this end wrote.
        case acknowledged(Int)
    }

    private struct State {
        var messages: [Message] = []
        /// Whether the receiver has a wake-up coming that will take what is here.
        var isWakeUpScheduled = false
    }

    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba).
    private let state = NIOLockedValueBox(State())

    /// Posts `messages`, in order.
    ///
    /// - Returns: Whether the caller must wake the receiver (`execute` on its loop, then `take()`): the first post
    ///   since the receiver last took.
    func post(_ messages: some Sequence<Message>) -> Bool {
        self.state.withLockedValue { state in
            state.messages.append(contentsOf: messages)
            defer { state.isWakeUpScheduled = true }
            return !state.isWakeUpScheduled
        }
    }

    /// Takes everything posted so far, in order; the next post wakes the receiver again.
    func take() -> [Message] {
        self.state.withLockedValue { state in
            state.isWakeUpScheduled = false
            defer { state.messages = [] }
            return state.messages
        }
    }
}
