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
internal import BenchProtocol
internal import NIOCore
internal import NIOPosix
internal import ReactiveMessaging

/// The benchmark server of `../shared/bench` built on ReactiveMessaging: counts `data`, answers `ping` with
/// `pong(id, val + 1)` and `end` with `ack(count)`.
@main
struct BenchServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serves the wire protocol of ../shared/bench with ReactiveMessaging."
    )

    enum Framing: String, ExpressibleByArgument {
        case line
        case len
    }

    @Option(help: "line (op=ping id=1 v=2\\n) or len (UInt32 length + 24-byte binary frame), for --serde custom.")
    var framing: Framing = .line

    @Option(
        help: """
            custom: the shared protocol's own serializers (per --framing); or a built-in: textual, fixed (the \
            28-byte len frame as a FixedSizeMessage) or variable.
            """
    )
    var serde: String = "custom"

    @Option(help: "The port to listen on, on 127.0.0.1.")
    var port: Int = 9000

    @Option(help: "How many event-loop threads serve the connections.")
    var threads: Int = 1

    @Option(name: .customLong("max-seconds"), help: "Stop after this many seconds.")
    var maxSeconds: Int = 600

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        var configuration = Server.Configuration(host: "127.0.0.1", port: self.port, backlog: 4_096)
        configuration.connection.idleTimeout = nil
        let server: Server
        switch (self.serde, self.framing) {
        case ("custom", .line): server = Self.makeServer(configuration, BenchLineSerializer(), group)
        case ("custom", .len): server = Self.makeServer(configuration, BenchBinarySerializer(), group)
        default:
            guard let serde = Serde(self.serde) else { throw ValidationError("--serde needs a name") }
            let serializer = try BuiltInSerializer<BenchMessage, BenchMessage>(validating: serde)
            server = Self.makeServer(configuration, serializer, group)
        }
        let maxSeconds = self.maxSeconds
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask { try await server.run() }
            tasks.addTask {
                try await Task.sleep(for: .seconds(maxSeconds))
                server.beginGracefulShutdown()
            }
            tasks.addTask {
                let address = try await server.listeningAddress
                print(
                    "BenchServer serde=\(self.serde) framing=\(self.framing.rawValue) threads=\(self.threads) listening on \(address)"
                )
            }
        }
        try await group.shutdownGracefully()
    }

    static func makeServer<Serializer: MessageSerializer<BenchMessage, BenchMessage>>(
        _ configuration: Server.Configuration,
        _ serializer: Serializer,
        _ group: MultiThreadedEventLoopGroup
    ) -> Server {
        Server(configuration: configuration, serializer: serializer, eventLoopGroup: group) { inbound, context in
            var count: UInt64 = 0
            for try await message in inbound {
                switch message.op {
                case .data:
                    count &+= 1
                case .ping:
                    try await context.send(BenchMessage(op: .pong, id: message.id, val: message.val &+ 1))
                case .end:
                    try await context.send(BenchMessage(op: .ack, id: count, val: 0))
                    count = 0
                case .pong, .ack:
                    break
                }
            }
        }
    }
}
