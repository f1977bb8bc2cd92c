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
import NIOCore
import ReactiveMessaging
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc

/// The C library's `stat`, named by its module: another module of the tests' graph declares one too.
private typealias FileStatus = Glibc.stat
#elseif canImport(Musl)
import Musl

private typealias FileStatus = Musl.stat
#elseif canImport(Darwin)
import Darwin

private typealias FileStatus = Darwin.stat
#endif

/// The transports a test runs over: the same conversation must behave the same on each.
enum TransportUnderTest: CaseIterable, CustomTestStringConvertible, Sendable {
    case tcp
    case unixDomainSocket
    case inMemory
    /// TLS over TCP, with a certificate authority made for the test.
    case tlsOverTCP
    /// TLS over a Unix socket; the client checks the name `localhost`.
    case tlsOverUnixDomainSocket
    /// TLS over an in-memory endpoint; the client checks the name `localhost`.
    case tlsOverInMemory

    var testDescription: String {
        switch self {
        case .tcp: "TCP"
        case .unixDomainSocket: "Unix socket"
        case .inMemory: "in memory"
        case .tlsOverTCP: "TLS over TCP"
        case .tlsOverUnixDomainSocket: "TLS over a Unix socket"
        case .tlsOverInMemory: "TLS in memory"
        }
    }

    /// Runs a server of `conversation` on this transport while `body` runs with the transport its clients use,
    /// then shuts it down gracefully.
    func serve<Result: Sendable>(
        _ conversation: Conversation,
        configuration: Server.Configuration = testConfiguration(),
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        onEvent: (@Sendable (ConnectionEvent) async -> Void)? = nil,
        _ body: (Client.Transport) async throws -> Result
    ) async throws -> Result {
        let tls = try self.tls()
        let path = UnixSocketPath.make()
        defer { UnixSocketPath.remove(path) }
        let endpoint = InMemoryEndpoint(name: "test")
        let serverSide: Server.Transport
        let clientSide: (SocketAddress) throws -> Client.Transport
        switch self {
        case .tcp, .tlsOverTCP:
            serverSide = testTransport
            clientSide = { address in clientTransport(port: try #require(address.port)) }
        case .unixDomainSocket, .tlsOverUnixDomainSocket:
            serverSide = .unixDomainSocket(path: path)
            clientSide = { _ in .unixDomainSocket(path: path) }
        case .inMemory, .tlsOverInMemory:
            serverSide = .inMemory(endpoint)
            clientSide = { _ in .inMemory(endpoint) }
        }
        let server = Server(
            transport: tls.map { serverSide.tls($0.server) } ?? serverSide,
            configuration: configuration,
            conversation: conversation,
            logger: logger,
            onEvent: onEvent
        )
        return try await server.withRunning { address in
            let transport = try clientSide(address)
            return try await body(tls.map { transport.tls($0.client) } ?? transport)
        }
    }

    /// The TLS settings of both ends, with certificates made now; `nil` for a plaintext socket.
    private func tls() throws -> (server: Server.TLS, client: Client.TLS)? {
        switch self {
        case .tcp, .unixDomainSocket, .inMemory:
            return nil
        case .tlsOverTCP, .tlsOverUnixDomainSocket, .tlsOverInMemory:
            let authority = try TestCertificateAuthority()
            let server = Server.TLS.forTests(identity: try authority.issue(commonName: "localhost").identity)
            return (server, Client.TLS.forTests(trustRoots: authority.trustRoots, serverHostname: "localhost"))
        }
    }
}

/// Unix socket paths for tests: short (a socket path is at most 107 bytes), unique, under `/tmp`.
enum UnixSocketPath {
    /// A path where nothing exists yet.
    static func make(_ name: String = "test") -> String {
        "/tmp/rm-\(name)-\(getpid())-\(UInt32.random(in: .min ... .max)).sock"
    }

    /// Removes whatever is at `path`.
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Whether anything, of any kind, is at `path`.
    static func exists(_ path: String) -> Bool {
        var status = FileStatus()
        return lstat(path, &status) == 0
    }

    /// Whether a socket file is at `path`.
    static func isSocket(_ path: String) -> Bool {
        var status = FileStatus()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK
    }

    /// Writes a regular file with `contents` at `path`.
    static func writeFile(_ path: String, contents: String) throws {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let written = contents.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        try #require(written == contents.utf8.count)
    }

    /// Leaves a socket file at `path` that no server listens on, as a server that crashed would.
    static func makeStale(_ path: String) throws {
        #if canImport(Glibc)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.enumerated() { bytes[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
    }
}
