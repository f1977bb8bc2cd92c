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

/// The peer of an in-memory connection, for tests that look at raw reads and writes: each `receive` is exactly
/// one read of the connection, each `nextWrite` exactly one of its writes.
struct TestConnection {
    let peer: TestPeer

    /// Delivers `text` to the connection as one read.
    func receive(_ text: String) async throws {
        await self.peer.send(bytes: text.utf8)
    }

    /// Delivers `bytes` to the connection as one read.
    func receive(bytes: some Sequence<UInt8>) async throws {
        await self.peer.send(bytes: bytes)
    }

    /// The next write the connection made, as text.
    func nextWrite() async throws -> String {
        String(decoding: try await self.nextWriteBytes(), as: UTF8.self)
    }

    /// The next write the connection made, as bytes.
    func nextWriteBytes() async throws -> [UInt8] {
        try #require(await self.peer.nextWrite(), "the connection closed")
    }

    /// The peer half-closes: it will send nothing more.
    func peerFinishes() {
        self.peer.finish()
    }
}

/// Runs `processor` as the processor of an in-memory connection while `test` plays the peer, with the test kit.
///
/// When `test` returns, the peer half-closes, and the connection is awaited to the end.
///
/// - Returns: What `test` returned, and why the connection ended.
func withTestConnection<Serializer: MessageSerializer, Result: Sendable>(
    serializer: Serializer,
    configuration: ConnectionConfiguration = .defaults,
    badInput: BadInputPolicy<Serializer.Outbound> = .close,
    processor:
        @escaping @Sendable (
            ConnectionInbound<Serializer.Inbound>, ConnectionContext<Serializer.Outbound>
        ) async throws -> Void,
    test: (TestConnection) async throws -> Result
) async throws -> (result: Result, reason: DisconnectReason) {
    let run = try await Conversation.processor(serializer: serializer, badInput: badInput, processor)
        .run(configuration: configuration) { peer in
            try await test(TestConnection(peer: peer))
        }
    return (run.result, run.reason)
}
