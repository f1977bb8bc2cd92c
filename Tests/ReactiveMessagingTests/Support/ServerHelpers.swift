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

/// Where test servers listen: loopback, on a port the system picks.
let testTransport = Server.Transport.tcp(host: "127.0.0.1", port: 0)

/// Where test clients connect: `port` on loopback.
func clientTransport(port: Int) -> Client.Transport {
    .tcp(host: "127.0.0.1", port: port)
}

/// A server configuration for tests: a drain time that scales with `TestTiming.scale` (a graceful shutdown must
/// not force connections closed because the machine is slow).
func testConfiguration(_ configure: (inout Server.Configuration) -> Void = { _ in }) -> Server.Configuration {
    var configuration = Server.Configuration()
    configuration.drainTimeout = .seconds(10 * TestTiming.scale)
    configure(&configuration)
    return configuration
}

/// A client configuration for tests: its connect timeout scales with `TestTiming.scale`.
func clientConfiguration(_ configure: (inout Client.Configuration) -> Void = { _ in }) -> Client.Configuration {
    var configuration = Client.Configuration()
    configuration.connectTimeout = TestTiming.connectTimeout
    configure(&configuration)
    return configuration
}

extension Server {
    /// Runs the server while `body` runs with its port, then shuts it down gracefully.
    func withPort<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Int) async throws -> Result
    ) async throws -> Result {
        try await self.withRunning(isolation: isolation) { address in
            try await body(try #require(address.port))
        }
    }
}
