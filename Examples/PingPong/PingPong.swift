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
internal import NIOCore
internal import ReactiveMessaging
internal import ServiceLifecycle
internal import UnixSignals

/// Ping-pong over a composite protocol: a pre-game in JSON lines, then the game in a binary serializer.
///
///     swift run PingPong demo                              # a server and 20 players in one process
///     swift run PingPong server --port 9000                # then, elsewhere:
///     swift run PingPong client --port 9000 --clients 20   # or --serde variable, --score-limit 500
@main
struct PingPong: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ping-pong over ReactiveMessaging: a text handshake, then a binary game, umpired on both sides.",
        subcommands: [Demo.self, ServerCommand.self, ClientCommand.self],
        defaultSubcommand: Demo.self
    )
}

/// Where the server listens, and where the players connect.
struct Address: ParsableArguments {
    @Option(help: "The server's address.")
    var host = "127.0.0.1"

    @Option(help: "The server's port.")
    var port = 9000
}

/// What players play: how many, to how many points, in which serializer.
struct MatchOptions: ParsableArguments {
    @Option(help: "How many players play at once, each on its own connection.")
    var clients = 20

    @Option(help: "Points that win a game.")
    var scoreLimit: UInt32 = 21

    @Option(help: "The game's serializer: fixed or variable.")
    var serde: GameSerde = .fixed

    var config: MatchConfig {
        .standard(scoreLimit: self.scoreLimit, serde: self.serde)
    }
}

extension MatchOptions {
    /// Plays the games against `host:port`, printing each result, then the summary.
    func playAndReport(host: String, port: Int, logger: Logger) async throws {
        let start = ContinuousClock.now
        let records = try await playGames(
            host: host,
            port: port,
            count: self.clients,
            config: self.config,
            logger: logger
        ) { player, record in
            print("player \(player): \(record.result)")
        }
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        print(summary(records, seconds: Double(seconds) + Double(attoseconds) * 1e-18))
    }
}

extension GameSerde: ExpressibleByArgument {}

/// A ping-pong server: a `Server` running the server's protocol. A game cut short by a graceful shutdown tells its
/// player (`serverShutdown`) before the connection closes.
func makeServer(host: String, port: Int, logger: Logger) -> Server {
    var configuration = Server.Configuration(host: host, port: port)
    configuration.connection.idleTimeout = .seconds(30)
    return Server(configuration: configuration, protocol: PingPongServer.makeProtocol(), logger: logger)
}

/// Plays `count` games against the server at `host:port` at once; reports each result as it comes.
func playGames(
    host: String,
    port: Int,
    count: Int,
    config: MatchConfig,
    connectTimeout: Duration = .seconds(10),
    logger: Logger,
    report: @escaping @Sendable (Int, PlayerRecord) -> Void
) async throws -> [PlayerRecord] {
    try await withThrowingTaskGroup(of: PlayerRecord.self) { group in
        for player in 1...count {
            group.addTask {
                let record = PlayerRecord(config: config)
                var configuration = Client.Configuration(host: host, port: port)
                configuration.connectTimeout = connectTimeout
                let client = Client(
                    configuration: configuration,
                    protocol: PingPongClient.makeProtocol(record),
                    logger: logger
                )
                do {
                    try await client.run()
                } catch {
                    logger.warning("player \(player): \(error)")
                }
                report(player, record)
                return record
            }
        }
        return try await group.reduce(into: []) { $0.append($1) }
    }
}

/// The summary line: games, their results, and messages in and out per second.
func summary(_ records: [PlayerRecord], seconds: Double) -> String {
    let finished = records.filter { if case .finished = $0.result { true } else { false } }.count
    let (received, sent) = records.reduce((0, 0)) { ($0.0 + $1.messages.in, $0.1 + $1.messages.out) }
    let rate = Double(received + sent) / max(seconds, 1e-9)
    return "\(records.count) games, \(finished) played to the end; \(received) messages in + \(sent) out in "
        + "\(twoDecimals(seconds)) s: \(Int(rate.rounded())) messages in and out per second"
}

/// `value` with two decimals, without Foundation.
func twoDecimals(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

extension PingPong {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs a server and the players in one process, and prints every game (the default)."
        )

        @OptionGroup
        var match: MatchOptions

        func run() async throws {
            var logger = Logger(label: "PingPong")
            logger.logLevel = .warning
            let server = makeServer(host: "127.0.0.1", port: 0, logger: logger)
            let match = self.match
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let address = try await server.listeningAddress
                print(
                    "server listening on \(address); \(match.clients) players, games to \(match.scoreLimit), \(match.serde)"
                )
                try await match.playAndReport(host: "127.0.0.1", port: address.port ?? 0, logger: logger)
                server.beginGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    struct ServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Runs the server until interrupted (Ctrl-C); games still running are told it shuts down."
        )

        @OptionGroup
        var address: Address

        func run() async throws {
            let logger = Logger(label: "PingPong")
            let server = makeServer(host: self.address.host, port: self.address.port, logger: logger)
            let services = ServiceGroup(
                configuration: .init(services: [server], gracefulShutdownSignals: [.sigint, .sigterm], logger: logger)
            )
            try await services.run()
        }
    }

    struct ClientCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "client",
            abstract: "Plays games against a running server and prints every result."
        )

        @OptionGroup
        var address: Address

        @OptionGroup
        var match: MatchOptions

        func run() async throws {
            var logger = Logger(label: "PingPong")
            logger.logLevel = .warning
            try await self.match.playAndReport(host: self.address.host, port: self.address.port, logger: logger)
        }
    }
}
