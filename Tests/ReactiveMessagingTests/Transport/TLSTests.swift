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
import NIOPosix
import ReactiveMessaging
import ReactiveMessagingTesting
import TestSupport
import Testing

/// Servers and clients over TLS: identities both ways, and every way a handshake fails, each with its typed error
/// on the side that sees it, and none touching the next connection.
@Suite("TLS", .timeLimit(.minutes(1 * TestTiming.scale)))
struct TLSTests {
    /// Answers each line with the line and who the client is: `hello from alice`, or `from anonymous` when the
    /// client presented no certificate.
    static let whoIsThere = Conversation.replying(serializer: LineSerializer()) { inbound, context in
        let client = context.peerCertificate?.commonName ?? "anonymous"
        return inbound.map { "\($0) from \(client)" }
    }

    /// Runs a TLS server of `whoIsThere` while `body` runs with its port; the server's events go to `events`.
    static func serve<Result: Sendable>(
        _ tls: Server.TLS,
        events: EventLog? = nil,
        _ body: (Int) async throws -> Result
    ) async throws -> Result {
        let server = Server(
            transport: testTransport.tls(tls),
            configuration: testConfiguration(),
            conversation: Self.whoIsThere,
            onEvent: events?.handler
        )
        return try await server.withPort(body)
    }

    /// Sends `hello` over TLS; returns the reply and the server's certificate as the client saw it.
    static func greet(port: Int, _ tls: Client.TLS) async throws -> (reply: String?, server: TLSPeerCertificate?) {
        try await Client.withConnection(
            transport: clientTransport(port: port).tls(tls),
            configuration: clientConfiguration { $0.backoff = .none },
            serializer: LineSerializer()
        ) { inbound, context in
            try await context.send("hello")
            return (try await inbound.first { _ in true }, context.peerCertificate)
        }
    }

    /// The code of the error `body` throws, or `nil` if it throws none.
    static func errorCode(_ body: () async throws -> Void) async -> ReactiveMessagingError.Code? {
        do {
            try await body()
            return nil
        } catch {
            return (error as? ReactiveMessagingError)?.code
        }
    }

    /// The reason the server gave for the first connection that ended.
    static func firstDisconnect(_ events: EventLog) async -> ReactiveMessagingError.Code? {
        await events.collect { $0.kind == .disconnected }.last?.reason?.error?.code
    }

    @Test("a client verifies the server and sees its certificate; the server's processor sees no client certificate")
    func serverIdentity() async throws {
        let authority = try TestCertificateAuthority()
        let server = Server.TLS.forTests(identity: try authority.issue(commonName: "localhost").identity)
        let (reply, certificate) = try await Self.serve(server) { port in
            try await Self.greet(port: port, Client.TLS.forTests(trustRoots: authority.trustRoots))
        }
        #expect(reply == "hello from anonymous")
        let seen = try #require(certificate)
        #expect(seen.commonName == "localhost")
        #expect(seen.subject == "O=ReactiveMessaging tests, CN=localhost")
        #expect(seen.issuer == "O=ReactiveMessaging tests, CN=\(authority.name)")
        #expect(seen.dnsNames == ["localhost"])
        #expect(seen.ipAddresses == ["127.0.0.1"])
        #expect(!seen.derBytes.isEmpty)
    }

    @Test("under mutual TLS the server's processor sees the client's verified certificate")
    func mutualTLS() async throws {
        let authority = try TestCertificateAuthority()
        let server = Server.TLS.forTests(
            identity: try authority.issue(commonName: "localhost").identity,
            clientAuthentication: .required(trustRoots: authority.trustRoots)
        )
        let alice = try authority.issue(commonName: "alice").identity
        let (reply, _) = try await Self.serve(server) { port in
            try await Self.greet(port: port, Client.TLS.forTests(trustRoots: authority.trustRoots, identity: alice))
        }
        #expect(reply == "hello from alice")
    }

    @Test("under mutual TLS a client without a certificate is refused on both sides, and the next client is served")
    func missingClientCertificate() async throws {
        let authority = try TestCertificateAuthority()
        let server = Server.TLS.forTests(
            identity: try authority.issue(commonName: "localhost").identity,
            clientAuthentication: .required(trustRoots: authority.trustRoots)
        )
        let alice = try authority.issue(commonName: "alice").identity
        let events = EventLog()
        let (clientSaw, serverSaw, next) = try await Self.serve(server, events: events) { port in
            let clientSaw = await Self.errorCode {
                _ = try await Self.greet(port: port, Client.TLS.forTests(trustRoots: authority.trustRoots))
            }
            let serverSaw = await Self.firstDisconnect(events)
            let next = try await Self.greet(
                port: port,
                Client.TLS.forTests(trustRoots: authority.trustRoots, identity: alice)
            )
            return (clientSaw, serverSaw, next.reply)
        }
        #expect(clientSaw == .certificateRejected)
        #expect(serverSaw == .certificateRejected)
        #expect(next == "hello from alice")
    }

    @Test("under mutual TLS a client certificate from another authority is refused on both sides")
    func untrustedClientCertificate() async throws {
        let authority = try TestCertificateAuthority()
        let stranger = try TestCertificateAuthority(name: "someone else's CA")
        let server = Server.TLS.forTests(
            identity: try authority.issue(commonName: "localhost").identity,
            clientAuthentication: .required(trustRoots: authority.trustRoots)
        )
        let mallory = try stranger.issue(commonName: "mallory").identity
        let events = EventLog()
        let (clientSaw, serverSaw) = try await Self.serve(server, events: events) { port in
            let clientSaw = await Self.errorCode {
                _ = try await Self.greet(
                    port: port,
                    Client.TLS.forTests(trustRoots: authority.trustRoots, identity: mallory)
                )
            }
            return (clientSaw, await Self.firstDisconnect(events))
        }
        #expect(clientSaw == .certificateRejected)
        #expect(serverSaw == .certificateRejected)
    }

    /// The server certificates a client must refuse.
    enum BadServerCertificate: CaseIterable, CustomTestStringConvertible, Sendable {
        case untrusted
        case expired
        case notYetValid
        case otherHost

        var testDescription: String {
            switch self {
            case .untrusted: "signed by an authority the client does not trust"
            case .expired: "expired"
            case .notYetValid: "not yet valid"
            case .otherHost: "issued to another host"
            }
        }
    }

    @Test("a client refuses a server certificate that is", arguments: BadServerCertificate.allCases)
    func badServerCertificate(_ problem: BadServerCertificate) async throws {
        let authority = try TestCertificateAuthority()
        let issuer = problem == .untrusted ? try TestCertificateAuthority(name: "someone else's CA") : authority
        let identity =
            switch problem {
            case .untrusted: try issuer.issue(commonName: "localhost").identity
            case .expired: try issuer.issue(commonName: "localhost", validity: -86_400 ... -3_600).identity
            case .notYetValid: try issuer.issue(commonName: "localhost", validity: 3_600...86_400).identity
            case .otherHost:
                try issuer.issue(commonName: "elsewhere", dnsNames: ["elsewhere.example"], ipAddresses: []).identity
            }
        let client = Client.TLS.forTests(trustRoots: authority.trustRoots, serverHostname: "localhost")
        let events = EventLog()
        let (clientSaw, serverSaw) = try await Self.serve(Server.TLS.forTests(identity: identity), events: events) {
            port in
            let clientSaw = await Self.errorCode { _ = try await Self.greet(port: port, client) }
            return (clientSaw, await Self.firstDisconnect(events))
        }
        #expect(clientSaw == .certificateRejected)
        // The client tells the server why with an alert, but for the host name, which NIOSSL checks after
        // BoringSSL's handshake: then it just closes.
        #expect(serverSaw == (problem == .otherHost ? .tlsHandshakeFailed : .certificateRejected))
    }

    @Test("a plaintext client on a TLS port: the server ends the connection with tlsHandshakeFailed")
    func plaintextClientOnTLSPort() async throws {
        let authority = try TestCertificateAuthority()
        let events = EventLog()
        let server = Server.TLS.forTests(identity: try authority.issue(commonName: "localhost").identity)
        let (closed, serverSaw) = try await Self.serve(server, events: events) { port in
            let closed = try await RawConnection.with(port: port) { connection in
                try await connection.write("hello\n")
                return await connection.waitForClose()
            }
            return (closed, await Self.firstDisconnect(events))
        }
        #expect(closed)
        #expect(serverSaw == .tlsHandshakeFailed)
    }

    @Test("a TLS client on a plaintext port that greets first: the client throws tlsHandshakeFailed")
    func tlsClientOnPlaintextPort() async throws {
        let greeter = Conversation.processor(serializer: LineSerializer()) { inbound, context in
            try await context.send("welcome")
            for try await _ in inbound {}
        }
        let server = Server(transport: testTransport, configuration: testConfiguration(), conversation: greeter)
        let authority = try TestCertificateAuthority()
        let clientSaw = try await server.withPort { port in
            await Self.errorCode {
                _ = try await Self.greet(port: port, Client.TLS.forTests(trustRoots: authority.trustRoots))
            }
        }
        #expect(clientSaw == .tlsHandshakeFailed)
    }

    @Test("a client that connects and never speaks is closed after the handshake timeout, with handshakeTimeout")
    func serverHandshakeTimeout() async throws {
        let authority = try TestCertificateAuthority()
        let events = EventLog()
        let server = Server.TLS.forTests(
            identity: try authority.issue(commonName: "localhost").identity,
            handshakeTimeout: .milliseconds(200)
        )
        let (closed, serverSaw) = try await Self.serve(server, events: events) { port in
            let closed = try await RawConnection.with(port: port) { await $0.waitForClose() }
            return (closed, await Self.firstDisconnect(events))
        }
        #expect(closed)
        #expect(serverSaw == .handshakeTimeout)
    }

    @Test("a server that accepts and never answers: the client gives up with handshakeTimeout")
    func clientHandshakeTimeout() async throws {
        // A listening socket that never accepts: the system completes the connection, and nothing answers.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.autoRead, value: false)
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try #require(silent.localAddress?.port)
        let authority = try TestCertificateAuthority()
        let clientSaw = await Self.errorCode {
            _ = try await Self.greet(
                port: port,
                Client.TLS.forTests(trustRoots: authority.trustRoots, handshakeTimeout: .milliseconds(200))
            )
        }
        try await silent.close()
        #expect(clientSaw == .handshakeTimeout)
    }

    @Test("TLS settings that cannot work are refused before any I/O, with invalidArgument")
    func invalidSettings() async throws {
        let authority = try TestCertificateAuthority()
        let issued = try authority.issue(commonName: "localhost")
        let otherKey = try authority.issue(commonName: "other")
        let refused: [(String, Server.TLS)] = [
            (
                "a missing file",
                Server.TLS.forTests(
                    identity: TLSIdentity(
                        certificateChain: [.pemFile("/nonexistent.pem")],
                        privateKey: .pem(issued.privateKeyPEM)
                    )
                )
            ),
            (
                "text that is not PEM",
                Server.TLS.forTests(
                    identity: TLSIdentity(
                        certificateChain: [.pem("not a certificate")],
                        privateKey: .pem(issued.privateKeyPEM)
                    )
                )
            ),
            (
                "a key of another certificate",
                Server.TLS.forTests(
                    identity: TLSIdentity(
                        certificateChain: [.pem(issued.certificatePEM)],
                        privateKey: .pem(otherKey.privateKeyPEM)
                    )
                )
            ),
            ("no handshake time", Server.TLS.forTests(identity: issued.identity, handshakeTimeout: .zero)),
        ]
        for (problem, tls) in refused {
            let server = Server(transport: testTransport.tls(tls), conversation: Self.whoIsThere)
            #expect(await Self.errorCode { try await server.run() } == .invalidArgument, "\(problem)")
        }
        // A Unix socket has no host name to check the server's certificate against.
        let unixClient = await Self.errorCode {
            try await Client.withConnection(
                transport: .unixDomainSocket(path: UnixSocketPath.make()).tls(
                    Client.TLS.forTests(trustRoots: authority.trustRoots)
                ),
                serializer: LineSerializer()
            ) { _, _ in }
        }
        #expect(unixClient == .invalidArgument)
    }

    @Test("a transport with TLS says so")
    func description() {
        #expect(clientTransport(port: 9000).tls().description == "127.0.0.1:9000 over TLS")
        #expect(Client.Transport.unixDomainSocket(path: "/tmp/a.sock").description == "unix:/tmp/a.sock")
    }
}
