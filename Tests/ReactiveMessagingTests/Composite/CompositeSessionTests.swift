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
import NIOPosix
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

@Suite(
    "Composite sessions are released exactly once, however the connection ends",
    .timeLimit(.minutes(2 * TestTiming.scale))
)
struct CompositeSessionTests {
    /// The whole conversation a well-behaved player sends: a handshake line, then four tokens, the last one last.
    static func script() throws -> [UInt8] {
        let tokens = (0..<4).map { Token(value: UInt64($0), isLast: $0 == 3) }
        return Array("hello p\n".utf8) + (try Serde.fixed.wire(tokens))
    }

    /// A server of the three-state game, the sessions it makes and releases, and its events.
    static func gameServer(
        _ configure: (inout Server.Configuration) -> Void = { _ in }
    ) -> (Server, SessionReleases, EventLog) {
        let releases = SessionReleases()
        let log = EventLog()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(configure),
            conversation: .composite(CompositeProtocolTests.game(releases: releases)),
            onEvent: log.handler
        )
        return (server, releases, log)
    }

    /// How a dropping peer leaves.
    enum Drop: CaseIterable {
        /// Closes its side at once (FIN).
        case close
        /// Resets the connection (RST), as a crashed process or a pulled cable does.
        case reset
        /// Half-closes, reads whatever the server answers until it closes, then closes.
        case finishAndRead
    }

    @Test(
        "a storm of 10,000 connections dropped at every point leaves no session, no event unpaired, no socket open",
        .timeLimit(.minutes(2 * TestTiming.scale))
    )
    func storm() async throws {
        // A sanitizer run (TestTiming.scale > 1) storms with fewer: a tenth is plenty to race, and ten times slower.
        try await Self.storm(connections: 10_000 / TestTiming.scale, lanes: 64)
    }

    /// Opens `connections` connections, `lanes` at a time; connection i sends the first i % (count + 1) bytes of
    /// the script, then drops in one of the three ways: every cut point, every way, several times over. Then checks
    /// that every session made was released once, every connection's events are well formed, and no socket of
    /// the server's port is left open in this process.
    static func storm(connections: Int, lanes: Int) async throws {
        let (server, releases, log) = Self.gameServer()
        let script = try Self.script()
        let port = try await server.withPort { port in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<lanes {
                    // On an event loop, not the cooperative pool: 64 lanes of socket clients there held back every
                    // other test's tasks running at the same time, past their time limits on a busy machine.
                    let executor = EventLoopTaskExecutor(MultiThreadedEventLoopGroup.singleton.next())
                    group.addTask(executorPreference: executor) {
                        for index in stride(from: lane, to: connections, by: lanes) {
                            let cut = index % (script.count + 1)
                            let drop = Drop.allCases[(index / (script.count + 1)) % Drop.allCases.count]
                            try await RawConnection.with(port: port) { connection in
                                if cut > 0 { try await connection.write(bytes: script[..<cut]) }
                                switch drop {
                                case .close: break
                                case .reset: try await connection.reset()
                                case .finishAndRead:
                                    connection.finishWriting()
                                    _ = await connection.waitForClose()
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // The listening socket, at least: what is counted below is seen.
            #expect(try openSockets(port: port) >= 1)
            return port
        }
        // The server has stopped, so every connection has ended. A connection reset before the server accepted
        // it never reaches the server (no session, no events); every other one got a session, released once.
        let made = releases.made.withLockedValue { $0 }
        let released = releases.ids.withLockedValue { $0 }
        #expect(made.count > connections * 9 / 10, "\(made.count) sessions")
        #expect(released.count == made.count)
        #expect(Set(released) == Set(made), "every session made is released, none twice")

        let events = await log.collect { $0.kind == .stopped }
        let byConnection = Dictionary(grouping: events.filter { $0.connectionID != nil }) { $0.connectionID }
        #expect(byConnection.count == made.count)
        for (id, events) in byConnection {
            #expect(Self.isWellFormed(events), "connection \(String(describing: id)): \(events.map(\.kind))")
        }
        #expect(try openSockets(port: port) == 0, "sockets of the storm still open")
    }

    /// Whether one connection's events read `connected`, then entered/left pairs that chain (each state entered is
    /// the one the previous left named), then `disconnected` once, last.
    static func isWellFormed(_ events: [ConnectionEvent]) -> Bool {
        guard events.first?.kind == .connected, events.last?.kind == .disconnected else { return false }
        var current: String?
        var expectedNext: String? = "handshake"
        for event in events.dropFirst().dropLast() {
            switch event.kind {
            case .enteredState:
                guard current == nil, event.state == expectedNext else { return false }
                current = event.state
            case .leftState:
                guard let state = current, event.state == state, event.nextState != nil else { return false }
                current = nil
                expectedNext = event.nextState
            default:
                return false
            }
        }
        return true
    }

    /// How one connection's conversation ends early, and the error it must end with.
    struct EarlyEnd: Sendable, CustomTestStringConvertible {
        var name: String
        var idleTimeout: Duration?
        var error: ReactiveMessagingError.Code
        var bytes: @Sendable () throws -> [UInt8]

        var testDescription: String { self.name }
    }

    static let earlyEnds = [
        EarlyEnd(name: "idle timeout mid-handshake", idleTimeout: .milliseconds(100), error: .idleTimeout) {
            Array("hel".utf8)
        },
        EarlyEnd(name: "processor throws mid-game", idleTimeout: nil, error: .processorFailed) {
            Array("hello p\n".utf8) + (try Serde.fixed.wire([Token(value: unluckyValue)]))
        },
    ]

    @Test("a connection that ends with an error releases its session once, with that error", arguments: earlyEnds)
    func endsWithError(_ end: EarlyEnd) async throws {
        let (server, releases, log) = Self.gameServer { $0.connection.idleTimeout = end.idleTimeout }
        try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write(bytes: try end.bytes())
                _ = await connection.waitForClose()
            }
        }
        let disconnected = await log.collect { $0.kind == .disconnected }.last
        #expect(disconnected?.reason?.error?.code == end.error)
        #expect(releases.ids.withLockedValue { $0.count } == 1)
    }

    @Test("a server shutdown mid-game releases every session before run() returns")
    func shutdown() async throws {
        let (server, releases, log) = Self.gameServer()
        let players = 10
        let readyPlayers = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try #require(try await server.listeningAddress.port)
            for _ in 0..<players {
                group.addTask {
                    try await RawConnection.with(port: port) { connection in
                        try await connection.write(bytes: Array("hello p\n".utf8))
                        _ = try await connection.readLine()  // in the game now
                        readyPlayers.continuation.yield()
                        _ = await connection.waitForClose()
                    }
                }
            }
            var ready = 0
            for await _ in readyPlayers.stream {
                ready += 1
                if ready == players { break }
            }
            server.beginGracefulShutdown()
            try await group.waitForAll()
        }
        #expect(releases.ids.withLockedValue { $0.count } == players)
        let disconnected = await log.collect { $0.kind == .stopped }.filter { $0.kind == .disconnected }
        #expect(disconnected.map(\.reason) == Array(repeating: .shutdown, count: players))
    }
}
