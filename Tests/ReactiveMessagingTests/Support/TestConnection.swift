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
import NIOEmbedded

@testable import ReactiveMessaging

/// A connection whose peer is the test: it runs a processor over an in-memory channel, so each `receive` is
/// exactly one read, and each write the connection makes can be inspected.
struct TestConnection {
    let channel: NIOAsyncTestingChannel

    /// Delivers `text` to the connection as one read.
    func receive(_ text: String) async throws {
        try await self.channel.writeInbound(ByteBuffer(string: text))
    }

    /// Delivers `bytes` to the connection as one read.
    func receive(bytes: some Sequence<UInt8>) async throws {
        try await self.channel.writeInbound(ByteBuffer(bytes: Array(bytes)))
    }

    /// The next write the connection made, as text.
    func nextWrite() async throws -> String {
        String(buffer: try await self.channel.waitForOutboundWrite(as: ByteBuffer.self))
    }

    /// The next write the connection made, as bytes.
    func nextWriteBytes() async throws -> [UInt8] {
        Array(try await self.channel.waitForOutboundWrite(as: ByteBuffer.self).readableBytesView)
    }

    /// The writes the connection made and that were not read yet.
    func writtenSoFar() async throws -> [String] {
        var writes: [String] = []
        while let buffer = try await self.channel.readOutbound(as: ByteBuffer.self) {
            writes.append(String(buffer: buffer))
        }
        return writes
    }

    /// The peer half-closes: it will send nothing more.
    func peerFinishes() {
        self.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    }
}

/// Runs `processor` as the processor of an in-memory connection while `test` plays the peer.
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
    let channel = NIOAsyncTestingChannel()
    let asyncChannel = try await channel.testingEventLoop.executeInContext {
        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
    }
    try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4242)).get()
    let driver = ConnectionDriver(coding: MessageCoding(serializer), badInput: badInput, processor: processor)
    let setup = ConnectionSetup(
        id: ConnectionID(rawValue: 1),
        logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        configuration: configuration
    ) { _ in }

    return try await withThrowingTaskGroup(of: DisconnectReason.self) { group in
        group.addTask { await driver.run(asyncChannel, setup) }
        let connection = TestConnection(channel: channel)
        let result = try await test(connection)
        connection.peerFinishes()
        let reason = try await group.next() ?? .processorFinished
        return (result, reason)
    }
}
