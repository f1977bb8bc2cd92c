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

import ArgumentParser
import NIOCore
import ReactiveMessaging
import ReactiveMessagingTesting
import Synchronization
import Testing

@testable import Flood

@Suite("Flood, over loopback", .timeLimit(.minutes(1 * TestTiming.scale)))
struct FloodTests {
    /// Collects the client's progress lines.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])

        func append(_ line: String) {
            self.lines.withLock { $0.append(line) }
        }

        var all: [String] { self.lines.withLock { $0 } }
    }

    /// Runs the real server on a free port and the client against it, with 2 connections and 16-byte payloads.
    static func flood(
        _ serde: Serde,
        mode: FloodMode,
        messages: Int = 2_000,
        rate: FloodRate = .max,
        payloadBytes: Int = 16
    ) async throws -> FloodReport {
        let wire = try FloodWire(serde: serde, payloadBytes: payloadBytes)
        let server = try await FloodServer.makeServer(transport: .tcp(host: "127.0.0.1", port: 0), wire: wire)
        let lines = Lines()
        return try await server.withRunning { address in
            let port = try #require(address.port)
            var options = FloodClient.Options(
                endpoint: .tcp(port: port),
                wire: wire,
                messages: messages,
                rate: rate,
                mode: mode
            )
            options.connections = 2
            options.connectTimeout = TestTiming.connectTimeout
            return try await FloodClient.run(options) { line in lines.append(line) }
        }
    }

    /// What the idle-timeout test's client could send or receive; it does neither.
    struct Nothing: Codable, Sendable {}

    @Test("a silent connection is closed by the server's idle timeout, which is on by default")
    func idleTimeout() async throws {
        #expect(try Flood.ServerCommand.parse([]).serverIdleTimeout == .seconds(300))
        #expect(try Flood.ServerCommand.parse(["--idle-timeout", "0"]).serverIdleTimeout == nil)
        let wire = try FloodWire(serde: .textual, payloadBytes: 16)
        let server = try await FloodServer.makeServer(
            transport: .tcp(host: "127.0.0.1", port: 0),
            wire: wire,
            idleTimeout: .milliseconds(200)
        )
        let ended = try await server.withRunning { address in
            var configuration = Client.Configuration()
            configuration.connectTimeout = TestTiming.connectTimeout
            return try await Client.withConnection(
                transport: .tcp(host: "127.0.0.1", port: try #require(address.port)),
                configuration: configuration,
                serializer: TextualSerializer<Nothing, Nothing>()
            ) { inbound, _ in
                // Silence: the server closes the connection, and the input ends.
                for try await _ in inbound {}
                return true
            }
        }
        #expect(ended)
    }

    @Test(
        "every message is counted (one-way) or answered (request-reply), and the JSON line says so",
        arguments: [Serde.textual, .fixed, .variable],
        FloodMode.allCases
    )
    func flood(serde: Serde, mode: FloodMode) async throws {
        let report = try await Self.flood(serde, mode: mode)
        #expect(report.sent == 2_000)
        #expect(report.received == 2_000)
        #expect(report.lost == 0)
        #expect(report.bytes > 0)
        if mode == .requestReply {
            #expect(report.latency.p50 <= report.latency.p99)
            #expect(report.latency.p99 <= report.latency.max)
        } else {
            #expect(report.latency == .zero)
        }

        let line = report.jsonLine
        #expect(!line.contains("\n"))
        for key in ["sent", "received", "lost", "msgs_per_s", "cpu_percent", "latency_us", "p50", "p999", "max"] {
            #expect(line.contains("\"\(key)\":"))
        }
        let json = try JSONMessageDecoder().decode(FloodReport.JSON.self, from: ByteBuffer(string: line))
        #expect(json.sent == 2_000)
        #expect(json.received == 2_000)
        #expect(json.lost == 0)
        #expect(json.messagesPerSecond > 0)
        #expect(json.cpuPercent >= 0)
        #expect(json.latency == report.latency)
    }

    @Test("a paced run sends every message", arguments: [Serde.textual, .fixed])
    func paced(serde: Serde) async throws {
        let report = try await Self.flood(serde, mode: .oneway, messages: 300, rate: .perSecond(3_000))
        #expect(report.sent == 300)
        #expect(report.received == 300)
        #expect(report.lost == 0)
    }

    @Test("a paced request-reply run answers every message")
    func pacedRequestReply() async throws {
        let report = try await Self.flood(.variable, mode: .requestReply, messages: 300, rate: .perSecond(3_000))
        #expect(report.sent == 300)
        #expect(report.received == 300)
    }

    @Test("more connections than messages: the idle ones still get their ack")
    func fewerMessagesThanConnections() async throws {
        let wire = try FloodWire(serde: .fixed, payloadBytes: 0)
        let server = try await FloodServer.makeServer(transport: .tcp(host: "127.0.0.1", port: 0), wire: wire)
        let report = try await server.withRunning { address in
            let port = try #require(address.port)
            var options = FloodClient.Options(endpoint: .tcp(port: port), wire: wire, connections: 4, messages: 3)
            options.connectTimeout = TestTiming.connectTimeout
            return try await FloodClient.run(options) { _ in }
        }
        #expect(report.sent == 3)
        #expect(report.lost == 0)
    }

    @Test(
        "the largest payload it accepts fits the server's message limit; one byte more is refused up front",
        arguments: [Serde.textual, .variable]
    )
    func largestPayload(serde: Serde) async throws {
        let report = try await Self.flood(
            serde,
            mode: .requestReply,
            messages: 4,
            payloadBytes: FloodWire.maximumPayloadBytes
        )
        #expect(report.received == 4)
        #expect(throws: ReactiveMessagingError.self) {
            try FloodWire(serde: serde, payloadBytes: FloodWire.maximumPayloadBytes + 1)
        }
    }

    @Test("the fixed serializer rounds the payload up to a capacity, and refuses more than the largest")
    func fixedCapacities() throws {
        #expect(try FloodWire(serde: .fixed, payloadBytes: 16).payloadBytes == 16)
        #expect(try FloodWire(serde: .fixed, payloadBytes: 17).payloadBytes == 64)
        #expect(try FloodWire(serde: .fixed, payloadBytes: 17).isRounded)
        #expect(try FloodWire(serde: .textual, payloadBytes: 17).payloadBytes == 17)
        #expect(throws: ReactiveMessagingError.self) { try FloodWire(serde: .fixed, payloadBytes: 1_025) }
        #expect(throws: ReactiveMessagingError.self) { try FloodWire(serde: .custom("csv"), payloadBytes: 0) }
        #expect(FixedSizeSerializer<FloodMessage<FixedPayload16>, FloodMessage<FixedPayload16>>.frameSize == 40)
        #expect(FixedSizeSerializer<FloodMessage<FixedPayload1024>, FloodMessage<FixedPayload1024>>.frameSize == 1_048)
    }

    @Test("a message survives each serializer")
    func roundTrip() throws {
        let fixed = FixedSizeSerializer<FloodMessage<FixedPayload64>, FloodMessage<FixedPayload64>>()
        let message = FloodMessage(kind: .request, sequence: 7, sentAt: 1_234_567, payload: FixedPayload64())
        var buffer = ByteBuffer()
        try fixed.encode(message, into: &buffer)
        #expect(buffer.readableBytes == 88)
        #expect(try fixed.decode(&buffer) == message)

        let text = FloodMessage(kind: .reply, sequence: 9, sentAt: 42, payload: FloodText(byteCount: 5))
        let textual = TextualSerializer<FloodMessage<FloodText>, FloodMessage<FloodText>>()
        var line = ByteBuffer()
        try textual.encode(text, into: &line)
        #expect(String(buffer: line) == #"{"kind":3,"sequence":9,"sentAt":42,"payload":"xxxxx"}"#)
        #expect(try textual.decode(&line) == text)

        let variable = VariableSizeSerializer<FloodMessage<FloodText>, FloodMessage<FloodText>>()
        var binary = ByteBuffer()
        try variable.encode(text, into: &binary)
        #expect(try variable.decode(&binary) == text)
    }

    @Test("messages are split evenly across connections")
    func shares() {
        #expect(FloodClient.shares(messages: 10, connections: 3) == [4, 3, 3])
        #expect(FloodClient.shares(messages: 2, connections: 4) == [1, 1, 0, 0])
        #expect(FloodRate("max") == .max)
        #expect(FloodRate("380") == .perSecond(380))
        #expect(FloodRate("0") == nil)
        #expect(FloodRate.perSecond(100).perConnection(share: 25, of: 100) == 25)
    }

    @Test("lost messages show in the report and its JSON line")
    func lost() throws {
        let report = FloodReport(
            mode: .oneway,
            sent: 10,
            received: 7,
            duration: .seconds(1),
            cpuTime: .milliseconds(500),
            bytes: 400,
            latency: .zero
        )
        #expect(report.lost == 3)
        #expect(report.cpuPercent == 50)
        let json = try JSONMessageDecoder().decode(FloodReport.JSON.self, from: ByteBuffer(string: report.jsonLine))
        #expect(json.lost == 3)
        #expect(json.messagesPerSecond == 10)
        #expect(FloodFormat.decimal(2.345, places: 1) == "2.3")
        #expect(FloodFormat.decimal(0.05, places: 2) == "0.05")
    }
}
