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

import NIOCore
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

/// Hostile peers against a live server while well-behaved clients play ping-pong: each bad connection is closed
/// with its own typed error or by the idle timeout, and the good clients never see an error.
@Suite("Hostile peers", .timeLimit(.minutes(1 * TestTiming.scale)))
struct HostilePeerTests {
    /// The most a peer can make the server hold for one connection is this, plus one read.
    static let maximumMessageSize = 64 * 1024

    struct Ping: Codable, Sendable, Equatable {
        var client: Int
        var round: Int
    }

    /// An attack: what the hostile peer sends, and the code its connection must end with.
    struct Attack: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: ReactiveMessagingError.Code
        let send: @Sendable (RawConnection) async throws -> Void

        var testDescription: String { self.name }
    }

    /// Bytes that cover every value, the same on every run; the first (13) is no tag of the binary format.
    static func garbage(count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ 13) }
    }

    /// A server that echoes, and closes connections at `maximumMessageSize` and after 15 seconds of silence: long
    /// enough that a machine busy with the rest of the suite does not close a good client. 1 second did, once; 5
    /// seconds did about one full run in five on 2 cores, where the 100 round trips of the good clients took 10 to
    /// 19 seconds, and an idle timeout that fires just as a ping arrives closes with that ping unread, which the
    /// client sees as a reset.
    static func configuration(_ configuration: inout Server.Configuration) {
        configuration.connection.maximumMessageSize = Self.maximumMessageSize
        configuration.connection.idleTimeout = .seconds(15 * TestTiming.scale)
    }

    static let lineAttacks: [Attack] = [
        Attack(name: "a line that never ends (1 MiB, no newline)", expected: .messageTooLarge) { peer in
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 16 * 1024)
            for _ in 0..<64 {
                try await peer.write(bytes: chunk)
            }
        },
        Attack(name: "garbage on a malformed line", expected: .malformedMessage) { peer in
            let garbage = Self.garbage(count: 4_096).filter { $0 != UInt8(ascii: "\n") }
            try await peer.write(bytes: Array(LineSerializer.malformedPrefix.utf8) + garbage + [UInt8(ascii: "\n")])
        },
        Attack(name: "half a line, then silence", expected: .idleTimeout) { peer in
            try await peer.write("ping without its newl")
        },
        Attack(name: "a connection that sends nothing", expected: .idleTimeout) { _ in },
    ]

    static let binaryAttacks: [Attack] = [
        Attack(name: "a length prefix of 4 GiB", expected: .messageTooLarge) { peer in
            try await peer.write(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3])
        },
        Attack(name: "garbage in a well-framed payload", expected: .malformedMessage) { peer in
            try await peer.write(bytes: [0, 0, 0, 64] + Self.garbage(count: 64))
        },
        Attack(name: "half a frame, then silence", expected: .idleTimeout) { peer in
            try await peer.write(bytes: [0, 0, 0, 100] + [UInt8](repeating: 9, count: 10))
        },
        Attack(name: "a connection that sends nothing", expected: .idleTimeout) { _ in },
    ]

    @Test("lines: every attack ends its own connection with its error; 8 clients play on undisturbed")
    func lineServer() async throws {
        try await Self.play(Self.lineAttacks, serializer: LineSerializer()) { client, round in
            "ping \(client) \(round)"
        }
    }

    @Test("length-prefixed binary: every attack ends its own connection with its error; 8 clients play on")
    func binaryServer() async throws {
        try await Self.play(Self.binaryAttacks, serializer: VariableSizeSerializer<Ping, Ping>()) { client, round in
            Ping(client: client, round: round)
        }
    }

    /// Runs an echo server with `serializer`, and against it every attack and 8 good clients at once, each client
    /// sending `message(client, round)` for 100 rounds and expecting it back; then checks how each connection ended.
    static func play<Serializer: MessageSerializer>(
        _ attacks: [Attack],
        serializer: Serializer,
        message: @escaping @Sendable (Int, Int) -> Serializer.Outbound
    ) async throws where Serializer.Inbound == Serializer.Outbound, Serializer.Inbound: Equatable {
        let events = EventLog()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(Self.configuration),
            conversation: .replying(serializer: serializer) { inbound, _ in
                inbound.map { $0 }
            },
            onEvent: events.handler
        )
        try await Self.play(attacks, against: server, events: events) { port, client in
            try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                serializer: serializer
            ) { inbound, context in
                var replies = inbound.makeAsyncIterator()
                for round in 0..<100 {
                    try await context.send(message(client, round))
                    guard try await replies.next() == message(client, round) else { return false }
                }
                return true
            }
        }
    }

    /// Runs 8 good clients and every attack at once against `server`, then checks how each connection ended.
    static func play(
        _ attacks: [Attack],
        against server: Server,
        events: EventLog,
        goodClient: @escaping @Sendable (Int, Int) async throws -> Bool
    ) async throws {
        let goodClients = 8
        let (attackedPorts, goodResults) = try await server.withPort { port in
            try await withThrowingTaskGroup(of: (attack: Int, port: Int)?.self) { group in
                for index in attacks.indices {
                    group.addTask {
                        try await RawConnection.with(port: port) { peer in
                            let localPort = try #require(peer.localPort)
                            // A write may fail once the server has closed the connection: that is the point.
                            try? await attacks[index].send(peer)
                            _ = await peer.waitForClose()
                            return (index, localPort)
                        }
                    }
                }
                let goodResults = try await withThrowingTaskGroup(of: Bool.self) { clients in
                    for client in 0..<goodClients {
                        clients.addTask { try await goodClient(port, client) }
                    }
                    return try await clients.reduce(into: [Bool]()) { $0.append($1) }
                }
                var attackedPorts: [Int: Int] = [:]
                for try await case let (attack, localPort)? in group {
                    attackedPorts[localPort] = attack
                }
                return (attackedPorts, goodResults)
            }
        }
        #expect(goodResults == [Bool](repeating: true, count: goodClients))

        // Every connection, good or hostile, has ended by now (the server has shut down): read how.
        let disconnections = await events.collect(count: 2 * (goodClients + attacks.count)).filter {
            $0.kind == .disconnected
        }
        #expect(disconnections.count == goodClients + attacks.count)
        for event in disconnections {
            guard let port = event.remoteAddress?.port, let attack = attackedPorts[port] else {
                #expect(event.reason?.error == nil, "a good client ended with \(String(describing: event.reason))")
                continue
            }
            #expect(
                event.reason?.error?.code == attacks[attack].expected,
                "\(attacks[attack].name): ended with \(String(describing: event.reason))"
            )
        }
    }
}
