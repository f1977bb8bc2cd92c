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

import NIOConcurrencyHelpers
import NIOCore
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

/// Servers and clients on an in-memory endpoint: who may listen, what a client sees with no server, addresses,
/// drains, idle timeouts and back-pressure, as on a socket.
@Suite("In-memory transport", .timeLimit(.minutes(1 * TestTiming.scale)))
struct InMemoryTransportTests {
    static let echo = Conversation.replying(serializer: LineSerializer()) { inbound, _ in inbound.map { $0 } }

    /// A server on `endpoint`, echoing unless told otherwise, reporting its events to `events`.
    static func server(
        on endpoint: InMemoryEndpoint,
        events: EventLog? = nil,
        conversation: Conversation = Self.echo,
        _ configure: (inout Server.Configuration) -> Void = { _ in }
    ) -> Server {
        Server(
            transport: .inMemory(endpoint),
            configuration: testConfiguration(configure),
            conversation: conversation,
            onEvent: events?.handler
        )
    }

    /// One line to the server on `endpoint` and its echo back.
    static func roundTrip(
        _ endpoint: InMemoryEndpoint,
        _ line: String = "hello",
        configuration: Client.Configuration = clientConfiguration { $0.backoff = .none }
    ) async throws -> String? {
        try await Client.withConnection(
            transport: .inMemory(endpoint),
            configuration: configuration,
            serializer: LineSerializer()
        ) { inbound, context in
            try await context.send(line)
            return try await inbound.first { _ in true }
        }
    }

    @Test(
        "a server serves on its endpoint, names it in its description, address and events, and frees it when it stops"
    )
    func lifecycle() async throws {
        let endpoint = InMemoryEndpoint(name: "greeter")
        let events = EventLog()
        let server = Self.server(on: endpoint, events: events)
        #expect(server.transport.description == "memory:greeter")
        #expect(Client.Transport.inMemory(endpoint).description == "memory:greeter")
        let reply = try await server.withRunning { address in
            #expect(address.pathname == "memory:greeter")
            return try await Self.roundTrip(endpoint)
        }
        #expect(reply == "hello")
        let seen = await events.collect { $0.kind == .stopped }
        #expect(seen.map(\.kind) == [.connected, .disconnected, .stopped])
        #expect(seen.first?.description.hasSuffix("from memory:greeter") == true, "\(seen)")
        // Stopped, the endpoint takes a new server.
        let next = Self.server(on: endpoint)
        let again = try await next.withRunning { _ in try await Self.roundTrip(endpoint, "again") }
        #expect(again == "again")
    }

    @Test("a second server on a taken endpoint throws addressInUse; the first still serves")
    func endpointInUse() async throws {
        let endpoint = InMemoryEndpoint(name: "taken")
        let first = Self.server(on: endpoint)
        try await first.withRunning { _ in
            let second = Server(transport: .inMemory(endpoint), conversation: Self.echo)
            let error = await #expect(throws: ReactiveMessagingError.self) { try await second.run() }
            #expect(error?.code == .addressInUse)
            #expect(error?.message.contains("memory:taken") == true)
            let reply = try await Self.roundTrip(endpoint, "still here")
            #expect(reply == "still here")
        }
    }

    @Test("a client with no server on the endpoint fails with connectionFailed, after its attempts, naming it")
    func nothingListening() async throws {
        let endpoint = InMemoryEndpoint(name: "empty")
        let configuration = clientConfiguration {
            $0.backoff = .init(maximumAttempts: 3, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(2))
        }
        let error = await #expect(throws: ReactiveMessagingError.self) {
            try await Self.roundTrip(endpoint, configuration: configuration)
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("memory:empty in 3 attempts") == true, "\(String(describing: error))")
    }

    @Test("a client that starts before its server retries, and connects once the server listens")
    func clientBeforeServer() async throws {
        let endpoint = InMemoryEndpoint(name: "late")
        let configuration = clientConfiguration {
            $0.backoff = .init(maximumAttempts: 100_000, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(5))
        }
        let server = Self.server(on: endpoint)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let reply = try await Self.roundTrip(endpoint, "early", configuration: configuration)
                #expect(reply == "early")
            }
            try await server.withRunning { _ in try await group.next() }
        }
    }

    @Test("a graceful shutdown drains an in-memory connection: replies already due arrive, then the end")
    func gracefulDrain() async throws {
        let endpoint = InMemoryEndpoint(name: "drain")
        let events = EventLog()
        let server = Self.server(on: endpoint, events: events)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let received = try await Client.withConnection(
                transport: .inMemory(endpoint),
                configuration: clientConfiguration(),
                serializer: LineSerializer()
            ) { inbound, context in
                try await context.send("before")
                var lines: [String] = []
                for try await line in inbound {
                    lines.append(line)
                    // The server has read the line; now it shuts down, and the client's inbound sequence ends.
                    server.beginGracefulShutdown()
                }
                return lines
            }
            #expect(received == ["before"])
            try await group.waitForAll()
        }
        let seen = await events.collect { $0.kind == .stopped }
        #expect(seen.map(\.kind) == [.connected, .disconnected, .stopped])
    }

    @Test("the idle timeout closes a silent in-memory connection, as on a socket")
    func idleTimeout() async throws {
        let endpoint = InMemoryEndpoint(name: "idle")
        let events = EventLog()
        let server = Self.server(on: endpoint, events: events) { $0.connection.idleTimeout = .milliseconds(200) }
        try await server.withRunning { _ in
            try await Client.withConnection(
                transport: .inMemory(endpoint),
                configuration: clientConfiguration(),
                serializer: LineSerializer()
            ) { inbound, _ in
                for try await _ in inbound {}
            }
        }
        let seen = await events.collect { $0.kind == .disconnected }
        #expect(seen.last?.reason?.error?.code == .idleTimeout)
    }

    @Test(
        "a peer that stops reading: pushes wait, and what was pushed stays within the high-water mark and the reads held"
    )
    func slowReader() async throws {
        let endpoint = InMemoryEndpoint(name: "slow")
        let message = String(repeating: "x", count: 1_023)
        let pushed = NIOLockedValueBox(0)
        let events = EventLog()
        let pushing = Conversation.processor(serializer: LineSerializer()) { _, context in
            while true {
                try await context.send(message)
                pushed.withLockedValue { $0 += message.utf8.count + 1 }
            }
        }
        let server = Self.server(on: endpoint, events: events, conversation: pushing) {
            $0.connection.idleTimeout = .seconds(1)
        }
        try await server.withRunning { _ in
            try await Client.withConnection(
                transport: .inMemory(endpoint),
                configuration: clientConfiguration(),
                serializer: LineSerializer()
            ) { _, _ in
                // Reads nothing, so the client's reads pile up and its end stops reading; holds the connection
                // until the server's idle timeout has ended it.
                _ = await events.collect { $0.kind == .disconnected }
            }
        }
        let total = pushed.withLockedValue { $0 }
        // Pushes run up to the writer's high-water mark (1 MiB) and stop there, give or take what the client's end
        // took before it held back its reads: its connection handler keeps at most a dozen reads of one message each.
        #expect(total >= 1 << 20)
        #expect(total <= (1 << 20) + 64 * 1_024, "pushed \(total) bytes to a peer that does not read")
    }

    @Test("TLS over an in-memory endpoint without serverHostname is refused up front, naming the endpoint kind")
    func tlsNeedsServerName() async throws {
        let endpoint = InMemoryEndpoint()
        let error = await #expect(throws: ReactiveMessagingError.self) {
            try await Client.withConnection(
                transport: Client.Transport.inMemory(endpoint).tls(),
                serializer: LineSerializer()
            ) { _, _ in }
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("an in-memory endpoint") == true, "\(String(describing: error))")
    }
}
