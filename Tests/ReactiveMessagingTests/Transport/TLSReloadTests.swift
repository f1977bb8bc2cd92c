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

import ReactiveMessaging
import ReactiveMessagingTesting
import TestSupport
import Testing

/// Certificate rotation without a restart: `Server.reloadTLS`, from files replaced in place or from new settings,
/// for the connections accepted from then on, and a reload that cannot load changes nothing.
@Suite("TLS reload", .timeLimit(.minutes(1 * TestTiming.scale)))
struct TLSReloadTests {
    /// Writes a certificate for `commonName` (valid for `localhost`) and its key over `server.pem` and `server.key`
    /// in `folder`, each file replaced at once, as a certificate manager does.
    static func writeIdentity(
        _ commonName: String,
        by authority: TestCertificateAuthority,
        in folder: String
    ) throws -> TLSIdentity {
        let issued = try authority.issue(commonName: commonName)
        let certificate = try TestFiles.write(issued.certificatePEM, to: "server.pem", in: folder)
        let key = try TestFiles.write(issued.privateKeyPEM, to: "server.key", in: folder)
        return TLSIdentity(certificateChain: [.pemFile(certificate)], privateKey: .pemFile(key))
    }

    /// The common name of the certificate a new client sees.
    static func serverName(port: Int, _ authority: TestCertificateAuthority) async throws -> String? {
        try await TLSTests.greet(port: port, Client.TLS.forTests(trustRoots: authority.trustRoots)).server?.commonName
    }

    @Test("after a reload new clients see the new certificate; an open connection keeps the one it began with")
    func reloadFromFiles() async throws {
        let authority = try TestCertificateAuthority()
        try await TestFiles.withFolder { folder in
            let identity = try Self.writeIdentity("first", by: authority, in: folder)
            let server = Server(
                transport: testTransport.tls(Server.TLS.forTests(identity: identity)),
                configuration: testConfiguration(),
                conversation: TLSTests.whoIsThere
            )
            let (before, during, after, afterFailure) = try await server.withPort { port in
                try await Client.withConnection(
                    transport: clientTransport(port: port).tls(Client.TLS.forTests(trustRoots: authority.trustRoots)),
                    configuration: clientConfiguration(),
                    serializer: LineSerializer()
                ) { inbound, context in
                    var replies = inbound.makeAsyncIterator()
                    try await context.send("before")
                    let before = (try await replies.next(), context.peerCertificate?.commonName)

                    _ = try Self.writeIdentity("second", by: authority, in: folder)
                    try server.reloadTLS()
                    let after = try await Self.serverName(port: port, authority)

                    // The open connection goes on, over the handshake it made.
                    try await context.send("during")
                    let during = (try await replies.next(), context.peerCertificate?.commonName)

                    // A reload that cannot load (the key is gone) throws and leaves the settings in use.
                    _ = try TestFiles.write("not a key", to: "server.key", in: folder)
                    let failure = #expect(throws: ReactiveMessagingError.self) { try server.reloadTLS() }
                    #expect(failure?.code == .invalidArgument)
                    let afterFailure = try await Self.serverName(port: port, authority)
                    return (before, during, after, afterFailure)
                }
            }
            #expect(before.0 == "before from anonymous")
            #expect(before.1 == "first")
            #expect(during.0 == "during from anonymous")
            #expect(during.1 == "first")
            #expect(after == "second")
            #expect(afterFailure == "second")
        }
    }

    @Test("a reload with new settings replaces the identity and the client authentication")
    func reloadWithSettings() async throws {
        let authority = try TestCertificateAuthority()
        let server = Server(
            transport: testTransport.tls(
                Server.TLS.forTests(identity: try authority.issue(commonName: "first").identity)
            ),
            configuration: testConfiguration(),
            conversation: TLSTests.whoIsThere
        )
        let alice = try authority.issue(commonName: "alice").identity
        let (anonymous, refused, identified) = try await server.withPort { port in
            let anonymous = try await TLSTests.greet(port: port, Client.TLS.forTests(trustRoots: authority.trustRoots))
            try server.reloadTLS(
                Server.TLS.forTests(
                    identity: try authority.issue(commonName: "second").identity,
                    clientAuthentication: .required(trustRoots: authority.trustRoots)
                )
            )
            let refused = await TLSTests.errorCode {
                _ = try await TLSTests.greet(port: port, Client.TLS.forTests(trustRoots: authority.trustRoots))
            }
            let identified = try await TLSTests.greet(
                port: port,
                Client.TLS.forTests(trustRoots: authority.trustRoots, identity: alice)
            )
            return (anonymous, refused, identified)
        }
        #expect(anonymous.reply == "hello from anonymous")
        #expect(anonymous.server?.commonName == "first")
        #expect(refused == .certificateRejected)
        #expect(identified.reply == "hello from alice")
        #expect(identified.server?.commonName == "second")
    }

    @Test("a server without TLS has nothing to reload: invalidArgument, and it serves on")
    func reloadWithoutTLS() async throws {
        let authority = try TestCertificateAuthority()
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: TLSTests.whoIsThere
        )
        let tls = Server.TLS.forTests(identity: try authority.issue(commonName: "localhost").identity)
        let failure = #expect(throws: ReactiveMessagingError.self) { try server.reloadTLS(tls) }
        #expect(failure?.code == .invalidArgument)
        let reply = try await server.withPort { port in
            try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration(),
                serializer: LineSerializer()
            ) { inbound, context in
                try await context.send("hello")
                return try await inbound.first { _ in true }
            }
        }
        #expect(reply == "hello from anonymous")
    }
}
