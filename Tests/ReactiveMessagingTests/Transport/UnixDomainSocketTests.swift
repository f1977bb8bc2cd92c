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

/// Servers and clients over Unix domain sockets: the socket file's life, and the paths that cannot be used.
@Suite("Unix domain sockets", .timeLimit(.minutes(1 * TestTiming.scale)))
struct UnixDomainSocketTests {
    static let echo = Conversation.replying(serializer: LineSerializer()) { inbound, _ in inbound.map { $0 } }

    /// One line to the server at `path` and its echo back.
    static func roundTrip(_ path: String, _ line: String = "hello") async throws -> String? {
        try await Client.withConnection(
            transport: .unixDomainSocket(path: path),
            configuration: clientConfiguration { $0.backoff = .none },
            serializer: LineSerializer()
        ) { inbound, context in
            try await context.send(line)
            return try await inbound.first { _ in true }
        }
    }

    @Test("a server creates its socket file, serves on it, reports its path, and removes the file when it stops")
    func socketFileLifecycle() async throws {
        let path = UnixSocketPath.make()
        defer { UnixSocketPath.remove(path) }
        let events = EventLog()
        let server = Server(
            transport: .unixDomainSocket(path: path),
            configuration: testConfiguration(),
            conversation: Self.echo,
            onEvent: events.handler
        )
        #expect(server.transport.description == "unix:\(path)")
        let reply = try await server.withRunning { address in
            #expect(address.pathname == path)
            #expect(UnixSocketPath.isSocket(path))
            return try await Self.roundTrip(path)
        }
        #expect(reply == "hello")
        #expect(!UnixSocketPath.exists(path), "the socket file outlived its server")
        let seen = await events.collect { $0.kind == .stopped }
        #expect(seen.map(\.kind) == [.connected, .disconnected, .stopped])
        // A Unix socket's client end has no name: the event says so rather than printing an empty path.
        #expect(seen.first?.description.hasSuffix("from unix socket") == true, "\(seen)")
    }

    @Test("a stale socket file, left by a server that crashed, is replaced, and the replacement is logged")
    func staleSocketReplaced() async throws {
        let path = UnixSocketPath.make()
        defer { UnixSocketPath.remove(path) }
        try UnixSocketPath.makeStale(path)
        #expect(UnixSocketPath.isSocket(path))
        let (logger, collect) = LogRecorder.makeCollecting()
        let server = Server(
            transport: .unixDomainSocket(path: path),
            configuration: testConfiguration(),
            conversation: Self.echo,
            logger: logger
        )
        let reply = try await server.withRunning { _ in try await Self.roundTrip(path) }
        #expect(reply == "hello")
        let lines = await collect()
        #expect(lines.contains { $0.hasPrefix("removed a stale Unix socket file") && $0.contains("rm.path=\(path)") })
    }

    @Test("a path where a server listens is not taken over: the second server throws addressInUse")
    func pathInUse() async throws {
        let path = UnixSocketPath.make()
        defer { UnixSocketPath.remove(path) }
        let first = Server(
            transport: .unixDomainSocket(path: path),
            configuration: testConfiguration(),
            conversation: Self.echo
        )
        try await first.withRunning { _ in
            let second = Server(
                transport: .unixDomainSocket(path: path),
                configuration: testConfiguration(),
                conversation: Self.echo
            )
            let error = await #expect(throws: ReactiveMessagingError.self) { try await second.run() }
            #expect(error?.code == .addressInUse)
            #expect(error?.message.contains(path) == true)
            // The first server still owns the path, and serves.
            let reply = try await Self.roundTrip(path, "still here")
            #expect(reply == "still here")
        }
    }

    @Test("a file that is not a socket is left as it was: the server throws addressInUse")
    func regularFileKept() async throws {
        let path = UnixSocketPath.make()
        defer { UnixSocketPath.remove(path) }
        try UnixSocketPath.writeFile(path, contents: "precious")
        let server = Server(
            transport: .unixDomainSocket(path: path),
            configuration: testConfiguration(),
            conversation: Self.echo
        )
        let error = await #expect(throws: ReactiveMessagingError.self) { try await server.run() }
        #expect(error?.code == .addressInUse)
        #expect(error?.message.contains("is not a socket") == true)
        #expect(UnixSocketPath.exists(path) && !UnixSocketPath.isSocket(path))
        await #expect(throws: ReactiveMessagingError.self) { try await server.listeningAddress }
    }

    @Test("a path too long for the system is refused up front, by a server and by a client, with invalidArgument")
    func pathTooLong() async throws {
        let path = "/tmp/" + String(repeating: "x", count: 200) + ".sock"
        let server = Server(transport: .unixDomainSocket(path: path), conversation: Self.echo)
        let serverError = await #expect(throws: ReactiveMessagingError.self) { try await server.run() }
        #expect(serverError?.code == .invalidArgument)
        #expect(serverError?.message.contains("longer than the system takes") == true)
        #expect(!UnixSocketPath.exists(path))

        let clientError = await #expect(throws: ReactiveMessagingError.self) { try await Self.roundTrip(path) }
        #expect(clientError?.code == .invalidArgument)

        let empty = Server(transport: .unixDomainSocket(path: ""), conversation: Self.echo)
        let emptyError = await #expect(throws: ReactiveMessagingError.self) { try await empty.run() }
        #expect(emptyError?.code == .invalidArgument)
    }

    @Test("a send buffer below 4,096 bytes is refused up front, by a server and by a client")
    func sendBufferTooSmall() async throws {
        let path = UnixSocketPath.make()
        let server = Server(transport: .unixDomainSocket(path: path, sendBufferSize: 1_024), conversation: Self.echo)
        let serverError = await #expect(throws: ReactiveMessagingError.self) { try await server.run() }
        #expect(serverError?.code == .invalidArgument)
        #expect(!UnixSocketPath.exists(path))
        let clientError = await #expect(throws: ReactiveMessagingError.self) {
            try await Client.withConnection(
                transport: .unixDomainSocket(path: path, sendBufferSize: 0),
                serializer: LineSerializer()
            ) { _, _ in }
        }
        #expect(clientError?.code == .invalidArgument)
    }

    @Test("a client to a path where no server listens fails with connectionFailed, naming the path")
    func nothingListening() async throws {
        let path = UnixSocketPath.make()
        let error = await #expect(throws: ReactiveMessagingError.self) { try await Self.roundTrip(path) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("unix:\(path)") == true)
    }
}
