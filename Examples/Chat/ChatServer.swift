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

internal import Logging
internal import ReactiveMessaging

/// The chat server: nicknames, rooms, and what each command does.
///
/// Every connection takes a nickname first. Rooms are groups of a `ConnectionGroups`, keyed by name; a room exists
/// while it has members. What a member is sent because of its own command (`welcome`, `refused`, `members`, its own
/// `joined` and `left`) goes through its context, so it arrives in the order of its commands; what others did comes
/// through the groups. A member that does not read is disconnected once its send queue is full
/// (`slowMemberPolicy`), and leaves its rooms like any member that goes: the others are told it `left`.
struct ChatServer: Sendable {
    /// The policy of every message to a room or a member: a member that falls behind is disconnected, rather than
    /// let the server hold an ever longer backlog or silently miss messages.
    static let slowMemberPolicy = SlowConsumerPolicy.disconnect

    /// The rooms, by name.
    let rooms = ConnectionGroups<String, ChatEvent>(
        limits: GroupLimits(
            maximumGroupsPerConnection: ChatRules.maximumRoomsPerMember,
            maximumGroups: ChatRules.maximumRooms
        )
    )

    /// The nicknames in use.
    let nicknames = Nicknames()

    /// What runs on each connection: JSON lines; a line that is not a command is answered `refused` (`malformed`),
    /// and 16 in a row close the connection.
    var conversation: Conversation {
        .processor(
            serializer: TextualSerializer<ChatCommand, ChatEvent>(),
            badInput: .reply { error in .refused(code: .malformed, reason: error.message) }
        ) { inbound, context in
            try await self.serve(inbound, context)
        }
    }

    /// The settings of the chat's connections: lines of 4 KiB at most, a send queue of 256 messages or 256 KiB,
    /// and an hour's silence before a connection is closed (people read more than they write).
    static var configuration: Server.Configuration {
        var configuration = Server.Configuration()
        configuration.connection.maximumMessageSize = 4 * 1024
        configuration.connection.sendQueue = SendQueueLimits(maximumMessages: 256, maximumBytes: 256 * 1024)
        configuration.connection.idleTimeout = .seconds(3_600)
        return configuration
    }

    /// A server for this chat on `transport`.
    func makeServer(
        transport: Server.Transport,
        configuration: Server.Configuration = Self.configuration,
        logger: Logger
    ) -> Server {
        Server(transport: transport, configuration: configuration, conversation: self.conversation, logger: logger)
    }

    /// Serves one connection: its nickname, then its commands; when it ends, its rooms are told it left.
    func serve(_ inbound: ConnectionInbound<ChatCommand>, _ context: ConnectionContext<ChatEvent>) async throws {
        var nick: String?
        var failure: (any Error)?
        do {
            for try await command in inbound {
                if let name = nick {
                    try await self.perform(command, by: name, context)
                } else {
                    nick = try await self.name(command, context)
                }
            }
        } catch {
            failure = error
        }
        if let name = nick {
            await self.depart(name, context.connectionID)
        }
        if let failure { throw failure }
    }

    /// The first command: a nickname, or a refusal.
    ///
    /// - Returns: The nickname, if it was taken.
    private func name(_ command: ChatCommand, _ context: ConnectionContext<ChatEvent>) async throws -> String? {
        guard case .nick(let name) = command else {
            try await context.send(.refused(code: .nickRequired, reason: "send {\"nick\":{\"name\":...}} first"))
            return nil
        }
        switch self.nicknames.claim(name, for: context.connectionID) {
        case .invalid:
            try await context.send(
                .refused(
                    code: .invalidNick,
                    reason: "a nickname is 1 to \(ChatRules.maximumNickLength) letters, digits, - or _"
                )
            )
            return nil
        case .taken:
            try await context.send(.refused(code: .nickTaken, reason: "\(name) is taken"))
            return nil
        case .claimed:
            do {
                try self.rooms.add(context.peer)
            } catch {
                self.nicknames.release(context.connectionID)
                throw error
            }
            try await context.send(.welcome(nick: name))
            return name
        }
    }

    /// A command of a member with a nickname.
    private func perform(_ command: ChatCommand, by nick: String, _ context: ConnectionContext<ChatEvent>) async throws
    {
        let me = context.connectionID
        switch command {
        case .nick:
            try await context.send(.refused(code: .alreadyNamed, reason: "you are \(nick)"))
        case .join(let room):
            guard ChatRules.isValidRoom(room) else { return try await Self.refuseRoom(room, context) }
            do {
                guard try self.rooms.join(room, context.peer) else {
                    return try await context.send(.joined(room: room, nick: nick))
                }
            } catch let error as ReactiveMessagingError where error.code == .groupLimitReached {
                return try await context.send(.refused(code: .tooManyRooms, reason: error.message))
            }
            try await context.send(.joined(room: room, nick: nick))
            try await self.rooms.send(
                .joined(room: room, nick: nick),
                to: room,
                excluding: me,
                whenFull: Self.slowMemberPolicy
            )
        case .leave(let room):
            guard self.rooms.leave(room, me) else { return try await Self.refuseNotIn(room, context) }
            try await context.send(.left(room: room, nick: nick))
            try await self.rooms.send(.left(room: room, nick: nick), to: room, whenFull: Self.slowMemberPolicy)
        case .say(let room, let text):
            guard ChatRules.isValidText(text) else { return try await Self.refuseText(context) }
            guard self.rooms.groups(of: me).contains(room) else { return try await Self.refuseNotIn(room, context) }
            try await self.rooms.send(
                .said(room: room, nick: nick, text: text),
                to: room,
                excluding: me,
                whenFull: Self.slowMemberPolicy
            )
        case .who(let room):
            guard ChatRules.isValidRoom(room) else { return try await Self.refuseRoom(room, context) }
            try await context.send(.members(room: room, nicks: self.nicknames.names(of: self.rooms.members(of: room))))
        case .tell(let name, let text):
            guard ChatRules.isValidText(text) else { return try await Self.refuseText(context) }
            let delivery: Delivery
            if let connection = self.nicknames.connection(named: name) {
                delivery = try await self.rooms.send(
                    .told(from: nick, text: text),
                    to: connection,
                    whenFull: Self.slowMemberPolicy
                )
            } else {
                delivery = Delivery(unreachable: 1)
            }
            if delivery.unreachable > 0 {
                try await context.send(.refused(code: .unknownNick, reason: "nobody is called \(name)"))
            }
        }
    }

    /// A member went, however its connection ended: its rooms are told, and its nickname is free again.
    private func depart(_ nick: String, _ connection: ConnectionID) async {
        let rooms = self.rooms.remove(connection)
        self.nicknames.release(connection)
        for room in rooms.sorted() {
            _ = try? await self.rooms.send(.left(room: room, nick: nick), to: room, whenFull: Self.slowMemberPolicy)
        }
    }

    private static func refuseRoom(_ room: String, _ context: ConnectionContext<ChatEvent>) async throws {
        try await context.send(
            .refused(
                code: .invalidRoom,
                reason: "a room is 1 to \(ChatRules.maximumRoomLength) letters, digits, - or _, after an optional #"
            )
        )
    }

    private static func refuseNotIn(_ room: String, _ context: ConnectionContext<ChatEvent>) async throws {
        try await context.send(.refused(code: .notInRoom, reason: "you are not in \(room)"))
    }

    private static func refuseText(_ context: ConnectionContext<ChatEvent>) async throws {
        try await context.send(
            .refused(code: .invalidText, reason: "a text is 1 to \(ChatRules.maximumTextBytes) bytes")
        )
    }
}
