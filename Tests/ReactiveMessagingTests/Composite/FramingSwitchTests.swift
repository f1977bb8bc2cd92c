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
import ReactiveMessagingTesting
import Testing

@testable import ReactiveMessaging

/// The connection's framing switch, which composite protocols build on: a state ends after a message, and the
/// next state's serializer decodes what the peer sent after it.
@Suite("Switching framing inside a connection", .timeLimit(.minutes(1 * TestTiming.scale)))
struct FramingSwitchTests {
    @Test("a hello line and 1,000 fixed-size messages in one read all arrive, in order, across the switch")
    func noByteLost() async throws {
        let tokens = (0..<1_000).map { Token(value: UInt64($0), isLast: $0 == 999) }
        let wire = Array("hello\n".utf8) + (try Serde.fixed.wire(tokens))
        let (output, reason) = try await withTestConnection(serializer: LineSerializer()) { inbound, context in
            // The first state: lines, until the handshake.
            for try await line in inbound where line == "hello" {
                break
            }
            // A reply queued before the switch leaves in the old framing, first.
            try context.io.enqueue { $0.writeString("welcome") }
            context.io.switchFraming(to: .fixedSize(Token.wireSize))
            // The next state: fixed-size messages, from the bytes the line state left.
            let fixed = FixedSizeSerializer<Token, Token>()
            let binary = ConnectionInbound<Token>(io: context.io, decode: { try fixed.decode(&$0) }) { error, _ in
                throw error
            }
            for try await token in binary {
                try await context.io.send {
                    try fixed.encode(Token(value: token.value + 1, isLast: token.isLast), into: &$0)
                }
            }
        } test: { peer in
            try await peer.receive(bytes: wire)
            var output: [UInt8] = []
            while output.count < 8 + tokens.count * Token.wireSize {
                output += try await peer.nextWriteBytes()
            }
            return output
        }
        #expect(String(decoding: output.prefix(8), as: UTF8.self) == "welcome\n")
        let replies = try SerializerMatrixTests.decodeAll(Array(output.dropFirst(8)), .fixed)
        #expect(replies == tokens.map { Token(value: $0.value + 1, isLast: $0.isLast) })
        #expect(reason == .peerClosed)
    }
}
