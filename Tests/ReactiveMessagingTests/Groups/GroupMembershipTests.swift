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

import Testing

@testable import ReactiveMessaging

@Suite("Group membership")
struct GroupMembershipTests {
    typealias Membership = GroupMembership<String, Int>

    static func id(_ value: UInt64) -> ConnectionID { ConnectionID(rawValue: value) }

    @Test("join, leave and remove; a group exists while it has members")
    func joinLeaveRemove() throws {
        var membership = Membership(limits: GroupLimits())
        let inserted = [
            membership.insert(1, id: Self.id(1)), membership.insert(1, id: Self.id(1)),
            membership.insert(2, id: Self.id(2)),
        ]
        #expect(inserted == [true, false, true])
        let joined = [
            try membership.join("lobby", id: Self.id(1)), try membership.join("lobby", id: Self.id(1)),
            try membership.join("lobby", id: Self.id(2)), try membership.join("room", id: Self.id(2)),
            try membership.join("room", id: Self.id(3)),
        ]
        #expect(
            joined == [true, false, true, true, false],
            "a second join, or one by a connection not known, does nothing"
        )
        #expect(Set(membership.members(of: "lobby")) == [1, 2])
        #expect(membership.groups.count == 2)

        let left = [membership.leave("room", id: Self.id(2)), membership.leave("room", id: Self.id(2))]
        #expect(left == [true, false])
        #expect(membership.groups["room"] == nil, "the last member's leave removes the group")
        let removed = [membership.remove(Self.id(2)), membership.remove(Self.id(2))]
        #expect(removed == [["lobby"], nil])
        #expect(membership.members(of: "lobby") == [1])
        #expect(membership.allMembers == [1])
    }

    @Test("a connection joins at most maximumGroupsPerConnection groups; a refused join changes nothing")
    func perConnectionLimit() throws {
        var membership = Membership(limits: GroupLimits(maximumGroupsPerConnection: 2))
        _ = membership.insert(1, id: Self.id(1))
        _ = try membership.join("a", id: Self.id(1))
        _ = try membership.join("b", id: Self.id(1))
        let error = #expect(throws: ReactiveMessagingError.self) { try membership.join("c", id: Self.id(1)) }
        #expect(error?.code == .groupLimitReached)
        #expect(membership.connections[Self.id(1)]?.groups == ["a", "b"])
        #expect(membership.groups["c"] == nil)
    }

    @Test("the registry holds at most maximumGroups groups; joining one that exists is still allowed")
    func totalLimit() throws {
        var membership = Membership(limits: GroupLimits(maximumGroups: 2))
        _ = membership.insert(1, id: Self.id(1))
        _ = membership.insert(2, id: Self.id(2))
        _ = try membership.join("a", id: Self.id(1))
        _ = try membership.join("b", id: Self.id(1))
        let error = #expect(throws: ReactiveMessagingError.self) { try membership.join("c", id: Self.id(2)) }
        #expect(error?.code == .groupLimitReached)
        let joined = try membership.join("a", id: Self.id(2))
        #expect(joined)
    }

    @Test("thousands of joins and leaves leave nothing behind")
    func churnIsBounded() throws {
        var membership = Membership(limits: GroupLimits())
        for round in 0..<10_000 {
            let id = Self.id(UInt64(round % 100))
            _ = membership.insert(round, id: id)
            _ = try membership.join("group-\(round)", id: id)
            let left = membership.leave("group-\(round)", id: id)
            #expect(left)
            if round % 3 == 0 { _ = membership.remove(id) }
        }
        for id in 0..<100 { _ = membership.remove(Self.id(UInt64(id))) }
        #expect(membership.groups.isEmpty)
        #expect(membership.connections.isEmpty)
    }
}
