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

/// A message every built-in serializer carries: `Codable` and a 16-byte `FixedSizeMessage`.
struct Token: Codable, FixedSizeMessage, Equatable {
    var value: UInt64
    var isLast: Bool

    init(value: UInt64, isLast: Bool = false) {
        self.value = value
        self.isLast = isLast
    }

    /// 16 bytes: value (UInt64), isLast (Bool), 7 zero bytes.
    static var wireSize: Int { 16 }

    init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
        self.value = try reader.read(UInt64.self)
        self.isLast = try reader.read(Bool.self)
        try reader.skipPadding(7)
    }

    func write(to writer: inout FixedSizeWriter) {
        writer.write(self.value)
        writer.write(self.isLast)
        writer.skipPadding(7)
    }
}

extension Serde {
    /// The wire bytes of `tokens` in this serializer, as a peer would send them.
    func wire(_ tokens: [Token]) throws -> [UInt8] {
        let serializer = BuiltInSerializer<Token, Token>(self)
        var buffer = ByteBuffer()
        for token in tokens {
            try serializer.framing.writeFrame(into: &buffer) { try serializer.encode(token, into: &$0) }
        }
        return Array(buffer.readableBytesView)
    }

    /// One whole frame whose payload is not a valid `Token` in this serializer.
    var malformedFrame: [UInt8] {
        switch self {
        case .textual: Array("{\"value\":\"nope\"}\n".utf8)
        case .fixed: [1, 0, 0, 0, 0, 0, 0, 0, 2] + Array(repeating: 0, count: 7)  // a Bool of 2
        default: [0, 0, 0, 3, 0xFF, 0xFF, 0xFF]  // a length of 3, then bytes that are no value
        }
    }
}

/// The connection loop's behaviour, the same over every built-in serializer.
@Suite("Every serializer", .timeLimit(.minutes(1 * TestTiming.scale)))
struct SerializerMatrixTests {
    /// Replies with value + 1, for each message.
    static let increment: ConnectionProcessor<Token, Token, Void> = { inbound, context in
        for try await token in inbound {
            try await context.send(Token(value: token.value &+ 1, isLast: token.isLast))
        }
    }

    static func decodeAll(_ bytes: [UInt8], _ serde: Serde) throws -> [Token] {
        let serializer = BuiltInSerializer<Token, Token>(serde)
        var decoder = FrameDecoder(framing: serializer.framing, maximumFrameLength: 1 << 20)
        var buffer = ByteBuffer(bytes: bytes)
        var tokens: [Token] = []
        while var frame = try decoder.decodeFrame(from: &buffer) {
            tokens.append(try serializer.decode(&frame))
        }
        return tokens
    }

    @Test("the replies to one read leave in one write", arguments: Serde.builtIns)
    func oneWritePerRead(serde: Serde) async throws {
        let tokens = (0..<50).map { Token(value: UInt64($0)) }
        let (write, reason) = try await withTestConnection(
            serializer: BuiltInSerializer<Token, Token>(serde),
            processor: Self.increment
        ) { peer in
            try await peer.receive(bytes: try serde.wire(tokens))
            return try await peer.nextWriteBytes()
        }
        #expect(try Self.decodeAll(write, serde) == tokens.map { Token(value: $0.value + 1) })
        #expect(reason == .peerClosed)
    }

    @Test("messages arrive whole and in order wherever a read splits them", arguments: Serde.builtIns)
    func everySplit(serde: Serde) async throws {
        let tokens = [Token(value: 1), Token(value: .max - 1), Token(value: 300, isLast: true)]
        let bytes = try serde.wire(tokens)
        for split in 0...bytes.count {
            let (replies, _) = try await withTestConnection(
                serializer: BuiltInSerializer<Token, Token>(serde),
                processor: Self.increment
            ) { peer in
                try await peer.receive(bytes: bytes[..<split])
                try await peer.receive(bytes: bytes[split...])
                var output: [UInt8] = []
                while try Self.decodeAll(output, serde).count < tokens.count {
                    output += try await peer.nextWriteBytes()
                }
                return try Self.decodeAll(output, serde)
            }
            #expect(replies.map(\.value) == [2, .max, 301], "\(serde), split at byte \(split)")
        }
    }

    @Test("a malformed frame follows the bad-input policy", arguments: Serde.builtIns)
    func malformed(serde: Serde) async throws {
        let good = try serde.wire([Token(value: 1)])
        let after = try serde.wire([Token(value: 2)])
        let policies: [(BadInputPolicy<Token>, [UInt64], Bool)] = [
            (.close, [2], true),
            (.skip, [2, 3], false),
            (.reply { _ in Token(value: 999) }, [2, 999, 3], false),
        ]
        for (policy, expected, ends) in policies {
            let (replies, reason) = try await withTestConnection(
                serializer: BuiltInSerializer<Token, Token>(serde),
                badInput: policy,
                processor: Self.increment
            ) { peer in
                try await peer.receive(bytes: good + serde.malformedFrame + after)
                return try Self.decodeAll(try await peer.nextWriteBytes(), serde)
            }
            #expect(replies.map(\.value) == expected, "\(serde)")
            #expect((reason.error?.code == .malformedMessage) == ends, "\(serde): \(reason)")
        }
    }

    @Test(
        "10,000 messages make a round trip over every transport, in order",
        arguments: Serde.builtIns,
        TransportUnderTest.allCases
    )
    func loopback(serde: Serde, transport: TransportUnderTest) async throws {
        let count = 10_000
        let conversation = Conversation.processor(serializer: BuiltInSerializer<Token, Token>(serde), Self.increment)
        let values = try await transport.serve(conversation) { clientTransport in
            try await Client.withConnection(
                transport: clientTransport,
                configuration: clientConfiguration(),
                serializer: BuiltInSerializer<Token, Token>(serde)
            ) { inbound, context in
                let peer = context.peer
                async let sent: Void = {
                    for value in 0..<count {
                        try await peer.send(Token(value: UInt64(value)))
                    }
                }()
                var values: [UInt64] = []
                for try await token in inbound {
                    values.append(token.value)
                    if values.count == count { break }
                }
                try await sent
                return values
            }
        }
        #expect(values == (1...count).map { UInt64($0) })
    }
}
