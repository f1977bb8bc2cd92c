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

/// The connection loop over an in-memory channel: every `receive` is exactly one read.
@Suite("Connection", .timeLimit(.minutes(1 * TestTiming.scale)))
struct ConnectionTests {
    /// Replies with each line in upper case.
    static let shout: @Sendable (ConnectionInbound<String>, ConnectionContext<String>) async throws -> Void = {
        inbound,
        context in
        for try await line in inbound {
            try await context.send(line.uppercased())
        }
    }

    @Test("the replies to one read leave in one write")
    func oneWritePerRead() async throws {
        let (writes, reason) = try await withTestConnection(serializer: LineSerializer(), processor: Self.shout) {
            peer in
            try await peer.receive("a\nb\nc\n")
            let first = try await peer.nextWrite()
            try await peer.receive("d\ne\n")
            return [first, try await peer.nextWrite()]
        }
        #expect(writes == ["A\nB\nC\n", "D\nE\n"])
        #expect(reason == .peerClosed)
    }

    @Test("a burst sent through the peer handle leaves in one write; one that does not encode sends nothing")
    func peerBurst() async throws {
        let (writes, _) = try await withTestConnection(serializer: LineSerializer()) { _, context in
            try await context.peer.send(contentsOf: ["a", "b", "c"])
            // A line may not hold a newline: the whole burst is refused, and none of it is sent.
            let refused = await #expect(throws: ReactiveMessagingError.self) {
                try await context.peer.send(contentsOf: ["ok", "two\nlines"])
            }
            #expect(refused?.code == .encodingFailed)
            try await context.peer.send("after")
        } test: { peer in
            [try await peer.nextWrite(), try await peer.nextWrite()]
        }
        #expect(writes == ["a\nb\nc\n", "after\n"])
    }

    @Test("messages arrive whole and in order, wherever a read splits them; an empty line is no message")
    func everySplit() async throws {
        let stream = "one\ntwo\r\nthree\n\nfive\n"
        let bytes = Array(stream.utf8)
        for split in 0...bytes.count {
            let (output, _) = try await withTestConnection(serializer: LineSerializer(), processor: Self.shout) {
                peer in
                try await peer.receive(bytes: bytes[..<split])
                try await peer.receive(bytes: bytes[split...])
                var output = ""
                while output.filter({ $0 == "\n" }).count < 4 {
                    output += try await peer.nextWrite()
                }
                return output
            }
            #expect(output == "ONE\nTWO\nTHREE\nFIVE\n", "split at byte \(split)")
        }
    }

    @Test("a processor that returns replies has each one sent, batched per read")
    func responsiveProcessor() async throws {
        let (writes, reason) = try await withTestConnection(serializer: LineSerializer()) { inbound, context in
            for try await reply in inbound.map({ "<\($0)>" }) {
                try await context.send(reply)
            }
        } test: { peer in
            try await peer.receive("x\ny\n")
            return try await peer.nextWrite()
        }
        #expect(writes == "<x>\n<y>\n")
        #expect(reason == .peerClosed)
    }

    @Test("a line over the maximum size ends the connection with messageTooLarge, after earlier replies")
    func oversizedLine() async throws {
        var configuration = ConnectionConfiguration()
        configuration.maximumMessageSize = 16
        let (writes, reason) = try await withTestConnection(
            serializer: LineSerializer(),
            configuration: configuration,
            processor: Self.shout
        ) { peer in
            try await peer.receive("ok\n" + String(repeating: "x", count: 40))
            return try await peer.nextWrite()
        }
        #expect(writes == "OK\n")
        #expect(reason.error?.code == .messageTooLarge)
    }

    @Test("a malformed line under the close policy ends the connection with malformedMessage")
    func malformedClose() async throws {
        let (writes, reason) = try await withTestConnection(serializer: LineSerializer(), processor: Self.shout) {
            peer in
            try await peer.receive("good\n!bad\nnever\n")
            return try await peer.nextWrite()
        }
        #expect(writes == "GOOD\n")
        #expect(reason.error?.code == .malformedMessage)
    }

    @Test("a malformed line under the skip policy is dropped, and the connection carries on")
    func malformedSkip() async throws {
        let (writes, reason) = try await withTestConnection(
            serializer: LineSerializer(),
            badInput: .skip,
            processor: Self.shout
        ) { peer in
            try await peer.receive("good\n!bad\nafter\n")
            return try await peer.nextWrite()
        }
        #expect(writes == "GOOD\nAFTER\n")
        #expect(reason == .peerClosed)
    }

    @Test("a malformed line under the reply policy is answered in its place, and the connection carries on")
    func malformedReply() async throws {
        let (writes, reason) = try await withTestConnection(
            serializer: LineSerializer(),
            badInput: .reply { error in "error: \(error.code)" },
            processor: Self.shout
        ) { peer in
            try await peer.receive("good\n!bad\nafter\n")
            return try await peer.nextWrite()
        }
        #expect(writes == "GOOD\nerror: malformedMessage\nAFTER\n")
        #expect(reason == .peerClosed)
    }

    @Test("a processor that throws ends its connection with processorFailed, after flushing its replies")
    func processorThrows() async throws {
        struct Boom: Error {}
        let (writes, reason) = try await withTestConnection(serializer: LineSerializer()) { inbound, context in
            for try await line in inbound {
                if line == "boom" { throw Boom() }
                try await context.send(line)
            }
        } test: { peer in
            try await peer.receive("before\nboom\n")
            return try await peer.nextWrite()
        }
        #expect(writes == "before\n")
        #expect(reason.error?.code == .processorFailed)
        #expect(reason.error?.cause is Boom)
    }

    @Test("a processor that returns while the peer is connected ends with processorFinished")
    func processorFinishes() async throws {
        let (writes, reason) = try await withTestConnection(serializer: LineSerializer()) { inbound, context in
            for try await line in inbound where line == "bye" {
                try await context.send("goodbye")
                return
            }
        } test: { peer in
            try await peer.receive("hi\nbye\nignored\n")
            return try await peer.nextWrite()
        }
        #expect(writes == "goodbye\n")
        #expect(reason == .processorFinished)
    }

    @Test("the peer handle closes: the inbound sequence ends and later sends fail with connectionClosed")
    func peerHandleClose() async throws {
        let (_, reason) = try await withTestConnection(serializer: LineSerializer()) { inbound, context in
            var seen: [String] = []
            for try await line in inbound {
                seen.append(line)
                if line == "close" { context.peer.close() }
            }
            #expect(seen == ["a", "close"], "nothing is handed out after close()")
            let error = await #expect(throws: ReactiveMessagingError.self) { try await context.send("late") }
            #expect(error?.code == .connectionClosed)
        } test: { peer in
            try await peer.receive("a\nclose\nb\n")
        }
        #expect(reason == .closed)
    }

    @Test("the peer handle sends at once, from another task, and keeps order with the context's sends")
    func peerHandleSends() async throws {
        let (writes, reason) = try await withTestConnection(serializer: LineSerializer()) { inbound, context in
            for try await line in inbound {
                try await context.send("reply to \(line)")
                let peer = context.peer
                async let pushed = peer.send("pushed after \(line)")  // from a child task
                _ = try await pushed
            }
        } test: { peer in
            try await peer.receive("one\n")
            return [try await peer.nextWrite(), try await peer.nextWrite()]
        }
        #expect(writes == ["reply to one\n", "pushed after one\n"])
        #expect(reason == .peerClosed)
    }
}
