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

import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

/// Sends from other tasks wait while the channel is above its high-water mark: a peer that does not read makes
/// senders wait, it does not make the server buffer without bound.
@Suite("Back-pressure on sends", .timeLimit(.minutes(1 * TestTiming.scale)))
struct BackpressureTests {
    @Test("while the channel is unwritable, a send writes nothing and waits; cancelled, it throws CancellationError")
    func sendWaitsWhileUnwritable() async throws {
        try await PeerHarness.with { harness in
            try await harness.setWritable(false)
            await withTaskGroup(of: (any Error)?.self) { group in
                group.addTask {
                    do {
                        try await harness.peer.send("pushed")
                        return nil
                    } catch {
                        return error
                    }
                }
                group.cancelAll()
                let error = await group.next() ?? nil
                #expect(error is CancellationError, "\(String(describing: error))")
            }
            // Nothing reached the channel: a write would have been recorded before this marker.
            try await harness.setWritable(true)
            try await harness.peer.send("marker")
            var writes = harness.writes.makeAsyncIterator()
            let first = try #require(await writes.next())
            #expect(String(buffer: first) == "marker\n")
        }
    }

    @Test("a send waiting for the channel completes once it is writable again, in order with later sends")
    func waitingSendCompletes() async throws {
        try await PeerHarness.with { harness in
            try await harness.setWritable(false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await harness.peer.send(contentsOf: ["one", "two"]) }
                try await harness.setWritable(true)
                try await group.waitForAll()
            }
            try await harness.peer.send("three")
            #expect(await harness.written(through: "three\n") == "one\ntwo\nthree\n")
        }
    }

    /// The most the system's buffers can hold between the server and its peer on loopback: the largest send and
    /// receive buffers TCP may grow to (`tcp_wmem` and `tcp_rmem`), 16 MiB if they cannot be read.
    static func systemBufferBound() -> Int {
        func largest(_ name: String) -> Int? {
            guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/\(name)", encoding: .utf8) else {
                return nil
            }
            return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).last.flatMap { Int($0) }
        }
        guard let send = largest("tcp_wmem"), let receive = largest("tcp_rmem") else { return 16 << 20 }
        return send + receive
    }

    @Test("a peer that stops reading: pushes wait, the bytes pushed stay bounded, and the idle timeout drops it")
    func slowReaderOverTCP() async throws {
        let message = String(repeating: "x", count: 1_023)
        let pushed = NIOLockedValueBox(0)
        let events = EventLog()
        var configuration = testConfiguration()
        configuration.connection.idleTimeout = .seconds(1)
        let server = Server(
            transport: testTransport,
            configuration: configuration,
            conversation: .processor(serializer: LineSerializer()) { _, context in
                // Server push, as fast as the connection takes it, to a peer that reads a little and then nothing.
                while true {
                    try await context.send(message)
                    pushed.withLockedValue { $0 += message.utf8.count + 1 }
                }
            },
            onEvent: events.handler
        )
        let ended = try await server.withPort { port in
            try await RawConnection.with(port: port) { _ in
                // Sends nothing, so the idle timeout runs, and reads nothing past the few reads its NIO channel
                // buffers; holds the connection open until the server has ended it.
                await events.collect { $0.kind == .disconnected }
            }
        }
        #expect(ended.last?.reason?.error?.code == .idleTimeout)
        // What the server wrote can only be in the socket buffers, in what the peer's NIO read (at most 10 reads
        // of 64 KiB), or in the server's own buffer up to its high-water mark and one batch: 1 MiB covers the rest.
        let bound = Self.systemBufferBound() + (1 << 20)
        let total = pushed.withLockedValue { $0 }
        #expect(total > 0)
        #expect(total <= bound, "pushed \(total) bytes to a peer that does not read; the bound is \(bound)")
    }

    @Test("a send to a closed connection fails with connectionClosed")
    func sendAfterClose() async throws {
        try await PeerHarness.with { harness in
            try await harness.setWritable(false)
            try await harness.channel.close()
            let error = await #expect(throws: ReactiveMessagingError.self) { try await harness.peer.send("late") }
            #expect(error?.code == .connectionClosed)
        }
    }
}
