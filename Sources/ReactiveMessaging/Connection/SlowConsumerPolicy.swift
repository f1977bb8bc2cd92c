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

/// What a send does when the connection's send queue is full: the peer is not reading as fast as it is sent to.
///
/// A connection writes straight to its socket while the socket takes bytes. Once the peer stops reading and the
/// socket's buffer passes its high-water mark, a send under a non-waiting policy is held in the connection's send
/// queue, which `SendQueueLimits` bounds in messages and bytes. When the queue is full, the policy decides:
///
/// | Policy | The sender | The slow connection |
/// |---|---|---|
/// | `wait` | suspends until the socket takes bytes again | gets everything |
/// | `dropNewest` | goes on at once | loses the new message |
/// | `dropOldest` | goes on at once | loses the oldest queued messages |
/// | `keepLatest` | goes on at once | keeps only the newest message (a "last value" topic) |
/// | `disconnect` | goes on at once | is closed with `ReactiveMessagingError.Code.slowConsumer` |
///
/// Under every policy but `wait`, a sender is never held up by a stalled connection. ZeroMQ makes the same choice
/// per socket type at its high-water mark; here it is made per send.
public struct SlowConsumerPolicy: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline
    enum Wrapped: Hashable, Sendable {
        case wait
        case dropNewest
        case dropOldest
        case keepLatest
        case disconnect
    }

    @usableFromInline
    let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// The sender waits until the connection takes bytes again: back-pressure, nothing lost. The default of
    /// `ConnectionPeer/send(_:whenFull:)`.
    public static let wait = Self(.wait)

    /// The new message is dropped; what is queued stays.
    public static let dropNewest = Self(.dropNewest)

    /// The oldest queued messages are dropped to make room for the new one.
    public static let dropOldest = Self(.dropOldest)

    /// Every queued message is dropped and the new one kept: a peer that catches up sees the latest value only.
    public static let keepLatest = Self(.keepLatest)

    /// The slow connection is closed at once, with a `disconnected` event whose reason is an error with code
    /// `ReactiveMessagingError.Code.slowConsumer`; what it had queued is dropped.
    public static let disconnect = Self(.disconnect)

    /// The policy's name, as written in Swift.
    public var description: String {
        switch self.wrapped {
        case .wait: "wait"
        case .dropNewest: "dropNewest"
        case .dropOldest: "dropOldest"
        case .keepLatest: "keepLatest"
        case .disconnect: "disconnect"
        }
    }
}
