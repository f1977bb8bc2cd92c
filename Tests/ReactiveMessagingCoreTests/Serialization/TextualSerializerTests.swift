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
import ReactiveMessagingCore
import ReactiveMessagingTesting
import Testing

@Suite("TextualSerializer", .timeLimit(.minutes(1 * TestTiming.scale)))
struct TextualSerializerTests {
    enum Greeting: Codable, Sendable, Equatable {
        case hello
        case named(String)
    }

    typealias Serializer = TextualSerializer<Greeting, Greeting>

    static func line(_ greeting: Greeting) throws -> String {
        var buffer = ByteBuffer()
        try Serializer().framing.writeFrame(into: &buffer) { try Serializer().encode(greeting, into: &$0) }
        return String(buffer: buffer)
    }

    @Test("messages are the JSON of synthesized Codable, one per line")
    func wireForm() throws {
        #expect(try Self.line(.hello) == "{\"hello\":{}}\n")
        #expect(try Self.line(.named("Ada")) == "{\"named\":{\"_0\":\"Ada\"}}\n")
    }

    @Test("a newline inside a string is escaped, so a message never spans lines")
    func newlinesEscaped() throws {
        let line = try Self.line(.named("two\nlines\r\n"))
        #expect(line.filter { $0 == "\n" || $0 == "\r" }.count == 1)
        var frame = ByteBuffer(string: String(line.dropLast()))
        #expect(try Serializer().decode(&frame) == .named("two\nlines\r\n"))
    }

    @Test(
        "a line that is not the JSON of the type is malformedMessage, with the decoding error as cause",
        arguments: ["{\"bye\":{}}", "not json", "{\"hello\":{}", ""]
    )
    func malformed(text: String) throws {
        var frame = ByteBuffer(string: text)
        let error = #expect(throws: ReactiveMessagingError.self) { try Serializer().decode(&frame) }
        #expect(error?.code == .malformedMessage)
        #expect(error?.cause is DecodingError)
    }

    @Test("a value JSON cannot hold is encodingFailed and writes nothing")
    func unencodable() throws {
        var buffer = ByteBuffer(string: "kept")
        let error = #expect(throws: ReactiveMessagingError.self) {
            try TextualSerializer<Double, Double>().encode(.nan, into: &buffer)
        }
        #expect(error?.code == .encodingFailed)
        #expect(String(buffer: buffer) == "kept")
    }
}
