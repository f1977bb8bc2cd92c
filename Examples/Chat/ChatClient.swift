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

/// A chat client: takes its nickname, then sends what its input asks and prints what it is sent.
///
/// Interactive (no `room`): input lines are read by `ChatInput`, and every event is printed. In a pipeline (with
/// `room`): the client joins `room`, says each input line there, and prints each message it is sent as one line
/// (`NICK: TEXT`) on `output`, everything else on `notices`; at the end of its input it leaves the room, and
/// returns once the server has answered that, so every line before it was handled.
struct ChatClient: Sendable {
    /// Why a session could not start or go on.
    struct Refused: Error, CustomStringConvertible {
        let code: ChatRefusal
        let reason: String

        var description: String { "\(self.code.rawValue): \(self.reason)" }
    }

    let nick: String
    let room: String?

    /// Runs a session until the input ends or `/quit` (interactive), or the server closes.
    ///
    /// - Parameters:
    ///   - transport: Where the server is.
    ///   - readInput: Calls its argument with each input line, until the input ends.
    ///   - output: Prints a line on standard output.
    ///   - notices: Prints a line on standard error.
    /// - Throws: `Refused` if the nickname is refused, or the connection's error.
    func run(
        transport: Client.Transport,
        logger: Logger,
        readInput: @escaping @Sendable (_ line: (String) async throws -> Void) async throws -> Void,
        output: @escaping @Sendable (String) -> Void,
        notices: @escaping @Sendable (String) -> Void
    ) async throws {
        let (nick, room) = (self.nick, self.room)
        try await Client.withConnection(
            transport: transport,
            serializer: TextualSerializer<ChatEvent, ChatCommand>(),
            logger: logger
        ) { inbound, context in
            var events = inbound.makeAsyncIterator()
            try await context.send(.nick(name: nick))
            switch try await events.next() {
            case .welcome?:
                break
            case .refused(let code, let reason)?:
                throw Refused(code: code, reason: reason)
            default:
                throw Refused(code: .malformed, reason: "the server did not answer the nickname")
            }
            if let room { try await context.send(.join(room: room)) }
            let peer = context.peer
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Self.send(readInput, room: room, through: peer, notices: notices)
                }
                while let event = try await events.next() {
                    guard let room else {
                        output(ChatInput.describe(event))
                        continue
                    }
                    if let message = ChatInput.message(event) {
                        output(message)
                    } else {
                        notices(ChatInput.describe(event))
                    }
                    // Our own `left` of the pipeline's room answers the end of the input.
                    if case .left(room, let who) = event, ChatRules.key(ofNick: who) == ChatRules.key(ofNick: nick) {
                        break
                    }
                }
                group.cancelAll()
            }
        }
    }

    /// Sends what each input line asks; at the end of the input, leaves the pipeline's room, or closes.
    private static func send(
        _ readInput: @Sendable (_ line: (String) async throws -> Void) async throws -> Void,
        room: String?,
        through peer: ConnectionPeer<ChatCommand>,
        notices: @escaping @Sendable (String) -> Void
    ) async throws {
        struct Quit: Error {}
        var input = ChatInput()
        do {
            try await readInput { line in
                if let room {
                    guard !line.isEmpty else { return }
                    try await peer.send(.say(room: room, text: line))
                    return
                }
                switch input.action(for: line) {
                case .send(let command): try await peer.send(command)
                case .problem(let text): notices(text)
                case .quit: throw Quit()
                case .nothing: break
                }
            }
        } catch is Quit {}
        if let room {
            try await peer.send(.leave(room: room))
        } else {
            peer.close()
        }
    }
}
