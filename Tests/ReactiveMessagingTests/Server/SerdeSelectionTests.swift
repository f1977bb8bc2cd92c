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

/// A user's own serializer: `value=<decimal>;last=<0|1>` lines.
struct KeyValueSerializer: MessageSerializer {
    var framing: Framing { .newlineDelimited }

    func decode(_ frame: inout ByteBuffer) throws -> Token {
        let fields = String(buffer: frame).split(separator: ";").map { $0.split(separator: "=", maxSplits: 1) }
        guard fields.count == 2, fields.allSatisfy({ $0.count == 2 }),
            fields[0][0] == "value", let value = UInt64(fields[0][1]),
            fields[1][0] == "last", fields[1][1] == "0" || fields[1][1] == "1"
        else {
            throw ReactiveMessagingError(code: .malformedMessage, message: "not a key=value token")
        }
        return Token(value: value, isLast: fields[1][1] == "1")
    }

    func encode(_ message: Token, into buffer: inout ByteBuffer) throws {
        buffer.writeString("value=\(message.value);last=\(message.isLast ? 1 : 0)")
    }
}

@Suite("Choosing a serializer at run time", .timeLimit(.minutes(1 * TestTiming.scale)))
struct SerdeSelectionTests {
    @Test("names parse to the built-ins, anything else is a custom name, and the empty name is refused")
    func parsing() {
        #expect(Serde("textual") == .textual)
        #expect(Serde("fixed") == .fixed)
        #expect(Serde("variable") == .variable)
        #expect(Serde("kv") == .custom("kv"))
        #expect(Serde("") == nil)
        #expect(Serde.builtIns.map(\.description) == ["textual", "fixed", "variable"])
    }

    @Test("each built-in name selects its own framing")
    func framing() throws {
        #expect(BuiltInSerializer<Token, Token>(.textual).framing == .newlineDelimited)
        #expect(BuiltInSerializer<Token, Token>(.fixed).framing == .fixedSize(16))
        #expect(BuiltInSerializer<Token, Token>(.variable).framing == .lengthPrefixed)
    }

    @Test("a custom name without a custom serializer is refused with invalidArgument")
    func unknownName() {
        #expect {
            _ = try BuiltInSerializer<Token, Token>(validating: .custom("kv"))
        } throws: { error in
            (error as? ReactiveMessagingError)?.code == .invalidArgument
        }
    }

    @Test("10,000 seeded random messages round-trip through every serializer, custom included")
    func seededRoundTrips() throws {
        // A 64-bit LCG, seeded at random and reported, so a failure can be replayed.
        let seed = UInt64.random(in: 0 ... .max)
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
        // Values of every magnitude, so varints and decimal numbers of every length appear.
        let tokens = (0..<10_000).map { _ in Token(value: next() >> (next() % 64), isLast: next() & 1 == 1) }
        let serializers =
            Serde.builtIns.map { SelectedSerializer($0, custom: KeyValueSerializer()) }
            + [SelectedSerializer(.custom("kv"), custom: KeyValueSerializer())]
        for serializer in serializers {
            var buffer = ByteBuffer()
            for token in tokens {
                try serializer.framing.writeFrame(into: &buffer) { try serializer.encode(token, into: &$0) }
            }
            var decoder = FrameDecoder(framing: serializer.framing, maximumFrameLength: 1 << 16)
            var decoded: [Token] = []
            while var frame = try decoder.decodeFrame(from: &buffer) {
                decoded.append(try serializer.decode(&frame))
            }
            #expect(decoded == tokens, "\(serializer.serde), seed \(seed)")
        }
    }

    @Test("a custom serializer chosen by name carries a conversation that a plain socket can read")
    func customOverTCP() async throws {
        let serde = try #require(Serde("kv"))
        let server = Server(
            transport: testTransport,
            configuration: testConfiguration(),
            conversation: .processor(
                serializer: SelectedSerializer(serde, custom: KeyValueSerializer()),
                SerializerMatrixTests.increment
            )
        )
        let lines = try await server.withPort { port in
            try await RawConnection.with(port: port) { connection in
                try await connection.write("value=41;last=0\nvalue=1;last=1\n")
                connection.finishWriting()
                return try await connection.readLinesToEnd()
            }
        }
        #expect(lines == ["value=42;last=0", "value=2;last=1"])
    }
}
