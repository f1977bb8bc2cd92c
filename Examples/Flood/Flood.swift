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

/// A load test: a server that counts, answers and acknowledges, and a client that floods it over many connections
/// and reports throughput, CPU and latency, in any of the three serializers.
///
///     swift run -c release Flood server --serde fixed                  # until Ctrl-C
///     swift run -c release Flood client --serde fixed --connections 4 --messages 1000000 --json
@main
struct Flood: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Flood",
        abstract: "Floods a ReactiveMessaging server and measures throughput, CPU and latency.",
        subcommands: [ServerCommand.self, ClientCommand.self]
    )
}

extension FloodMode: ExpressibleByArgument {}

extension Flood {
    /// The port the server listens on and the client connects to, unless told otherwise.
    static let defaultPort = 9003

    /// The serializer and payload size; the server and its clients must be given the same.
    struct WireOptions: ParsableArguments {
        @Option(help: "The serializer: textual, fixed or variable.")
        var serde = "textual"

        @Option(
            name: .customLong("payload-bytes"),
            help: "Payload bytes per message; for fixed, rounded up to 0, 16, 64, 256 or 1024."
        )
        var payloadBytes = 16

        /// The checked choice.
        func makeWire() throws -> FloodWire {
            guard let serde = Serde(self.serde) else { throw ValidationError("--serde is textual, fixed or variable") }
            do {
                return try FloodWire(serde: serde, payloadBytes: self.payloadBytes)
            } catch {
                throw ValidationError(error.message)
            }
        }

        func validate() throws {
            _ = try self.makeWire()
        }

        /// A line saying that the payload size was rounded up, if it was.
        func roundingNote(_ wire: FloodWire) -> String? {
            guard wire.isRounded else { return nil }
            return "payload rounded up from \(wire.requestedPayloadBytes) to \(wire.payloadBytes) bytes "
                + "(the fixed serializer's sizes: \(FixedFloodCapacity.all.map(String.init).joined(separator: ", ")))"
        }
    }

    struct ServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Counts, answers and acknowledges flood messages until Ctrl-C or --max-seconds."
        )

        @OptionGroup
        var transport: TransportOptions

        @OptionGroup
        var wire: WireOptions

        @Option(name: .customLong("max-seconds"), help: "Stop (gracefully) after this many seconds.")
        var maxSeconds: Int?

        @Option(help: "Seconds a connection may send nothing before it is closed; 0 for never.")
        var idleTimeout = 300

        @OptionGroup
        var metrics: MetricsOptions

        func validate() throws {
            guard self.idleTimeout >= 0 else { throw ValidationError("--idle-timeout must be 0 or more") }
        }

        /// The idle timeout the server gets: `nil` for `--idle-timeout 0`.
        var serverIdleTimeout: Duration? {
            self.idleTimeout == 0 ? nil : .seconds(self.idleTimeout)
        }

        func run() async throws {
            let wire = try self.wire.makeWire()
            if let note = self.wire.roundingNote(wire) { print(note) }
            var logger = Logger(label: "Flood")
            logger.logLevel = .notice
            let metricsEndpoint = self.metrics.bootstrap(logger: logger)
            let server = try await FloodServer.makeServer(
                transport: try self.transport.serverTransport(defaultPort: Flood.defaultPort),
                wire: wire,
                idleTimeout: self.serverIdleTimeout,
                logger: logger
            )
            let services = ServiceGroup(
                configuration: .init(
                    services: self.transport.services(for: server, logger: logger) + metricsEndpoint,
                    gracefulShutdownSignals: [.sigint, .sigterm],
                    logger: logger
                )
            )
            let limit = self.maxSeconds.map { Duration.seconds($0) }
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await services.run()
                    return true
                }
                group.addTask {
                    let address = try await server.listeningAddress
                    let place =
                        address.pathname.map { "unix:\($0)" } ?? "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
                    print("Flood server (\(wire)) listening on \(place)")
                    return false
                }
                if let limit {
                    group.addTask {
                        do {
                            try await Task.sleep(for: limit)
                        } catch {
                            return false
                        }
                        await services.triggerGracefulShutdown()
                        return false
                    }
                }
                // When the services end (a signal, or the time limit), stop the timer.
                while let servicesEnded = try await group.next() {
                    if servicesEnded { group.cancelAll() }
                }
            }
        }
    }

    struct ClientCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "client",
            abstract: "Floods a Flood server and reports; exits with 1 if a message was lost."
        )

        @OptionGroup
        var transport: TransportOptions

        @OptionGroup
        var wire: WireOptions

        @Option(help: "How many connections.")
        var connections = 1

        @Option(help: "How many messages in total, split across the connections.")
        var messages = 1_000_000

        @Option(help: "Messages per second in total, or max.")
        var rate = "max"

        @Option(help: "oneway (data, acknowledged at the end) or request-reply (each answered; latency measured).")
        var mode = FloodMode.oneway

        @Flag(help: "Also print the totals as one JSON object, on the last line.")
        var json = false

        func validate() throws {
            guard self.connections >= 1 else { throw ValidationError("--connections is at least 1") }
            guard self.messages >= 0 else { throw ValidationError("--messages cannot be negative") }
            guard FloodRate(self.rate) != nil else { throw ValidationError("--rate is max or a positive integer") }
        }

        func run() async throws {
            let wire = try self.wire.makeWire()
            if let note = self.wire.roundingNote(wire) { print(note) }
            let options = FloodClient.Options(
                endpoint: FloodEndpoint(self.transport, defaultPort: Flood.defaultPort),
                tls: try FloodTLS(self.transport),
                wire: wire,
                connections: self.connections,
                messages: self.messages,
                rate: FloodRate(self.rate) ?? .max,
                mode: self.mode
            )
            print(
                "Flood client (\(wire)): \(options.connections) connections, \(options.messages) messages, "
                    + "\(options.mode.rawValue), rate \(options.rate)"
            )
            let report = try await FloodClient.run(options) { line in print(line) }
            for line in report.summary {
                print(line)
            }
            if self.json {
                print(report.jsonLine)
            }
            if report.lost != 0 {
                throw ExitCode.failure
            }
        }
    }
}
