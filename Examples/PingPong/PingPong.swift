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

/// Ping-pong over a composite protocol: a pre-game in JSON lines, then the game in a binary serializer.
///
///     swift run PingPong demo                              # a server and 20 players in one process
///     swift run PingPong server --port 9002                # then, elsewhere:
///     swift run PingPong client --port 9002 --clients 20   # or --serde variable, --score-limit 500
///     swift run PingPong server --unix /tmp/pingpong.sock  # a Unix socket; then `client --unix` the same
@main
struct PingPong: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "PingPong",
        abstract: "Ping-pong over ReactiveMessaging: a text handshake, then a binary game, umpired on both sides.",
        subcommands: [Demo.self, ServerCommand.self, ClientCommand.self],
        defaultSubcommand: Demo.self
    )
}

/// The port the server listens on and the players connect to, unless told otherwise.
let defaultPort = 9002

/// What players play: how many, to how many points, in which serializer.
struct MatchOptions: ParsableArguments {
    @Option(help: "How many players play at once, each on its own connection.")
    var clients = 20

    @Option(help: "Points that win a game.")
    var scoreLimit: UInt32 = 21

    @Option(help: "The game's serializer: fixed or variable.")
    var serde: GameSerde = .fixed

    @Option(help: "Milliseconds a player waits for the opponent's next play before cancelling the game.")
    var rallyTimeout: UInt32 = MatchConfig.standardRallyTimeoutMillis

    var config: MatchConfig {
        var config = MatchConfig.standard(scoreLimit: self.scoreLimit, serde: self.serde)
        config.rallyTimeoutMillis = self.rallyTimeout
        return config
    }
}

extension MatchOptions {
    /// Plays the games against the server at `transport`, printing each result as it comes, a progress line a second, then the
    /// summary.
    ///
    /// - Throws: `ExitCode.failure` unless every game was played to the end.
    func playAndReport(transport: Client.Transport, logger: Logger) async throws {
        let start = ContinuousClock.now
        let records = (0..<self.clients).map { _ in PlayerRecord(config: self.config) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await playGames(transport: transport, records: records, logger: logger) { player, record in
                    print("player \(player): \(record.result)")
                }
            }
            group.addTask {
                await reportProgress(of: records, since: start)
            }
            try await group.next()
            group.cancelAll()
        }
        print(summary(records, seconds: seconds(since: start)))
        let unfinished = records.count - finishedCount(records)
        if unfinished > 0 {
            print("error: \(unfinished) of \(records.count) games did not end as expected")
            throw ExitCode.failure
        }
    }
}

/// Prints, every second until cancelled, how many games are over and how many messages went either way.
func reportProgress(of records: [PlayerRecord], since start: ContinuousClock.Instant) async {
    while true {
        do {
            try await Task.sleep(for: .seconds(1))
        } catch {
            return
        }
        let over = records.count { $0.isOver }
        let messages = records.reduce(0) { $0 + $1.messages.in + $1.messages.out }
        print("\(twoDecimals(seconds(since: start))) s: \(over) of \(records.count) games over, \(messages) messages")
    }
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return Double(seconds) + Double(attoseconds) * 1e-18
}

/// How this program was built, printed beside its rate: a debug build is several times slower.
#if DEBUG
let buildMode = "debug build; `swift run -c release PingPong demo` is several times faster"
#else
let buildMode = "release build"
#endif

extension GameSerde: ExpressibleByArgument {}

/// A ping-pong server: a `Server` running the server's protocol. A game cut short by a graceful shutdown tells its
/// player (`serverShutdown`) before the connection closes.
///
/// - Parameter idleTimeout: How long a connection may receive nothing before it is closed, in any state; the
///   longest rally timeout the server accepts is two thirds of it.
func makeServer(
    transport: Server.Transport,
    idleTimeout: Duration = PingPongServer.defaultIdleTimeout,
    logger: Logger
) -> Server {
    var configuration = Server.Configuration()
    configuration.connection.idleTimeout = idleTimeout
    return Server(
        transport: transport,
        configuration: configuration,
        conversation: .composite(PingPongServer.makeProtocol(idleTimeout: idleTimeout)),
        logger: logger
    )
}

/// Plays a game per record against the server at `transport`, all at once; reports each result as it comes.
func playGames(
    transport: Client.Transport,
    records: [PlayerRecord],
    connectTimeout: Duration = .seconds(10),
    logger: Logger,
    report: @escaping @Sendable (Int, PlayerRecord) -> Void
) async {
    await withDiscardingTaskGroup { group in
        for (index, record) in records.enumerated() {
            let player = index + 1
            group.addTask {
                var configuration = Client.Configuration()
                configuration.connectTimeout = connectTimeout
                let client = Client(
                    transport: transport,
                    configuration: configuration,
                    conversation: .composite(PingPongClient.makeProtocol(record)),
                    logger: logger
                )
                do {
                    try await client.run()
                } catch {
                    logger.warning("player \(player): \(error)")
                }
                report(player, record)
            }
        }
    }
}

/// How many of the games were played to the end.
func finishedCount(_ records: [PlayerRecord]) -> Int {
    records.count { if case .finished = $0.result { true } else { false } }
}

/// The summary line: games, their results, and messages in and out per second, with the build mode.
func summary(_ records: [PlayerRecord], seconds: Double) -> String {
    let (received, sent) = records.reduce((0, 0)) { ($0.0 + $1.messages.in, $0.1 + $1.messages.out) }
    let rate = Double(received + sent) / max(seconds, 1e-9)
    return "\(records.count) games, \(finishedCount(records)) played to the end; \(received) messages in + \(sent) "
        + "out in \(twoDecimals(seconds)) s: \(Int(rate.rounded())) messages in and out per second (\(buildMode))"
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

        @Flag(help: "Play over an in-memory endpoint, with no socket, instead of loopback TCP.")
        var inMemory = false

        @Option(help: "Seconds a connection may receive nothing before it is closed; rally timeouts up to two thirds.")
        var idleTimeout = 30

        func validate() throws {
            guard self.idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1") }
        }

        func run() async throws {
            var logger = Logger(label: "PingPong")
            logger.logLevel = .warning
            let endpoint = InMemoryEndpoint(name: "pingpong")
            let server = makeServer(
                transport: self.inMemory ? .inMemory(endpoint) : .tcp(host: "127.0.0.1", port: 0),
                idleTimeout: .seconds(self.idleTimeout),
                logger: logger
            )
            let match = self.match
            let inMemory = self.inMemory
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let address = try await server.listeningAddress
                let port = address.port ?? 0
                print(
                    "server listening on \(inMemory ? endpoint.description : "127.0.0.1:\(port)"); "
                        + "\(match.clients) players, games to \(match.scoreLimit), \(match.serde)"
                )
                defer { server.beginGracefulShutdown() }
                try await match.playAndReport(
                    transport: inMemory ? .inMemory(endpoint) : .tcp(host: "127.0.0.1", port: port),
                    logger: logger
                )
            }
        }
    }

    struct ServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Runs the server until interrupted (Ctrl-C); games still running are told it shuts down."
        )

        @OptionGroup
        var transport: TransportOptions

        @Option(help: "Seconds a connection may receive nothing before it is closed; rally timeouts up to two thirds.")
        var idleTimeout = 30

        @OptionGroup
        var metrics: MetricsOptions

        func validate() throws {
            guard self.idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1") }
        }

        func run() async throws {
            let logger = Logger(label: "PingPong")
            let metricsEndpoint = self.metrics.bootstrap(logger: logger)
            let server = makeServer(
                transport: try self.transport.serverTransport(defaultPort: defaultPort),
                idleTimeout: .seconds(self.idleTimeout),
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
            abstract: "Plays games against a running server and prints every result."
        )

        @OptionGroup
        var transport: TransportOptions

        @OptionGroup
        var match: MatchOptions

        func run() async throws {
            var logger = Logger(label: "PingPong")
            logger.logLevel = .warning
            try await self.match.playAndReport(
                transport: try self.transport.clientTransport(defaultPort: defaultPort),
                logger: logger
            )
        }
    }
}
