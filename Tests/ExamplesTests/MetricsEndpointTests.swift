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

import CoreMetrics
import Logging
import NIOCore
import NIOHTTP1
import Prometheus
import ReactiveMessaging
import ReactiveMessagingTesting
import TestSupport
import Testing

@testable import HelloWorld
@testable import MetricsEndpoint

/// The example servers' `--metrics-port` endpoint, scraped from another process (Python's `urllib`) while
/// HelloWorld's server answers greetings: its counters move as messages flow.
@Suite("Metrics endpoint", .timeLimit(.minutes(1 * TestTiming.scale)))
struct MetricsEndpointTests {
    /// Prints `NAME VALUE` for each sample of the metrics whose name is given, or `STATUS` for a path that is not
    /// `/metrics`.
    static let scraper = """
        import sys, urllib.error, urllib.request
        port, path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                for line in response.read().decode().splitlines():
                    if line.split(" ")[0] in names:
                        print(line, flush=True)
        except urllib.error.HTTPError as error:
            print(error.code, flush=True)
        print("end", flush=True)
        """

    /// Runs HelloWorld's server reporting to a Prometheus registry, and the endpoint serving it, while `body` runs
    /// with both ports.
    static func withServer(_ body: (_ server: Int, _ metrics: Int) async throws -> Void) async throws {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let registry = PrometheusCollectorRegistry()
        var configuration = Server.Configuration()
        configuration.metrics = MetricsConfiguration(factory: PrometheusMetricsFactory(registry: registry))
        let server = HelloWorld.makeServer(
            transport: .tcp(host: "127.0.0.1", port: 0),
            configuration: configuration,
            logger: logger
        )
        let (listening, isListening) = AsyncStream.makeStream(of: SocketAddress.self)
        let endpoint = MetricsEndpoint(port: 0, registry: registry, logger: logger) { address in
            isListening.yield(address)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await endpoint.run() }
            var addresses = listening.makeAsyncIterator()
            let metricsPort = try #require(await addresses.next()?.port)
            try await server.withRunning { address in
                try await body(try #require(address.port), metricsPort)
            }
            group.cancelAll()
        }
    }

    /// What the scraper printed for `path` and `names`, up to its `end`.
    static func scrape(
        _ script: String,
        port: Int,
        path: String = "/metrics",
        _ names: String...
    ) async throws
        -> [String]
    {
        let scraper = try ExternalProcess("python3", [script, "\(port)", path] + names)
        defer { scraper.terminate() }
        var lines: [String] = []
        for await line in scraper.lines {
            if line == "end" { break }
            lines.append(line)
        }
        return lines
    }

    @Test("a counter read over HTTP moves as greetings flow; other paths are 404")
    func countersMove() async throws {
        try await TestFiles.withFolder { folder in
            let script = try TestFiles.write(Self.scraper, to: "scrape.py", in: folder)
            try await Self.withServer { serverPort, metricsPort in
                let before = try await Self.scrape(
                    script,
                    port: metricsPort,
                    "reactive_messaging_messages_received_total"
                )
                #expect(before == ["reactive_messaging_messages_received_total 0"])
                for _ in 0..<3 {
                    let answer = try await HelloWorld.greet(
                        transport: .tcp(host: "127.0.0.1", port: serverPort),
                        logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
                    )
                    #expect(answer == .world)
                }
                let after = try await Self.scrape(
                    script,
                    port: metricsPort,
                    "reactive_messaging_messages_received_total",
                    "reactive_messaging_connections_opened_total"
                )
                #expect(
                    Set(after) == [
                        "reactive_messaging_messages_received_total 3",
                        "reactive_messaging_connections_opened_total 3",
                    ]
                )
                #expect(try await Self.scrape(script, port: metricsPort, path: "/other") == ["404"])
            }
        }
    }

    @Test("only GET and HEAD of /metrics are answered with the metrics; a query string is ignored")
    func responses() {
        let registry = PrometheusCollectorRegistry()
        PrometheusMetricsFactory(registry: registry).makeCounter(label: "probe_total", dimensions: []).increment(by: 1)
        func answer(_ method: HTTPMethod, _ uri: String) -> (HTTPResponseStatus, String) {
            let (status, body) = MetricsEndpoint.response(
                to: HTTPRequestHead(version: .http1_1, method: method, uri: uri),
                registry: registry
            )
            return (status, String(decoding: body, as: UTF8.self))
        }
        #expect(answer(.GET, "/metrics").0 == .ok)
        #expect(answer(.GET, "/metrics?x=1").1.contains("probe_total 1"))
        #expect(answer(.HEAD, "/metrics") == (.ok, ""))
        #expect(answer(.POST, "/metrics").0 == .methodNotAllowed)
        #expect(answer(.GET, "/").0 == .notFound)
    }
}
