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

/// A client configured to reconnect carries on across a server restart.
@Suite("Client reconnection", .timeLimit(.minutes(1 * TestTiming.scale)))
struct ReconnectionTests {
    /// Echoes every line.
    static func echoServer(port: Int = 0) -> Server {
        Server(
            transport: .tcp(host: "127.0.0.1", port: port),
            configuration: testConfiguration(),
            conversation: .replying(serializer: LineSerializer()) { inbound, _ in
                inbound.map { $0 }
            }
        )
    }

    /// Retries quickly, for long enough that a server restarting in a test is found.
    static var reconnecting: Client.Configuration {
        clientConfiguration { configuration in
            configuration.reconnects = true
            configuration.backoff = Client.Backoff(
                maximumAttempts: 500,
                initialDelay: .milliseconds(5),
                maximumDelay: .milliseconds(20)
            )
        }
    }

    @Test("the server stops and starts again: the client reconnects and carries on; the old handle refuses to send")
    func reconnectsAfterRestart() async throws {
        let first = Self.echoServer()
        let events = EventLog()
        // What each connection's processor got back for its greeting, and the peer handles it was given.
        let (greetings, greeted) = AsyncStream<(ConnectionID, String)>.makeStream()
        let peers = NIOLockedValueBox<[ConnectionPeer<String>]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await first.run() }
            let port = try #require(try await first.listeningAddress.port)
            let client = Client(
                transport: clientTransport(port: port),
                configuration: Self.reconnecting,
                conversation: .processor(serializer: LineSerializer()) { inbound, context in
                    peers.withLockedValue { $0.append(context.peer) }
                    try await context.send("hello")
                    var replies = inbound.makeAsyncIterator()
                    if let reply = try await replies.next() {
                        greeted.yield((context.connectionID, reply))
                    }
                    while try await replies.next() != nil {}
                },
                onEvent: events.handler
            )
            group.addTask { try await client.run() }
            var greetingsSeen = greetings.makeAsyncIterator()
            let firstGreeting = try #require(await greetingsSeen.next())
            #expect(firstGreeting.0 == ConnectionID(rawValue: 1) && firstGreeting.1 == "hello")

            // The server goes away; the client's connection ends, and it retries.
            first.beginGracefulShutdown()
            let disconnected = await events.collect { $0.kind == .disconnected }
            #expect(disconnected.last?.reason == .peerClosed)
            // Sent while disconnected: the old connection's handle refuses, nothing is queued for the next one.
            let oldPeer = try #require(peers.withLockedValue { $0.first })
            let error = await #expect(throws: ReactiveMessagingError.self) { try await oldPeer.send("lost") }
            #expect(error?.code == .connectionClosed)

            // A new server on the same port: the client finds it and runs its processor again.
            let second = Self.echoServer(port: port)
            group.addTask { try await second.run() }
            let secondGreeting = try #require(await greetingsSeen.next())
            #expect(secondGreeting.0 == ConnectionID(rawValue: 2) && secondGreeting.1 == "hello")

            client.beginGracefulShutdown()
            let ended = await events.collect { $0.kind == .disconnected }
            #expect(ended.last?.reason == .shutdown)
            second.beginGracefulShutdown()
            try await group.waitForAll()
        }
        #expect(peers.withLockedValue { $0.count } == 2)
    }

    @Test("a connection whose processor ends is not reconnected: run() returns")
    func processorEndIsFinal() async throws {
        let events = EventLog()
        try await Self.echoServer().withPort { port in
            let client = Client(
                transport: clientTransport(port: port),
                configuration: Self.reconnecting,
                conversation: .processor(serializer: LineSerializer()) { inbound, context in
                    try await context.send("once")
                    var replies = inbound.makeAsyncIterator()
                    _ = try await replies.next()
                },
                onEvent: events.handler
            )
            try await client.run()
        }
        let seen = await events.collect(count: 2)
        #expect(seen.map(\.kind) == [.connected, .disconnected])
        #expect(seen.last?.reason == .processorFinished)
    }
}
