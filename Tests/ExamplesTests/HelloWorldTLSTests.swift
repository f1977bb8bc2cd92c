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
import ReactiveMessagingTesting
import TestSupport
import Testing

@testable import HelloWorld

/// HelloWorld over TLS, greeted by peers this package did not write: OpenSSL's `s_client`, and Python's `ssl`
/// module with a client certificate under mutual TLS. Both must be installed (`.ci/run` installs them).
@Suite("HelloWorld over TLS, with third-party peers", .timeLimit(.minutes(1 * TestTiming.scale)))
struct HelloWorldTLSTests {
    /// The files a TLS HelloWorld and its peers read: a CA, the server's certificate and key, and alice's.
    struct Files {
        let ca: String
        let serverCertificate: String
        let serverKey: String
        let clientCertificate: String
        let clientKey: String

        init(in folder: String) throws {
            let authority = try TestCertificateAuthority()
            let server = try authority.issue(commonName: "localhost")
            let alice = try authority.issue(commonName: "alice")
            self.ca = try TestFiles.write(authority.certificatePEM, to: "ca.pem", in: folder)
            self.serverCertificate = try TestFiles.write(server.certificatePEM, to: "server.pem", in: folder)
            self.serverKey = try TestFiles.write(server.privateKeyPEM, to: "server.key", in: folder)
            self.clientCertificate = try TestFiles.write(alice.certificatePEM, to: "alice.pem", in: folder)
            self.clientKey = try TestFiles.write(alice.privateKeyPEM, to: "alice.key", in: folder)
        }

        /// The server's TLS, from the PEM files, as `--tls-cert`, `--tls-key` and `--tls-ca` make it.
        func serverTLS(mutual: Bool) -> Server.TLS {
            Server.TLS.forTests(
                identity: TLSIdentity(
                    certificateChain: [.pemFile(self.serverCertificate)],
                    privateKey: .pemFile(self.serverKey)
                ),
                clientAuthentication: mutual ? .required(trustRoots: .certificates([.pemFile(self.ca)])) : .none
            )
        }
    }

    /// Runs HelloWorld's server over TLS on a free port while `body` runs with the port.
    static func withServer<Result: Sendable>(
        _ tls: Server.TLS,
        _ body: (Int) async throws -> Result
    ) async throws -> Result {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = HelloWorld.makeServer(transport: .tcp(host: "127.0.0.1", port: 0).tls(tls), logger: logger)
        return try await server.withRunning { address in try await body(try #require(address.port)) }
    }

    @Test("openssl s_client verifies the server's certificate and is answered world")
    func opensslClient() async throws {
        try await TestFiles.withFolder { folder in
            let files = try Files(in: folder)
            let answer = try await Self.withServer(files.serverTLS(mutual: false)) { port in
                let client = try ExternalProcess(
                    "openssl",
                    [
                        "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", files.ca, "-verify_return_error",
                        "-quiet",
                    ]
                )
                defer { client.terminate() }
                client.write("{\"hello\":{}}\n")
                return await client.firstLine { $0.hasPrefix("{") }
            }
            #expect(answer == "{\"world\":{}}")
        }
    }

    @Test("Python's ssl module, with alice's certificate, is answered world under mutual TLS; without one, refused")
    func pythonMutualTLS() async throws {
        let script = """
            import socket, ssl, sys
            ca, port, certificate, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
            context = ssl.create_default_context(cafile=ca)
            if certificate:
                context.load_cert_chain(certificate, key)
            try:
                with socket.create_connection(("127.0.0.1", port)) as raw:
                    with context.wrap_socket(raw, server_hostname="localhost") as tls:
                        tls.sendall(b'{"hello":{}}\\n')
                        print(tls.makefile().readline().strip() or "closed", flush=True)
            except (ssl.SSLError, OSError) as error:
                print("refused", type(error).__name__, flush=True)
            """
        try await TestFiles.withFolder { folder in
            let files = try Files(in: folder)
            let program = try TestFiles.write(script, to: "greet.py", in: folder)
            let (alice, anonymous) = try await Self.withServer(files.serverTLS(mutual: true)) { port in
                let alice = try ExternalProcess(
                    "python3",
                    [program, files.ca, "\(port)", files.clientCertificate, files.clientKey]
                )
                let anonymous = try ExternalProcess("python3", [program, files.ca, "\(port)", "", ""])
                return (await alice.firstLine { _ in true }, await anonymous.firstLine { _ in true })
            }
            #expect(alice == "{\"world\":{}}")
            #expect(anonymous?.hasPrefix("refused") == true, "\(anonymous ?? "no output")")
        }
    }
}
