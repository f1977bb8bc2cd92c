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

internal import ArgumentParser
internal import Logging
internal import MetricsEndpoint
internal import ReactiveMessaging
internal import ServiceLifecycle
internal import TransportOptions
internal import UnixSignals

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A chat over JSON lines: nicknames, rooms, who is in a room, private messages; `nc` can chat too.
///
///     swift run Chat server --port 9004 [--metrics-port 9090]
///     swift run Chat client --port 9004 --nick alice                 # interactive: /join lobby, then type
///     echo hello | swift run Chat client --port 9004 --nick bot --room lobby   # a pipeline: says each line
@main
struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Chat",
        abstract: "A chat server and client over JSON lines.",
        subcommands: [ServerCommand.self, ClientCommand.self]
    )

    /// The port the server listens on and the client connects to, unless told otherwise.
    static let defaultPort = 9004

    struct ServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Runs the chat server until interrupted (Ctrl-C)."
        )

        @OptionGroup
        var transport: TransportOptions

        @OptionGroup
        var metrics: MetricsOptions

        func run() async throws {
            let logger = Logger(label: "Chat")
            let metricsEndpoint = self.metrics.bootstrap(logger: logger)
            let server = ChatServer().makeServer(
                transport: try self.transport.serverTransport(defaultPort: Chat.defaultPort),
                logger: logger
            )
            let services = ServiceGroup(
                configuration: .init(
                    services: self.transport.services(for: server, logger: logger) + metricsEndpoint,
                    gracefulShutdownSignals: [.sigint, .sigterm],
                    logger: logger
                )
            )
            try await services.run()
        }
    }

    struct ClientCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "client",
            abstract: "Chats interactively, or, with --room, says each line of its input in a room."
        )

        @OptionGroup
        var transport: TransportOptions

        @Option(help: "The nickname: 1 to 16 letters, digits, - or _.")
        var nick: String

        @Option(help: "Join this room, say each input line there, and print each message received as 'NICK: TEXT'.")
        var room: String?

        func validate() throws {
            guard ChatRules.isValidNick(self.nick) else {
                throw ValidationError("--nick is 1 to \(ChatRules.maximumNickLength) letters, digits, - or _")
            }
            if let room = self.room, !ChatRules.isValidRoom(room) {
                throw ValidationError("--room is 1 to \(ChatRules.maximumRoomLength) letters, digits, - or _")
            }
        }

        func run() async throws {
            var logger = Logger(label: "Chat")
            logger.logLevel = .warning
            do {
                try await ChatClient(nick: self.nick, room: self.room).run(
                    transport: try self.transport.clientTransport(defaultPort: Chat.defaultPort),
                    logger: logger,
                    readInput: { line in try await StandardInput.forEachLine(line) },
                    output: { print($0) },
                    notices: { printToStandardError($0) }
                )
            } catch let refused as ChatClient.Refused {
                printToStandardError("! \(refused)")
                throw ExitCode.failure
            }
        }
    }
}

/// Writes `line` and a newline to standard error.
func printToStandardError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeBytes { buffer in
            write(2, buffer.baseAddress.map { $0 + written }, buffer.count - written)
        }
        guard count > 0 else { return }
        written += count
    }
}
