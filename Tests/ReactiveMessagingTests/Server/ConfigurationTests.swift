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
import Testing

/// Connection settings: what is refused, and what the read buffer size changes.
@Suite("Connection configuration", .timeLimit(.minutes(1 * TestTiming.scale)))
struct ConfigurationTests {
    /// One bad setting each; every one is refused before the server listens.
    static let badSettings: [(String, @Sendable (inout ConnectionConfiguration) -> Void)] = [
        ("maximumMessageSize 0", { $0.maximumMessageSize = 0 }),
        ("idleTimeout zero", { $0.idleTimeout = .zero }),
        ("closeTimeout negative", { $0.closeTimeout = .seconds(-1) }),
        ("initialReadBufferSize 63", { $0.initialReadBufferSize = 63 }),
        ("initialReadBufferSize 65,537", { $0.initialReadBufferSize = 65_537 }),
    ]

    @Test("a bad connection setting is refused with invalidArgument", arguments: 0..<Self.badSettings.count)
    func badSettingRefused(index: Int) async throws {
        let (name, configure) = Self.badSettings[index]
        let server = ServerClientTests.echoServer { configure(&$0.connection) }
        let error = await #expect(throws: ReactiveMessagingError.self, "\(name)") { try await server.run() }
        #expect(error?.code == .invalidArgument, "\(name)")
    }

    @Test("with the smallest read buffer, a 20,000-byte message arrives whole, and so does the next one")
    func smallReadBuffer() async throws {
        let long = String(repeating: "x", count: 20_000)
        let replies = try await ServerClientTests.echoServer { $0.connection.initialReadBufferSize = 64 }.withPort {
            port in
            try await Client.withConnection(
                transport: clientTransport(port: port),
                configuration: clientConfiguration { $0.connection.initialReadBufferSize = 64 },
                serializer: LineSerializer()
            ) { inbound, context in
                try await context.send(long)
                try await context.send("short")
                var replies: [String] = []
                for try await reply in inbound {
                    replies.append(reply)
                    if replies.count == 2 { break }
                }
                return replies
            }
        }
        #expect(replies == [long, "short"])
    }
}
