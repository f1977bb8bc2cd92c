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

/// Which connections are in which groups, as a state machine without I/O; `ConnectionGroups` keeps one behind a
/// lock.
///
/// A group exists while it has members: the last member to leave removes it, so that joins and leaves, however
/// many, hold memory only for the memberships of the moment.
struct GroupMembership<Group: Hashable, Member> {
    /// A connection the registry knows, and the groups it is in.
    struct Entry {
        var member: Member
        var groups: Set<Group> = []
    }

    let limits: GroupLimits
    private(set) var connections: [ConnectionID: Entry] = [:]
    private(set) var groups: [Group: [ConnectionID: Member]] = [:]

    init(limits: GroupLimits) {
        self.limits = limits
    }

    /// The member known under `id`, if any.
    func member(_ id: ConnectionID) -> Member? {
        self.connections[id]?.member
    }

    /// Makes `member` known under `id`, in no group yet.
    ///
    /// - Returns: Whether it was not known before.
    mutating func insert(_ member: Member, id: ConnectionID) -> Bool {
        guard self.connections[id] == nil else { return false }
        self.connections[id] = Entry(member: member)
        return true
    }

    /// Puts the connection known under `id` in `group`, making the group if it is new.
    ///
    /// - Returns: Whether it was not in the group before; `false` too for a connection not known.
    /// - Throws: `groupLimitReached` if the connection is in as many groups as it may be, or the group is new and
    ///   the registry holds as many as it may.
    mutating func join(_ group: Group, id: ConnectionID) throws(ReactiveMessagingError) -> Bool {
        guard let entry = self.connections[id] else { return false }
        guard !entry.groups.contains(group) else { return false }
        guard entry.groups.count < self.limits.maximumGroupsPerConnection else {
            throw ReactiveMessagingError(
                code: .groupLimitReached,
                message: "connection \(id) is in \(entry.groups.count) groups, the most it may be in"
            )
        }
        guard self.groups[group] != nil || self.groups.count < self.limits.maximumGroups else {
            throw ReactiveMessagingError(
                code: .groupLimitReached,
                message: "the registry holds \(self.groups.count) groups, the most it may hold"
            )
        }
        self.connections[id]?.groups.insert(group)
        self.groups[group, default: [:]][id] = entry.member
        return true
    }

    /// Takes the connection known under `id` out of `group`; removes the group if it was the last member.
    ///
    /// - Returns: Whether it was in the group.
    mutating func leave(_ group: Group, id: ConnectionID) -> Bool {
        guard self.connections[id]?.groups.remove(group) != nil else { return false }
        self.removeFromGroup(group, id: id)
        return true
    }

    /// Takes the connection known under `id` out of every group and forgets it.
    ///
    /// - Returns: The groups it was in; `nil` if it was not known.
    mutating func remove(_ id: ConnectionID) -> Set<Group>? {
        guard let entry = self.connections.removeValue(forKey: id) else { return nil }
        for group in entry.groups {
            self.removeFromGroup(group, id: id)
        }
        return entry.groups
    }

    /// The members of `group`, in no particular order; empty for a group with no members.
    func members(of group: Group) -> [Member] {
        guard let members = self.groups[group] else { return [] }
        return Array(members.values)
    }

    /// Every member known, in no particular order.
    var allMembers: [Member] {
        self.connections.values.map(\.member)
    }

    private mutating func removeFromGroup(_ group: Group, id: ConnectionID) {
        self.groups[group]?.removeValue(forKey: id)
        if self.groups[group]?.isEmpty == true {
            self.groups.removeValue(forKey: group)
        }
    }
}

extension GroupMembership: Sendable where Group: Sendable, Member: Sendable {}

extension GroupMembership.Entry: Sendable where Group: Sendable, Member: Sendable {}
