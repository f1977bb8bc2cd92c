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

import Logging
import NIOConcurrencyHelpers
import NIOCore
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

/// Servers and clients over loopback TCP.
@Suite("Server and client", .timeLimit(.minutes(1 * TestTiming.scale)))
struct ServerClientTests {
    /// Echoes every line back.
    static func echoServer(
        transport: Server.Transport = testTransport,
        _ configure: (inout Server.Configuration) -> Void = { _ in },
        badInput: BadInputPolicy<String> = .close,
        events: EventLog? = nil,
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> Server {
        var onEvent: @Sendable (ConnectionEvent) async -> Void = { _ in }
        if let events { onEvent = events.handler }
        return Server(
            transport: transport,
            configuration: testConfiguration(configure),
            conversation: .replying(serializer: LineSerializer(), badInput: badInput) { inbound, _ in
                inbound.map { $0 }
            },
            logger: logger,
            onEvent: onEvent
        )
    }

    @Test("a server given no logger logs to swift-log's current logger, the one bound with withLogger")
    func defaultLoggerIsCurrent() async throws {
        let (logger, collect) = LogRecorder.makeCollecting()
        let server = withLogger(logger) { _ in
            Server(
                transport: testTransport,
                configuration: testConfiguration(),
                conversation: .replying(serializer: LineSerializer()) { inbound, _ in inbound.map { $0 } }
            )
        }
        try await server.withRunning { _ in }
        // `run()` logs both lines before it returns.
        let lines = await collect()
        #expect(lines.first?.hasPrefix("listening rm.address=127.0.0.1:") == true, "\(lines)")
        #expect(lines.last == "stopped", "\(lines)")
    }

    @Test("a TCP port another server holds: the second server throws addressInUse, and the first still serves")
    func tcpPortInUse() async throws {
        try await Self.echoServer().withPort { port in
            let second = Server(
                transport: .tcp(host: "127.0.0.1", port: port),
                conversation: .replying(serializer: LineSerializer()) { inbound, _ in inbound.map { $0 } }
            )
            let error = await #expect(throws: ReactiveMessagingError.self) { try await second.run() }
            #expect(error?.code == .addressInUse)
            #expect(error?.message.contains("127.0.0.1:\(port)") == true)
            let reply = try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                serializer: LineSerializer()
            ) { inbound, context in
                try await context.send("still here")
                return try await inbound.first { _ in true }
            }
            #expect(reply == "still here")
        }
    }

    @Test("a message goes to the server and its echo comes back")
    func echoRoundTrip() async throws {
        let reply = try await Self.echoServer().withPort { port in
            try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                serializer: LineSerializer()
            ) { inbound, context in
                try await context.send("hello")
                var replies = inbound.makeAsyncIterator()
                return try await replies.next()
            }
        }
        #expect(reply == "hello")
    }

    @Test("a client can be used from the main actor; its body runs on the connection's event loop")
    @MainActor
    func clientFromMainActor() async throws {
        var seen: [String] = []  // main-actor state, updated with what the body returns
        seen = try await Self.echoServer().withPort { port in
            try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                serializer: LineSerializer()
            ) { inbound, context in
                for word in ["one", "two", "three"] {
                    try await context.send(word)
                }
                var lines: [String] = []
                for try await line in inbound {
                    lines.append(line)
                    if lines.count == 3 { break }
                }
                return lines
            }
        }
        #expect(seen == ["one", "two", "three"])
    }

    @Test("10,000 messages arrive in order")
    func tenThousandInOrder() async throws {
        let count = 10_000
        let received = try await Self.echoServer().withPort { port in
            try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                serializer: LineSerializer()
            ) { inbound, context in
                let peer = context.peer
                async let sent: Void = {
                    for index in 0..<count {
                        try await peer.send("message \(index)")
                    }
                }()
                var received: [String] = []
                for try await line in inbound {
                    received.append(line)
                    if received.count == count { break }
                }
                try await sent
                return received
            }
        }
        #expect(received == (0..<count).map { "message \($0)" })
    }

    @Test("many messages in one write are all answered, in order")
    func manyInOneWrite() async throws {
        let lines = (0..<1_000).map { "line \($0)" }
        let replies = try await Self.echoServer().withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write(lines.map { $0 + "\n" }.joined())
                connection.finishWriting()
                return try await connection.readLinesToEnd()
            }
        }
        #expect(replies == lines)
    }

    @Test("an oversized line closes that connection with messageTooLarge; another connection carries on")
    func oversizedLine() async throws {
        let events = EventLog()
        let server = Self.echoServer({ $0.connection.maximumMessageSize = 1_024 }, events: events)
        try await server.withPort { port in
            try await RawConnection.with(port: port) { good in
                try await good.write("before\n")
                #expect(try await good.readLine() == "before")

                try await RawConnection.with(port: port) { bad in
                    try await bad.write(String(repeating: "x", count: 64 * 1_024))
                    // The server closes at once, without reading the rest, so the close may come as a reset.
                    _ = await bad.waitForClose()
                }

                try await good.write("after\n")
                #expect(try await good.readLine() == "after")
            }
        }
        let disconnects = await events.collect { $0.kind == .stopped }.filter { $0.kind == .disconnected }
        #expect(disconnects.count == 2)
        #expect(disconnects.contains { $0.reason?.error?.code == .messageTooLarge })
    }

    @Test("a malformed line follows the bad-input policy")
    func malformedLinePolicies() async throws {
        let cases: [(BadInputPolicy<String>, [String])] = [
            (.close, ["good"]),
            (.skip, ["good", "after"]),
            (.reply { "error: \($0.code)" }, ["good", "error: malformedMessage", "after"]),
        ]
        for (policy, expected) in cases {
            let replies = try await Self.echoServer(badInput: policy).withPort { port in
                try await RawConnection.with(port: port) { connection in
                    try await connection.write("good\n!bad\nafter\n")
                    connection.finishWriting()
                    return try await connection.readLinesToEnd()
                }
            }
            #expect(replies == expected)
        }
    }

    @Test("a peer that disconnects fires connected and disconnected once each, then the server stops once")
    func peerDisconnectEvents() async throws {
        let events = EventLog()
        try await Self.echoServer(events: events).withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("ping\n")
                #expect(try await connection.readLine() == "ping")
            }
            // The peer dropped; wait until the server has seen it.
            let seen = await events.collect { $0.kind == .disconnected }
            #expect(seen.map(\.kind) == [.connected, .disconnected])
            #expect(seen.last?.reason == .peerClosed)
            #expect(seen.first?.connectionID == seen.last?.connectionID)
            // The peer's address reads as people write it, not as NIO's "[IPv4]127.0.0.1/127.0.0.1:port".
            let description = try #require(seen.first?.description)
            #expect(description.hasPrefix("connected #"), "\(description)")
            #expect(description.contains(" from 127.0.0.1:"), "\(description)")
            #expect(!description.contains("IPv4"), "\(description)")
        }
        let rest = await events.collect { $0.kind == .stopped }
        #expect(rest.map(\.kind) == [.stopped])
    }

    @Test("a graceful shutdown answers every request already read before closing, and run() returns")
    func gracefulShutdownDrains() async throws {
        let clients = 100
        let held = NIOLockedValueBox(0)
        let (allHeld, heldSignal) = AsyncStream<Void>.makeStream()
        let (gate, openGate) = AsyncStream<Void>.makeStream()
        let events = EventLog()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .processor(serializer: LineSerializer()) { inbound, context in
                for try await request in inbound {
                    // Hold every request until all clients have one in flight and the shutdown has begun.
                    let heldNow = held.withLockedValue { count in
                        count += 1
                        return count
                    }
                    if heldNow == clients { heldSignal.finish() }
                    for await _ in gate {}
                    try await context.send("reply to \(request)")
                }
            },
            onEvent: events.handler
        )

        let replies = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                try await server.run()
                return []
            }
            let port = try #require(try await server.listeningAddress.port)
            for index in 0..<clients {
                group.addTask {
                    try await RawConnection.with(port: port) { connection in
                        try await connection.write("request \(index)\n")
                        return try await connection.readLinesToEnd()
                    }
                }
            }
            for await _ in allHeld {}
            server.beginGracefulShutdown()
            openGate.finish()
            var replies: [String] = []
            for try await lines in group {
                replies += lines
            }
            return replies
        }
        #expect(replies.sorted() == (0..<clients).map { "reply to request \($0)" }.sorted())
        let ended = await events.collect { $0.kind == .stopped }.filter { $0.kind == .disconnected }
        #expect(ended.count == clients)
        #expect(ended.allSatisfy { $0.reason == .shutdown })
    }

    @Test("after its inbound sequence ends, a processor can tell a graceful shutdown from the peer's end of input")
    func shutdownTold() async throws {
        let (connected, connectedSignal) = AsyncStream<Void>.makeStream()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .processor(serializer: LineSerializer()) { inbound, context in
                for try await _ in inbound {
                    connectedSignal.yield()
                }
                try await context.send(context.isShuttingDown ? "the server is shutting down" : "you left")
            }
        )
        let (leaving, staying) = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                try await server.run()
                return []
            }
            let port = try #require(try await server.listeningAddress.port)
            // One client half-closes: its processor sees the end of input, with no shutdown.
            let leaving = try await RawConnection.with(port: port) { connection in
                try await connection.write("hello\n")
                connection.finishWriting()
                return try await connection.readLinesToEnd()
            }
            // The other stays until the server shuts down.
            group.addTask {
                try await RawConnection.with(port: port) { connection in
                    try await connection.write("hello\n")
                    return try await connection.readLinesToEnd()
                }
            }
            var signals = connected.makeAsyncIterator()
            _ = await signals.next()  // the leaving client's hello
            _ = await signals.next()  // the staying client's
            server.beginGracefulShutdown()
            var staying: [String] = []
            for try await lines in group { staying += lines }
            return (leaving, staying)
        }
        #expect(leaving == ["you left"])
        #expect(staying == ["the server is shutting down"])
    }

    @Test("when a shutdown ends a connection's input, the server no longer accepts: a client reconnecting is refused")
    func drainAfterListenerCloses() async throws {
        let (hello, helloSignal) = AsyncStream<Void>.makeStream()
        let port = NIOLockedValueBox(0)
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .processor(serializer: LineSerializer()) { inbound, context in
                for try await _ in inbound {
                    helloSignal.yield()
                }
                // What a client that reconnects at once would find: nothing listening, not this server's accept queue.
                var refused = false
                do {
                    try await RawConnection.with(port: port.withLockedValue { $0 }) { _ in }
                } catch {
                    refused = true
                }
                try await context.send(context.isShuttingDown && refused ? "refused" : "accepted")
            }
        )
        let lines = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                try await server.run()
                return []
            }
            let listening = try #require(try await server.listeningAddress.port)
            port.withLockedValue { $0 = listening }
            group.addTask {
                try await RawConnection.with(port: port.withLockedValue { $0 }) { connection in
                    try await connection.write("hello\n")
                    return try await connection.readLinesToEnd()
                }
            }
            var signals = hello.makeAsyncIterator()
            _ = await signals.next()
            server.beginGracefulShutdown()
            var lines: [String] = []
            for try await part in group { lines += part }
            return lines
        }
        #expect(lines == ["refused"])
    }

    @Test("the server's logs name addresses as host:port")
    func logsNameHostAndPort() async throws {
        let (logger, logs) = LogRecorder.make()
        try await Self.echoServer(logger: logger).withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("ping\n")
                #expect(try await connection.readLine() == "ping")
            }
        }
        var listening: String?
        var opened: String?
        for await line in logs {
            if line.hasPrefix("listening") { listening = line }
            if line.hasPrefix("connection opened") { opened = line }
            if line.hasPrefix("stopped") { break }
        }
        let listened = try #require(listening)
        let connected = try #require(opened)
        #expect(listened.contains("rm.address=127.0.0.1:"), "\(listened)")
        #expect(connected.contains("rm.remote.address=127.0.0.1:"), "\(connected)")
        #expect(!listened.contains("IPv4") && !connected.contains("IPv4"), "\(listened) / \(connected)")
    }

    @Test("a client retries until the server starts listening")
    func clientRetries() async throws {
        // Find a free port, and free it again.
        let port = try await Self.echoServer().withPort { $0 }
        let (logger, logs) = LogRecorder.make()
        let reply = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                try await Client.withConnection(
                    transport: clientTransport(port: port),
                    configuration: clientConfiguration {
                        $0.backoff = .init(
                            maximumAttempts: 100,
                            initialDelay: .milliseconds(10),
                            maximumDelay: .milliseconds(50)
                        )
                    },
                    serializer: LineSerializer(),
                    logger: logger
                ) { inbound, context in
                    try await context.send("finally")
                    var replies = inbound.makeAsyncIterator()
                    return try await replies.next()
                }
            }
            // Start listening once the client has failed at least once.
            for await message in logs where message.contains("retrying") { break }
            let server = Self.echoServer(transport: .tcp(host: "127.0.0.1", port: port))
            return try await server.withPort { _ in try await group.next() ?? nil }
        }
        #expect(reply == "finally")
    }

    @Test("a client gives up after its attempts, with connectionFailed")
    func clientGivesUp() async throws {
        let port = try await Self.echoServer().withPort { $0 }
        let error = await #expect(throws: ReactiveMessagingError.self) {
            try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration {
                    $0.backoff = .init(
                        maximumAttempts: 3,
                        initialDelay: .milliseconds(1),
                        maximumDelay: .milliseconds(2)
                    )
                },
                serializer: LineSerializer()
            ) { _, _ in }
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("3 attempts") == true)
    }

    @Test("200 concurrent clients each get their own answers")
    func concurrentClients() async throws {
        let clients = 200
        let events = EventLog()
        let results = try await Self.echoServer(events: events).withPort { port in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        try await Client.withConnection(
                            transport: clientTransport(port: port),
                            configuration: clientConfiguration(),
                            serializer: LineSerializer()
                        ) { inbound, context in
                            var replies = inbound.makeAsyncIterator()
                            for round in 0..<10 {
                                try await context.send("\(client)-\(round)")
                                guard try await replies.next() == "\(client)-\(round)" else { return false }
                            }
                            return true
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
        }
        #expect(results.count == clients)
        #expect(results.allSatisfy { $0 })
        let all = await events.collect { $0.kind == .stopped }
        #expect(all.filter { $0.kind == .connected }.count == clients)
        #expect(all.filter { $0.kind == .disconnected }.count == clients)
        #expect(Set(all.compactMap(\.connectionID)).count == clients)
    }

    @Test("a processor that throws closes its own connection only")
    func processorThrowsClosesOnlyItsConnection() async throws {
        struct Boom: Error {}
        let events = EventLog()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .processor(serializer: LineSerializer()) { inbound, context in
                for try await line in inbound {
                    if line == "boom" { throw Boom() }
                    try await context.send(line)
                }
            },
            onEvent: events.handler
        )
        try await server.withPort { port in
            try await RawConnection.with(port: port) { survivor in
                let answer = try await RawConnection.with(port: port) { victim in
                    try await victim.write("boom\n")
                    return try await victim.readLine()
                }
                #expect(answer == nil)
                try await survivor.write("still here\n")
                #expect(try await survivor.readLine() == "still here")
            }
        }
        let ended = await events.collect { $0.kind == .stopped }.filter { $0.kind == .disconnected }
        #expect(ended.contains { $0.reason?.error?.code == .processorFailed })
    }

    @Test("a connection that sends nothing is closed after the idle timeout")
    func idleTimeout() async throws {
        let events = EventLog()
        let server = Self.echoServer({ $0.connection.idleTimeout = .milliseconds(100) }, events: events)
        try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                #expect(await connection.waitForClose())
            }
        }
        let ended = await events.collect { $0.kind == .disconnected }.last
        #expect(ended?.reason?.error?.code == .idleTimeout, "\(String(describing: ended))")
    }

    @Test("connections over the maximum are closed at once")
    func connectionLimit() async throws {
        let events = EventLog()
        let server = Self.echoServer({ $0.maximumConnections = 1 }, events: events)
        try await server.withPort { port in
            try await RawConnection.with(port: port) { first in
                try await first.write("one\n")
                #expect(try await first.readLine() == "one")
                let refused = try await RawConnection.with(port: port) { second in
                    try await second.readLine()
                }
                #expect(refused == nil)
                try await first.write("still one\n")
                #expect(try await first.readLine() == "still one")
            }
        }
        let all = await events.collect { $0.kind == .stopped }
        #expect(all.filter { $0.kind == .connected }.count == 1)
    }

    /// How a test stops a server.
    enum Stop: CaseIterable, Sendable {
        case gracefulShutdown
        case cancellation
    }

    @Test(
        "connections arriving as the server stops are closed, never dropped (apple/swift-nio#2637)",
        arguments: Stop.allCases
    )
    func connectionsArrivingAtShutdown(_ stop: Stop) async throws {
        // A burst of connections, then a stop while some are still being accepted: with NIO's async bind this
        // trapped ("Deinited NIOAsyncWriter without calling finish()").
        for _ in 0..<5 {
            let server = Self.echoServer()
            let connected = AsyncStream<Void>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let port = try #require(try await server.listeningAddress.port)
                try await withThrowingTaskGroup(of: Bool.self) { clients in
                    for _ in 0..<64 {
                        clients.addTask {
                            // Refused once the listening socket has closed; otherwise closed by the server.
                            try? await RawConnection.with(port: port) { connection in
                                connected.continuation.yield()
                                _ = await connection.waitForClose()
                            }
                            return true
                        }
                    }
                    for await _ in connected.stream { break }
                    switch stop {
                    case .gracefulShutdown: server.beginGracefulShutdown()
                    case .cancellation: group.cancelAll()
                    }
                    var ended = 0
                    for try await _ in clients { ended += 1 }
                    #expect(ended == 64, "every client saw its connection refused or closed")
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("a server whose task is cancelled ends its connections as cancelled, not as closed by their peers")
    func cancellationReported() async throws {
        let events = EventLog()
        let server = Self.echoServer(events: events)
        let (echoed, echo) = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try #require(try await server.listeningAddress.port)
            group.addTask {
                try await RawConnection.with(port: port) { connection in
                    try await connection.write("hello\n")
                    _ = try await connection.readLine()
                    echo.yield()
                    _ = await connection.waitForClose()
                }
            }
            // The processor has answered and waits for more input: cancel the server's task.
            for await _ in echoed { break }
            group.cancelAll()
            let seen = await events.collect { $0.kind == .disconnected }
            #expect(seen.last?.reason == .cancelled, "\(seen)")
            try? await group.waitForAll()
        }
    }

    @Test("a client runs as a service: its processor answers the server's pushes")
    func clientService() async throws {
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .processor(serializer: LineSerializer()) { inbound, context in
                try await context.send("ping 1")
                var count = 0
                for try await reply in inbound {
                    #expect(reply == "pong \(count + 1)")
                    count += 1
                    if count == 3 { return }
                    try await context.send("ping \(count + 1)")
                }
            }
        )
        let events = EventLog()
        try await server.withPort { port in
            let client = Client(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                conversation: .replying(serializer: LineSerializer()) { inbound, _ in
                    inbound.map { "pong " + $0.dropFirst("ping ".count) }
                },
                onEvent: events.handler
            )
            try await client.run()
        }
        let seen = await events.collect(count: 2)
        #expect(seen.map(\.kind) == [.connected, .disconnected])
        #expect(seen.last?.reason == .peerClosed)
    }
}

/// The textual serializer end to end: the HelloWorld protocol.
@Suite("JSON lines over TCP", .timeLimit(.minutes(1 * TestTiming.scale)))
struct JSONLinesTests {
    enum Greeting: Codable, Sendable { case hello }
    enum Answer: Codable, Sendable { case world }

    @Test("a greeting in JSON is answered in JSON; lines that are not greetings are skipped")
    func helloWorld() async throws {
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .replying(serializer: TextualSerializer<Greeting, Answer>(), badInput: .skip) { inbound, _ in
                inbound.map { _ in Answer.world }
            }
        )
        let (raw, typed) = try await server.withPort { port in
            let raw = try await RawConnection.with(port: port) { connection in
                try await connection.write("{\"nonsense\":1}\n[]\n{\"hello\":{}}\r\n")
                return try await connection.readLine()
            }
            let typed = try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                serializer: TextualSerializer<Answer, Greeting>()
            ) { inbound, context in
                try await context.send(.hello)
                var answers = inbound.makeAsyncIterator()
                return try await answers.next()
            }
            return (raw, typed)
        }
        #expect(raw == "{\"world\":{}}")
        #expect(typed == .world)
    }
}
