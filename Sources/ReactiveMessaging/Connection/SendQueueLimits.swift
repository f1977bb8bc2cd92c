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

/// The bounds of a connection's send queue: what it may hold while its peer does not read.
///
/// The queue holds sends made under a non-waiting `SlowConsumerPolicy` while the socket is above its high-water
/// mark, and writes them, in order, when it drops below it. A send that would pass either bound meets its policy.
///
/// ```swift
/// var configuration = Server.Configuration()
/// configuration.connection.sendQueue = SendQueueLimits(maximumMessages: 256, maximumBytes: 256 * 1024)
/// ```
public struct SendQueueLimits: Hashable, Sendable {
    /// The most messages the queue holds. Defaults to 1,024.
    public var maximumMessages: Int

    /// The most bytes (encoded, with their framing) the queue holds. Defaults to 1 MiB.
    public var maximumBytes: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maximumMessages: The most messages the queue holds; at least 1.
    ///   - maximumBytes: The most bytes the queue holds; at least 1.
    public init(maximumMessages: Int = 1024, maximumBytes: Int = 1024 * 1024) {
        self.maximumMessages = maximumMessages
        self.maximumBytes = maximumBytes
    }

    /// Checks that both bounds are at least 1.
    func validate() throws(ReactiveMessagingError) {
        guard self.maximumMessages >= 1, self.maximumBytes >= 1 else {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "sendQueue's maximumMessages and maximumBytes must be at least 1"
            )
        }
    }
}
