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
internal import NIOCore
internal import ReactiveMessaging
internal import ServiceLifecycle
internal import TransportOptions
internal import UnixSignals

/// A server that answers `{"world":{}}` to `{"hello":{}}`, and a client that greets it.
///
///     swift run HelloWorld                       # server and client in one process
///     swift run HelloWorld server --port 9001    # then, elsewhere:
///     swift run HelloWorld client --port 9001    # or: printf '{"hello":{}}\n' | nc -q 1 127.0.0.1 9001
///     swift run HelloWorld server --unix /tmp/hello.sock   # a Unix socket; `client --unix` or socat reach it
@main
struct HelloWorld: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "HelloWorld",
        abstract: "Hello world over ReactiveMessaging: one JSON line each way.",
        subcommands: [Demo.self, ServerCommand.self, ClientCommand.self],
        defaultSubcommand: Demo.self
    )

    /// The server's processor: silent until greeted; answers every `hello` with `world`.
    static func answer(
        _ inbound: ConnectionInbound<Greeting>,
        _ context: ConnectionContext<Answer>
    ) -> AsyncMapSequence<ConnectionInbound<Greeting>, Answer> {
        inbound.map { _ in Answer.world }
    }

    /// What the server does with a line that is not a greeting: skips it, but closes a connection that sends 16
    /// such lines in a row (the default bound of `BadInputPolicy/skip`), so garbage cannot hold a connection.
    static let badInput = BadInputPolicy<Answer>.skip

    /// The server: the processor, with JSON lines, skipping lines that are not a greeting. The library's limits
    /// stand: 10,000 connections, 1 MiB lines, and a connection silent for 120 s is closed.
    static func makeServer(
        transport: Server.Transport,
        configuration: Server.Configuration = .defaults,
        logger: Logger
    ) -> Server {
        Server(
            transport: transport,
            configuration: configuration,
            conversation: .replying(
                serializer: TextualSerializer<Greeting, Answer>(),
                badInput: Self.badInput,
                answer
            ),
            logger: logger
        )
    }

    /// The port the server listens on and the client connects to, unless told otherwise.
    static let defaultPort = 9001

    /// The client: greets, waits for the answer, and closes.
    static func greet(transport: Client.Transport, logger: Logger) async throws -> Answer? {
        try await Client.withConnection(
            transport: transport,
            serializer: TextualSerializer<Answer, Greeting>(),
            logger: logger
        ) { inbound, context in
            print("client → \(json(Greeting.hello))")
            try await context.send(.hello)
            for try await answer in inbound {
                print("client ← \(json(answer))")
                return answer
            }
            return nil
        }
    }

    /// The wire form of a message, to show what travels.
    static func json(_ message: some Encodable) -> String {
        var buffer = ByteBuffer()
        try? JSONMessageEncoder().encode(message, into: &buffer)
        return String(buffer: buffer)
    }
}

extension HelloWorld {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs the server on a free port and greets it once (the default)."
        )

        func run() async throws {
            var logger = Logger(label: "HelloWorld")
            logger.logLevel = .warning
            let server = HelloWorld.makeServer(transport: .tcp(host: "127.0.0.1", port: 0), logger: logger)
            try await server.withRunning { address in
                print("server listening on \(address.ipAddress ?? "?"):\(address.port ?? 0)")
                let answer = try await HelloWorld.greet(
                    transport: .tcp(host: "127.0.0.1", port: address.port ?? 0),
                    logger: logger
                )
                print(answer == .world ? "the server answered world" : "the server did not answer")
            }
        }
    }

    struct ServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Runs the server until interrupted (Ctrl-C)."
        )

        @OptionGroup
        var transport: TransportOptions

        @OptionGroup
        var metrics: MetricsOptions

        func run() async throws {
            let logger = Logger(label: "HelloWorld")
            let metricsEndpoint = self.metrics.bootstrap(logger: logger)
            let server = HelloWorld.makeServer(
                transport: try self.transport.serverTransport(defaultPort: HelloWorld.defaultPort),
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
            abstract: "Greets a running server once."
        )

        @OptionGroup
        var transport: TransportOptions

        func run() async throws {
            let answer = try await HelloWorld.greet(
                transport: try self.transport.clientTransport(defaultPort: HelloWorld.defaultPort),
                logger: Logger(label: "HelloWorld")
            )
            if answer != .world {
                throw ExitCode.failure
            }
        }
    }
}
