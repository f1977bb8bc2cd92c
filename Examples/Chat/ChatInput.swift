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

/// Turns a person's input lines into commands, in the interactive client: `/join ROOM`, `/leave [ROOM]`,
/// `/who [ROOM]`, `/msg NICK TEXT`, `/quit`, and any other line is said in the room joined last.
struct ChatInput {
    /// What a line asks for.
    enum Action: Equatable {
        /// Send this command.
        case send(ChatCommand)
        /// Tell the person this, and send nothing.
        case problem(String)
        /// End the session.
        case quit
        /// Nothing (an empty line).
        case nothing
    }

    /// The room that plain lines are said in: the one joined last.
    private(set) var room: String?

    /// What `line` asks for.
    mutating func action(for line: String) -> Action {
        let trimmed = line.drop { $0 == " " }
        guard !trimmed.isEmpty else { return .nothing }
        guard trimmed.hasPrefix("/") else {
            guard let room = self.room else { return .problem("join a room first: /join ROOM") }
            return .send(.say(room: room, text: String(line)))
        }
        let words = trimmed.dropFirst().split(separator: " ", maxSplits: 2).map(String.init)
        switch (words.first ?? "", words.count) {
        case ("quit", _):
            return .quit
        case ("join", 2):
            self.room = words[1]
            return .send(.join(room: words[1]))
        case ("leave", 1), ("who", 1):
            guard let room = self.room else { return .problem("which room? /\(words[0]) ROOM") }
            return .send(words[0] == "leave" ? .leave(room: room) : .who(room: room))
        case ("leave", 2):
            if self.room == words[1] { self.room = nil }
            return .send(.leave(room: words[1]))
        case ("who", 2):
            return .send(.who(room: words[1]))
        case ("msg", 3):
            return .send(.tell(nick: words[1], text: words[2]))
        default:
            return .problem("commands: /join ROOM, /leave [ROOM], /who [ROOM], /msg NICK TEXT, /quit")
        }
    }

    /// `event` as the interactive client prints it.
    static func describe(_ event: ChatEvent) -> String {
        switch event {
        case .welcome(let nick): "* you are \(nick)"
        case .refused(let code, let reason): "! \(code.rawValue): \(reason)"
        case .joined(let room, let nick): "* \(nick) joined \(room)"
        case .left(let room, let nick): "* \(nick) left \(room)"
        case .said(let room, let nick, let text): "[\(room)] \(nick): \(text)"
        case .members(let room, let nicks): "* in \(room): \(nicks.joined(separator: ", "))"
        case .told(let from, let text): "[private] \(from): \(text)"
        }
    }

    /// `event` as the pipeline client prints it on standard output (`NICK: TEXT`, one line per message), or `nil`
    /// for an event it reports on standard error instead.
    static func message(_ event: ChatEvent) -> String? {
        switch event {
        case .said(_, let nick, let text): "\(nick): \(text)"
        case .told(let from, let text): "\(from) (private): \(text)"
        default: nil
        }
    }
}
