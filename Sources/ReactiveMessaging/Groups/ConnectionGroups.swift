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

internal import NIOConcurrencyHelpers

/// A registry of connections in groups (chat rooms, topics, game lobbies) that any task can send to: one
/// connection, every member of a group, or every connection it knows.
///
/// A processor puts its connection in with `join(_:_:)` (or `add(_:)` for no group), and takes it out with
/// `leave(_:_:)` or `remove(_:)`. However the connection ends, it leaves every group once its conversation is over
/// (after its processor returned), so a processor can still tell its groups that it is leaving. A message sent to
/// many connections is encoded once per serializer, not once per connection, and written to each connection's
/// event loop in one hop per loop.
///
/// Sends to many connections default to `SlowConsumerPolicy/dropNewest`: a member that does not read loses
/// messages, and delays no one. Under `SlowConsumerPolicy/wait` every member that takes bytes gets the message at
/// once, and the send returns when the slow ones took it too.
///
/// ```swift
/// let rooms = ConnectionGroups<String, ChatEvent>()
/// let conversation = Conversation.processor(serializer: serializer) { inbound, context in
///     for try await command in inbound {
///         switch command {
///         case .join(let room):
///             try rooms.join(room, context.peer)
///         case .say(let room, let text):
///             try await rooms.send(.said(room: room, text: text), to: room)
///         }
///     }
/// }
/// ```
///
/// One registry serves the connections of one server or client (their `ConnectionID`s are unique); a registry
/// is typed by the messages it sends, so each state of a composite protocol that fans out has its own.
public final class ConnectionGroups<Group: Hashable & Sendable, Outbound: Sendable>: Sendable {
    /// The bounds the registry keeps.
    public let limits: GroupLimits

    private let state: NIOLockedValueBox<GroupMembership<Group, ConnectionPeer<Outbound>>>

    /// Creates an empty registry.
    ///
    /// - Parameter limits: How many groups a connection may be in, and the registry may hold. Both must be at
    ///   least 1.
    public init(limits: GroupLimits = GroupLimits()) {
        precondition(
            limits.maximumGroupsPerConnection >= 1 && limits.maximumGroups >= 1,
            "GroupLimits' maximumGroupsPerConnection and maximumGroups must be at least 1"
        )
        self.limits = limits
        self.state = NIOLockedValueBox(GroupMembership(limits: limits))
    }

    // MARK: Membership

    /// Makes `peer`'s connection known to the registry, in no group: it receives `broadcast(_:excluding:whenFull:)`
    /// and sends to its id.
    ///
    /// - Returns: Whether it was not known before.
    /// - Throws: `ReactiveMessagingError` with code `connectionClosed` if the connection is closing or its
    ///   conversation is over, or `invalidArgument` if another connection with the same id is known (one registry
    ///   serves one server or client).
    @discardableResult
    public func add(_ peer: ConnectionPeer<Outbound>) throws(ReactiveMessagingError) -> Bool {
        try peer.checkOpen()
        let inserted = try self.state.withLockedValue { state in
            Swift.Result { () throws(ReactiveMessagingError) -> Bool in
                if let known = state.member(peer.connectionID) {
                    guard known.shared === peer.shared else {
                        throw ReactiveMessagingError(
                            code: .invalidArgument,
                            message: "another connection with id \(peer.connectionID) is in this registry; "
                                + "a registry serves the connections of one server or client"
                        )
                    }
                    return false
                }
                return state.insert(peer, id: peer.connectionID)
            }
        }.get()
        guard inserted else { return false }
        let id = peer.connectionID
        let shared = peer.shared
        let willForget = shared.onConversationEnd(key: ObjectIdentifier(self)) { [self] in
            self.forget(id, ifItIs: shared)
        }
        guard willForget else {
            // The conversation ended between the check and the insert: nothing would take the connection out.
            self.forget(id, ifItIs: shared)
            throw ConnectionIO.closedError(cause: nil)
        }
        return true
    }

    /// Puts `peer`'s connection in `group` (and makes it known to the registry, as `add(_:)` does).
    ///
    /// - Returns: Whether it was not in the group before.
    /// - Throws: `ReactiveMessagingError` with code `groupLimitReached` if the connection is in
    ///   `GroupLimits/maximumGroupsPerConnection` groups or the group is new and the registry holds
    ///   `GroupLimits/maximumGroups`; or as `add(_:)`.
    @discardableResult
    public func join(_ group: Group, _ peer: ConnectionPeer<Outbound>) throws(ReactiveMessagingError) -> Bool {
        try self.add(peer)
        return try self.state.withLockedValue { state in
            Swift.Result { () throws(ReactiveMessagingError) -> Bool in
                try state.join(group, id: peer.connectionID)
            }
        }.get()
    }

    /// Takes a connection out of `group`.
    ///
    /// - Returns: Whether it was in the group.
    @discardableResult
    public func leave(_ group: Group, _ connection: ConnectionID) -> Bool {
        self.state.withLockedValue { state in state.leave(group, id: connection) }
    }

    /// Takes a connection out of every group and forgets it.
    ///
    /// - Returns: The groups it was in, to tell them it left; empty if the registry did not know it.
    @discardableResult
    public func remove(_ connection: ConnectionID) -> Set<Group> {
        self.state.withLockedValue { state in state.remove(connection) } ?? []
    }

    /// The connections in `group`, in no particular order; empty if it has no members.
    public func members(of group: Group) -> [ConnectionID] {
        self.state.withLockedValue { state in state.groups[group].map { Array($0.keys) } ?? [] }
    }

    /// The groups a connection is in; empty if the registry does not know it.
    public func groups(of connection: ConnectionID) -> Set<Group> {
        self.state.withLockedValue { state in state.connections[connection]?.groups ?? [] }
    }

    /// Whether the registry knows a connection.
    public func contains(_ connection: ConnectionID) -> Bool {
        self.state.withLockedValue { state in state.connections[connection] != nil }
    }

    /// The number of connections the registry knows.
    public var connectionCount: Int {
        self.state.withLockedValue { state in state.connections.count }
    }

    /// The number of groups with at least one member.
    public var groupCount: Int {
        self.state.withLockedValue { state in state.groups.count }
    }

    /// Forgets the connection `id` if it is still the one of `shared` (not a later one reusing its id).
    private func forget(_ id: ConnectionID, ifItIs shared: ConnectionShared) {
        self.state.withLockedValue { state in
            guard state.member(id)?.shared === shared else { return }
            _ = state.remove(id)
        }
    }

    // MARK: Sending

    /// Sends a message to every member of `group`, encoded once.
    ///
    /// A group with no members delivers nothing: the counts are all zero.
    ///
    /// - Parameters:
    ///   - message: The message to send.
    ///   - group: The group to send to.
    ///   - excluded: A connection not to send to (the sender of a chat message, say).
    ///   - whenFull: What to do for a member whose send queue is full; `dropNewest` by default.
    /// - Returns: What became of the message, summed over the members (a member that closed is `unreachable`).
    /// - Throws: `ReactiveMessagingError` with code `encodingFailed` if the message cannot be encoded (then
    ///   nothing is sent), or `CancellationError` if the task is cancelled while waiting under `wait`.
    @discardableResult
    public func send(
        _ message: Outbound,
        to group: Group,
        excluding excluded: ConnectionID? = nil,
        whenFull: SlowConsumerPolicy = .dropNewest
    ) async throws -> Delivery {
        let members = self.state.withLockedValue { state in state.members(of: group) }
        return try await FanOut.send(message, to: members, excluding: excluded, whenFull: whenFull)
    }

    /// Offers a message to every member of `group`, encoded once, and returns at once: without waiting for the
    /// members' event loops to have taken it, and without what became of it.
    ///
    /// Not `async`, so callable from anywhere, a channel handler included. It is the fastest fan-out for a sender
    /// that does not need the counts (`send(_:to:excluding:whenFull:)` waits for one hop to each event loop to
    /// return them): a stream of prices, a game's state. Each member's send queue and `whenFull` bound what a
    /// member that does not read can cost, as for `send`.
    ///
    /// - Parameters:
    ///   - message: The message to send.
    ///   - group: The group to send to.
    ///   - excluded: A connection not to send to.
    ///   - whenFull: What to do for a member whose send queue is full; any policy but `wait`, `dropNewest` by
    ///     default.
    /// - Returns: How many open members it was offered to.
    /// - Throws: `ReactiveMessagingError` with code `invalidArgument` for `SlowConsumerPolicy/wait` (a post does not
    ///   wait), or `encodingFailed` if the message cannot be encoded (then nothing is sent).
    @discardableResult
    public func post(
        _ message: Outbound,
        to group: Group,
        excluding excluded: ConnectionID? = nil,
        whenFull: SlowConsumerPolicy = .dropNewest
    ) throws -> Int {
        guard whenFull != .wait else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "a post does not wait: choose another policy")
        }
        let members = self.state.withLockedValue { state in state.members(of: group) }
        return try FanOut.post(message, to: members, excluding: excluded, whenFull: whenFull)
    }

    /// Sends a message to every connection the registry knows, in a group or not, encoded once.
    ///
    /// - Parameters:
    ///   - message: The message to send.
    ///   - excluded: A connection not to send to.
    ///   - whenFull: What to do for a connection whose send queue is full; `dropNewest` by default.
    /// - Returns: What became of the message, summed over the connections.
    /// - Throws: As `send(_:to:excluding:whenFull:)`.
    @discardableResult
    public func broadcast(
        _ message: Outbound,
        excluding excluded: ConnectionID? = nil,
        whenFull: SlowConsumerPolicy = .dropNewest
    ) async throws -> Delivery {
        let members = self.state.withLockedValue { state in state.allMembers }
        return try await FanOut.send(message, to: members, excluding: excluded, whenFull: whenFull)
    }

    /// Sends a message to one connection the registry knows.
    ///
    /// - Parameters:
    ///   - message: The message to send.
    ///   - connection: The connection to send to.
    ///   - whenFull: What to do if its send queue is full; `dropNewest` by default.
    /// - Returns: What became of the message: `unreachable` if the registry does not know the connection or it
    ///   has closed.
    /// - Throws: As `send(_:to:excluding:whenFull:)`.
    @discardableResult
    public func send(
        _ message: Outbound,
        to connection: ConnectionID,
        whenFull: SlowConsumerPolicy = .dropNewest
    ) async throws -> Delivery {
        guard let peer = self.state.withLockedValue({ state in state.member(connection) }) else {
            return Delivery(unreachable: 1)
        }
        return try await FanOut.send(message, to: CollectionOfOne(peer), excluding: nil, whenFull: whenFull)
    }
}
