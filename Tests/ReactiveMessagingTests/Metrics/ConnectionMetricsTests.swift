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

import MetricsTestKit
import NIOCore
import ReactiveMessaging
import ReactiveMessagingTesting
import TestSupport
import Testing

/// What a server reports through swift-metrics, read back from MetricsTestKit's backend: connections, messages and
/// bytes, bad input, send queues and drops, drains, TLS handshake failures.
@Suite("Connection metrics", .timeLimit(.minutes(1 * TestTiming.scale)))
struct ConnectionMetricsTests {
    /// The dimension every metric of these tests carries.
    static let service = ("service", "test")

    /// A metrics configuration that reports to `metrics`, with `service` on every metric.
    static func reporting(to metrics: TestMetrics) -> MetricsConfiguration {
        MetricsConfiguration(factory: metrics, dimensions: [Self.service])
    }

    /// A counter's total; 0 if it was never made.
    static func total(_ metrics: TestMetrics, _ name: String, _ dimension: (String, String)? = nil) -> Int64 {
        let dimensions = [Self.service] + (dimension.map { [$0] } ?? [])
        return (try? metrics.expectCounter("reactive_messaging_" + name, dimensions).totalValue) ?? 0
    }

    /// A meter's last value; `nil` if it was never set.
    static func meter(_ metrics: TestMetrics, _ name: String) -> Double? {
        try? metrics.expectMeter("reactive_messaging_" + name, [Self.service]).lastValue
    }

    /// An echo server over lines (`echo LINE`), skipping malformed lines, with 64-byte messages at most.
    static func echoServer(_ metrics: TestMetrics, events: EventLog) -> Server {
        Server(
            transport: testTransport,
            configuration: testConfiguration { configuration in
                configuration.metrics = Self.reporting(to: metrics)
                configuration.connection.maximumMessageSize = 64
            },
            conversation: .replying(serializer: LineSerializer(), badInput: .skip) { inbound, _ in
                inbound.map { "echo \($0)" }
            },
            onEvent: events.handler
        )
    }

    @Test("a connection's messages and bytes in and out, its opening and its close are counted")
    func traffic() async throws {
        let metrics = TestMetrics()
        let events = EventLog()
        try await Self.echoServer(metrics, events: events).withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("one\ntwo\n")
                #expect(try await connection.readLine() == "echo one")
                #expect(try await connection.readLine() == "echo two")
                #expect(Self.meter(metrics, "connections_active") == 1)
                try await connection.write("three\n")
                #expect(try await connection.readLine() == "echo three")
            }
            let closed = await events.collect { $0.kind == .disconnected }
            #expect(closed.last?.reason == .peerClosed)
        }
        #expect(Self.total(metrics, "connections_opened_total") == 1)
        #expect(Self.meter(metrics, "connections_active") == 0)
        #expect(Self.total(metrics, "connections_closed_total", ("reason", "peerClosed")) == 1)
        #expect(Self.total(metrics, "messages_received_total") == 3)
        #expect(Self.total(metrics, "messages_sent_total") == 3)
        #expect(Self.total(metrics, "bytes_received_total") == Int64("one\ntwo\nthree\n".utf8.count))
        #expect(Self.total(metrics, "bytes_sent_total") == Int64("echo one\necho two\necho three\n".utf8.count))
    }

    @Test("bad input is counted by error code and by the action the policy took")
    func badInput() async throws {
        let metrics = TestMetrics()
        let events = EventLog()
        try await Self.echoServer(metrics, events: events).withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("\(LineSerializer.malformedPrefix)bad\nok\n")
                #expect(try await connection.readLine() == "echo ok")
                try await connection.write(String(repeating: "x", count: 100) + "\n")
                #expect(await connection.waitForClose())
            }
            _ = await events.collect { $0.kind == .disconnected }
        }
        #expect(Self.total(metrics, "decode_errors_total", ("code", "malformedMessage")) == 1)
        #expect(Self.total(metrics, "bad_input_actions_total", ("action", "skip")) == 1)
        #expect(Self.total(metrics, "decode_errors_total", ("code", "messageTooLarge")) == 1)
        #expect(Self.total(metrics, "connections_closed_total", ("reason", "messageTooLarge")) == 1)
    }

    @Test("a send queue's depth and the messages its policy dropped are counted")
    func sendQueue() async throws {
        let metrics = TestMetrics()
        var configuration = ConnectionConfiguration.defaults
        configuration.sendQueue = SendQueueLimits(maximumMessages: 2, maximumBytes: 1024)
        try await PeerHarness.with(configuration: configuration, metrics: Self.reporting(to: metrics)) { harness in
            try await harness.setWritable(false)
            for message in ["one", "two", "three"] {
                try await harness.peer.send(message, whenFull: .dropNewest)
            }
            #expect(Self.meter(metrics, "send_queue_messages") == 2)
            #expect(Self.meter(metrics, "send_queue_bytes") == Double("one\ntwo\n".utf8.count))
            #expect(Self.total(metrics, "messages_dropped_total", ("policy", "dropNewest")) == 1)
            try await harness.setWritable(true)
            try await harness.peer.send("end", whenFull: .dropNewest)
            _ = await harness.written(through: "end\n")
            #expect(Self.meter(metrics, "send_queue_messages") == 0)
            #expect(Self.meter(metrics, "send_queue_bytes") == 0)
        }
        #expect(Self.total(metrics, "messages_sent_total") == 3)
        #expect(Self.total(metrics, "bytes_sent_total") == Int64("one\ntwo\nend\n".utf8.count))
        #expect(Self.total(metrics, "messages_dropped_total", ("policy", "dropOldest")) == 0)
    }

    @Test("a graceful shutdown's drain is counted and timed")
    func drain() async throws {
        let metrics = TestMetrics()
        let events = EventLog()
        let server = Self.echoServer(metrics, events: events)
        try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("one\n")
                #expect(try await connection.readLine() == "echo one")
                server.beginGracefulShutdown()
                #expect(await connection.waitForClose())
            }
        }
        #expect(Self.total(metrics, "drains_total", ("outcome", "completed")) == 1)
        let duration = try metrics.expectTimer("reactive_messaging_drain_duration_seconds", [Self.service])
        #expect(duration.values.count == 1)
        #expect(Self.total(metrics, "connections_closed_total", ("reason", "shutdown")) == 1)
    }

    @Test("a failed TLS handshake is counted")
    func tlsHandshakeFailure() async throws {
        let metrics = TestMetrics()
        let events = EventLog()
        let authority = try TestCertificateAuthority()
        let tls = Server.TLS.forTests(identity: try authority.issue(commonName: "localhost").identity)
        let server = Server(
            transport: testTransport.tls(tls),
            configuration: testConfiguration { $0.metrics = Self.reporting(to: metrics) },
            conversation: .replying(serializer: LineSerializer()) { inbound, _ in inbound },
            onEvent: events.handler
        )
        try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("hello\n")
                #expect(await connection.waitForClose())
            }
            _ = await events.collect { $0.kind == .disconnected }
        }
        #expect(Self.total(metrics, "tls_handshake_failures_total") == 1)
        #expect(Self.total(metrics, "connections_opened_total") == 0)
    }
}
