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
internal import Metrics
internal import NIOCore
internal import NIOPosix
internal import Prometheus
internal import ReactiveMessaging

/// A server and its clients in one process, over an in-memory endpoint, loopback TCP or a Unix socket: the same
/// conversation on each, so the transports compare side by side.
///
/// The server counts `data`, answers `ping` with `pong` and `end` with `ack(count)`, as BenchServer does. The server
/// and the clients each have an event loop of their own, as two processes would. Prints one JSON line.
@main
struct InProcessBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ping-pong or a one-way flood between a server and clients in one process, over any transport."
    )

    @Option(help: "memory, tcp or unix.")
    var transport = "memory"

    @Option(help: "pingpong (round trips, one in flight per connection) or flood (one-way, one connection).")
    var workload = "pingpong"

    @Option(help: "Connections, for pingpong.")
    var conns = 1

    @Option(help: "Seconds of ping-pong.")
    var seconds = 5.0

    @Option(help: "Data messages in a flood.")
    var count = 5_000_000

    @Option(help: "Messages per send(contentsOf:) in a flood.")
    var burst = 2_048

    @Option(help: "textual, fixed or variable.")
    var serde = "fixed"

    @Option(help: "none (swift-metrics' default backend) or prometheus (bootstrapped before the server and clients).")
    var metrics = "none"

    func validate() throws {
        guard ["memory", "tcp", "unix"].contains(self.transport) else {
            throw ValidationError("--transport is memory, tcp or unix")
        }
        guard ["none", "prometheus"].contains(self.metrics) else {
            throw ValidationError("--metrics is none or prometheus")
        }
        guard ["pingpong", "flood"].contains(self.workload) else {
            throw ValidationError("--workload is pingpong or flood")
        }
        guard self.conns >= 1, self.seconds > 0, self.count >= 1, self.burst >= 1 else {
            throw ValidationError("--conns, --seconds, --count and --burst must be positive")
        }
    }

    func run() async throws {
        guard let serde = Serde(self.serde) else { throw ValidationError("--serde needs a name") }
        let serializer = try BuiltInSerializer<BenchMessage, BenchMessage>(validating: serde)
        if self.metrics == "prometheus" {
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()))
        }
        let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let endpoint = InMemoryEndpoint(name: "bench")
        let path = "/tmp/rm-inprocess-bench-\(UInt32.random(in: .min ... .max)).sock"
        let serverTransport: Server.Transport =
            switch self.transport {
            case "memory": .inMemory(endpoint)
            case "unix": .unixDomainSocket(path: path)
            default: .tcp(host: "127.0.0.1", port: 0)
            }
        let server = Server(
            transport: serverTransport,
            conversation: .processor(serializer: serializer) { inbound, context in
                var count: UInt64 = 0
                for try await message in inbound {
                    switch message.op {
                    case .data: count &+= 1
                    case .ping: try await context.send(BenchMessage(op: .pong, id: message.id, val: message.val &+ 1))
                    case .end:
                        try await context.send(BenchMessage(op: .ack, id: count, val: 0))
                        count = 0
                    case .pong, .ack: break
                    }
                }
            },
            eventLoopGroup: serverGroup
        )
        let line = try await server.withRunning { address in
            let clientTransport: Client.Transport =
                switch self.transport {
                case "memory": .inMemory(endpoint)
                case "unix": .unixDomainSocket(path: path)
                default: .tcp(host: "127.0.0.1", port: address.port ?? 0)
                }
            if self.workload == "flood" {
                let seconds = try await self.flood(clientTransport, serializer, clientGroup)
                let rate = Double(self.count) / seconds
                return #"{"tool":"InProcessBench","workload":"flood","transport":"\#(self.transport)","#
                    + #""serde":"\#(self.serde)","msgs":\#(self.count),"secs":\#(seconds),"msgs_per_s":\#(rate)}"#
            }
            let trips = try await self.pingPong(clientTransport, serializer, clientGroup)
            let rate = Double(trips) / self.seconds
            return #"{"tool":"InProcessBench","workload":"pingpong","transport":"\#(self.transport)","#
                + #""serde":"\#(self.serde)","conns":\#(self.conns),"round_trips":\#(trips),"#
                + #""round_trips_per_s":\#(rate)}"#
        }
        print(line)
        try await clientGroup.shutdownGracefully()
        try await serverGroup.shutdownGracefully()
    }

    /// `conns` connections, each with one ping in flight, for `seconds`; the round trips of all of them.
    func pingPong(
        _ transport: Client.Transport,
        _ serializer: BuiltInSerializer<BenchMessage, BenchMessage>,
        _ group: MultiThreadedEventLoopGroup
    ) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(self.seconds)
        return try await withThrowingTaskGroup(of: Int.self) { tasks in
            for _ in 0..<self.conns {
                tasks.addTask {
                    try await Client.withConnection(
                        transport: transport,
                        serializer: serializer,
                        eventLoopGroup: group
                    ) { inbound, context in
                        var replies = inbound.makeAsyncIterator()
                        var trips = 0
                        while ContinuousClock.now < deadline {
                            try await context.send(BenchMessage(op: .ping, id: UInt64(trips), val: 1))
                            guard try await replies.next()?.op == .pong else { break }
                            trips += 1
                        }
                        return trips
                    }
                }
            }
            return try await tasks.reduce(0, +)
        }
    }

    /// `count` data messages in bursts of `burst`, then `end`; seconds until the `ack`.
    func flood(
        _ transport: Client.Transport,
        _ serializer: BuiltInSerializer<BenchMessage, BenchMessage>,
        _ group: MultiThreadedEventLoopGroup
    ) async throws -> Double {
        let count = self.count
        let burst = (0..<self.burst).map { BenchMessage(op: .data, id: UInt64($0), val: 7) }
        return try await Client.withConnection(
            transport: transport,
            serializer: serializer,
            eventLoopGroup: group
        ) { inbound, context in
            let peer = context.peer
            let start = ContinuousClock.now
            var sent = 0
            while sent + burst.count <= count {
                try await peer.send(contentsOf: burst)
                sent += burst.count
            }
            try await peer.send(contentsOf: burst.prefix(count - sent))
            try await peer.send(BenchMessage(op: .end, id: 0, val: 0))
            for try await reply in inbound where reply.op == .ack {
                guard reply.id == UInt64(count) else {
                    throw ValidationError("the server counted \(reply.id) messages, not \(count)")
                }
                let (seconds, attoseconds) = (ContinuousClock.now - start).components
                return Double(seconds) + Double(attoseconds) * 1e-18
            }
            throw ValidationError("the server closed before its ack")
        }
    }
}
