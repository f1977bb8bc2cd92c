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

/// What a client sends, one JSON object per line (README.md, "The protocol").
enum ChatCommand: Codable, Sendable, Equatable {
    /// Takes a nickname; the first command of a connection, and only once.
    case nick(name: String)
    /// Joins a room, creating it if it has no members.
    case join(room: String)
    /// Leaves a room.
    case leave(room: String)
    /// Sends `text` to every other member of a room the sender is in.
    case say(room: String, text: String)
    /// Asks who is in a room.
    case who(room: String)
    /// Sends `text` to one member, by nickname.
    case tell(nick: String, text: String)
}

/// What the server sends, one JSON object per line.
enum ChatEvent: Codable, Sendable, Equatable {
    /// The nickname was taken: the connection may chat now.
    case welcome(nick: String)
    /// A command was refused, with why.
    case refused(code: ChatRefusal, reason: String)
    /// Someone joined a room the receiver is in (or the receiver itself joined it).
    case joined(room: String, nick: String)
    /// Someone left a room the receiver is in (or the receiver itself left it), or disconnected.
    case left(room: String, nick: String)
    /// Someone said something in a room the receiver is in.
    case said(room: String, nick: String, text: String)
    /// Who is in a room, sorted.
    case members(room: String, nicks: [String])
    /// Someone told the receiver something in private.
    case told(from: String, text: String)
}

/// Why the server refused a command.
enum ChatRefusal: String, Codable, Sendable, Equatable {
    /// A command other than `nick` came before the nickname.
    case nickRequired
    /// `nick` came a second time.
    case alreadyNamed
    /// The nickname breaks the rules (`ChatRules`).
    case invalidNick
    /// Another connection has the nickname.
    case nickTaken
    /// The room's name breaks the rules.
    case invalidRoom
    /// The sender is not in the room.
    case notInRoom
    /// The sender is in `ChatRules.maximumRoomsPerMember` rooms, or the server holds its most rooms.
    case tooManyRooms
    /// No member has the nickname.
    case unknownNick
    /// The text is empty or longer than `ChatRules.maximumTextBytes`.
    case invalidText
    /// The line was not a command.
    case malformed
}

/// The rules the server holds names and texts to.
enum ChatRules {
    /// The longest nickname, in characters.
    static let maximumNickLength = 16
    /// The longest room name, in characters.
    static let maximumRoomLength = 32
    /// The longest text of `say` or `tell`, in UTF-8 bytes.
    static let maximumTextBytes = 1_000
    /// The most rooms one member may be in.
    static let maximumRoomsPerMember = 16
    /// The most rooms the server holds.
    static let maximumRooms = 10_000

    /// Whether `name` is a valid nickname: 1 to 16 ASCII letters, digits, `-` or `_`.
    static func isValidNick(_ name: String) -> Bool {
        Self.isValidName(name, maximumLength: Self.maximumNickLength)
    }

    /// Whether `name` is a valid room name: 1 to 32 ASCII letters, digits, `-` or `_`, after an optional `#`.
    static func isValidRoom(_ name: String) -> Bool {
        Self.isValidName(name.hasPrefix("#") ? String(name.dropFirst()) : name, maximumLength: Self.maximumRoomLength)
    }

    /// Whether `text` may be said: not empty, and at most `maximumTextBytes` bytes.
    static func isValidText(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= Self.maximumTextBytes
    }

    /// The key under which a nickname is unique: nicknames that differ only in case are the same.
    static func key(ofNick name: String) -> String {
        name.lowercased()
    }

    private static func isValidName(_ name: String, maximumLength: Int) -> Bool {
        let scalars = name.unicodeScalars
        return !scalars.isEmpty && scalars.count <= maximumLength
            && scalars.allSatisfy { scalar in
                scalar.isASCII
                    && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                        || scalar == "-" || scalar == "_")
            }
    }
}
