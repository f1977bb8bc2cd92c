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

import ArgumentParser
import ReactiveMessaging
import Testing
import TransportOptions

/// The examples' shared command line: which transport each combination of options makes, and which it refuses.
@Suite("The examples' transport options")
struct TransportOptionsTests {
    @Test("host and port, a Unix socket, and TLS on either make the transports they name")
    func transports() throws {
        let tcp = try TransportOptions.parse(["--port", "9443"])
        #expect(try tcp.serverTransport(defaultPort: 1).description == "127.0.0.1:9443")
        let unix = try TransportOptions.parse(["--unix", "/tmp/a.sock"])
        #expect(try unix.clientTransport(defaultPort: 1).description == "unix:/tmp/a.sock")
        let server = try TransportOptions.parse(["--tls-cert", "s.pem", "--tls-key", "s.key", "--tls-ca", "ca.pem"])
        #expect(try server.serverTransport(defaultPort: 9001).description == "127.0.0.1:9001 over TLS")
        let client = try TransportOptions.parse([
            "--unix", "/tmp/a.sock", "--tls-ca", "ca.pem", "--tls-server-name", "x",
        ])
        #expect(try client.clientTransport(defaultPort: 9001).description == "unix:/tmp/a.sock over TLS")
        #expect(try TransportOptions.parse(["--tls"]).clientTransport(defaultPort: 1).description.hasSuffix("over TLS"))
    }

    @Test("a certificate without its key, or one side's option on the other side, is refused")
    func refused() throws {
        #expect(throws: (any Error).self) { try TransportOptions.parse(["--tls-cert", "s.pem"]) }
        #expect(throws: (any Error).self) { try TransportOptions.parse(["--tls-client-key", "c.key"]) }
        let server = try TransportOptions.parse(["--tls-cert", "s.pem", "--tls-key", "s.key"])
        #expect(throws: ValidationError.self) { try server.clientTransport(defaultPort: 1) }
        let client = try TransportOptions.parse(["--tls"])
        #expect(throws: ValidationError.self) { try client.serverTransport(defaultPort: 1) }
        let mutualWithoutIdentity = try TransportOptions.parse(["--tls-ca", "ca.pem"])
        #expect(throws: ValidationError.self) { try mutualWithoutIdentity.serverTransport(defaultPort: 1) }
    }
}
