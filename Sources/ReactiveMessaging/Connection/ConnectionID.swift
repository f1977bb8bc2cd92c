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

/// Identifies one connection of a server or a client for as long as it is open.
///
/// Ids are unique within one `Server` or `Client` and are never reused by it. Use them as keys for
/// per-connection state (sessions) and in logs.
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    /// The id as a number; the first connection of a server or client has id 1.
    public let rawValue: UInt64

    /// Creates an id from its number.
    ///
    /// - Parameter rawValue: The id as a number.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// The number, as text.
    public var description: String {
        String(self.rawValue)
    }
}
