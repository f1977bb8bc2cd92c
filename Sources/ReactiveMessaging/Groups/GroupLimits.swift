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

/// The bounds of a `ConnectionGroups` registry: what a connection, or many, may make it hold.
///
/// A processor usually joins groups its peer names (a chat room, a topic), so the peer decides how many groups
/// exist: these bounds keep that from growing memory without limit. A join past a bound throws
/// `ReactiveMessagingError.Code.groupLimitReached`.
///
/// ```swift
/// let rooms = ConnectionGroups<String, ChatEvent>(
///     limits: GroupLimits(maximumGroupsPerConnection: 8, maximumGroups: 1_000)
/// )
/// ```
public struct GroupLimits: Hashable, Sendable {
    /// The most groups one connection may be in at once. Defaults to 64.
    public var maximumGroupsPerConnection: Int

    /// The most groups (with at least one member) the registry holds at once. Defaults to 65,536.
    public var maximumGroups: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maximumGroupsPerConnection: The most groups one connection may be in; at least 1.
    ///   - maximumGroups: The most groups the registry holds; at least 1.
    public init(maximumGroupsPerConnection: Int = 64, maximumGroups: Int = 65_536) {
        self.maximumGroupsPerConnection = maximumGroupsPerConnection
        self.maximumGroups = maximumGroups
    }
}
