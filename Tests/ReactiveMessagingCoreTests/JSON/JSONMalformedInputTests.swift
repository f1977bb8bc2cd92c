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

internal import NIOCore
internal import ReactiveMessagingCore
internal import ReactiveMessagingTesting
internal import Testing

@Suite("JSON decoder rejects malformed input", .timeLimit(.minutes(1 * TestTiming.scale)))
struct JSONMalformedInputTests {
    /// Inputs no conforming JSON parser may accept, each with what is wrong with it.
    static let malformed: [(String, [UInt8])] = [
        ("empty input", []),
        ("only whitespace", Array(" \n\t\r ".utf8)),
        ("trailing garbage", Array("1 x".utf8)),
        ("two values", Array("1 2".utf8)),
        ("trailing comma in an array", Array("[1,]".utf8)),
        ("trailing comma in an object", Array(#"{"a":1,}"#.utf8)),
        ("missing comma", Array("[1 2]".utf8)),
        ("leading comma", Array("[,1]".utf8)),
        ("leading zero", Array("01".utf8)),
        ("negative leading zero", Array("-01".utf8)),
        ("plus sign", Array("+1".utf8)),
        ("bare minus", Array("-".utf8)),
        ("missing fraction digits", Array("1.".utf8)),
        ("missing integer digits", Array(".5".utf8)),
        ("missing exponent digits", Array("1e".utf8)),
        ("signed exponent without digits", Array("1e+".utf8)),
        ("hexadecimal number", Array("0x10".utf8)),
        ("NaN", Array("NaN".utf8)),
        ("Infinity", Array("Infinity".utf8)),
        ("truncated literal", Array("tru".utf8)),
        ("misspelled literal", Array("nul1".utf8)),
        ("capitalised literal", Array("True".utf8)),
        ("single-quoted string", Array("'a'".utf8)),
        ("unterminated string", Array("\"abc".utf8)),
        ("unterminated escape", Array("\"\\".utf8)),
        ("invalid escape", Array(#""\x41""#.utf8)),
        ("short unicode escape", Array(#""\u12""#.utf8)),
        ("non-hex unicode escape", Array(#""\u12G4""#.utf8)),
        ("lone high surrogate", Array(#""\ud800""#.utf8)),
        ("high surrogate followed by text", Array(#""\ud800x""#.utf8)),
        ("high surrogate followed by a non-surrogate", Array(#""\ud800\u0041""#.utf8)),
        ("lone low surrogate", Array(#""\udc00""#.utf8)),
        ("raw control character in a string", [0x22, 0x01, 0x22]),
        ("raw newline in a string", [0x22, 0x0A, 0x22]),
        ("invalid UTF-8 lead byte", [0x22, 0xFF, 0x22]),
        ("UTF-8 continuation byte alone", [0x22, 0x80, 0x22]),
        ("overlong UTF-8", [0x22, 0xC0, 0xAF, 0x22]),
        ("overlong three-byte UTF-8", [0x22, 0xE0, 0x80, 0xAF, 0x22]),
        ("UTF-8 encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22]),
        ("UTF-8 above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]),
        ("truncated UTF-8", [0x22, 0xE2, 0x82, 0x22]),
        ("unclosed array", Array("[1".utf8)),
        ("unclosed object", Array(#"{"a":1"#.utf8)),
        ("mismatched brackets", Array("[1}".utf8)),
        ("extra closing bracket", Array("[1]]".utf8)),
        ("unquoted key", Array("{a:1}".utf8)),
        ("number key", Array("{1:1}".utf8)),
        ("missing colon", Array(#"{"a" 1}"#.utf8)),
        ("missing value", Array(#"{"a":}"#.utf8)),
        ("comment", Array("[1 /* c */]".utf8)),
        ("NUL after the value", [0x31, 0x00]),
        ("byte order mark", [0xEF, 0xBB, 0xBF, 0x31]),
        ("vertical tab as whitespace", [0x0B, 0x31]),
        ("non-breaking space as whitespace", [0xC2, 0xA0, 0x31]),
    ]

    @Test("Malformed JSON throws DecodingError.dataCorrupted", arguments: Self.malformed)
    func malformedInput(description: String, bytes: [UInt8]) throws {
        let error = #expect(throws: DecodingError.self, "\(description)") {
            try JSONTestCoders.decode(JSONTestValue.self, from: bytes)
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("\(description): expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.debugDescription.contains("byte offset"))
    }

    @Test("Every prefix of a valid document is rejected")
    func truncatedDocuments() throws {
        let document = Array(#"{"a":[1,-2.5e3,"x\u00e9\n",true,false,null,{"b":{}}],"c":"😀"}"#.utf8)
        #expect(try JSONTestCoders.decode(JSONTestValue.self, from: document) != .null)
        for length in 0..<document.count {
            #expect(throws: DecodingError.self) {
                try JSONTestCoders.decode(JSONTestValue.self, from: Array(document[0..<length]))
            }
        }
    }

    @Test("Whitespace around the value is accepted")
    func surroundingWhitespace() throws {
        #expect(try JSONTestCoders.decode(Int.self, from: " \t\r\n 7 \n") == 7)
        #expect(try JSONTestCoders.decode([Int].self, from: "[ 1 , 2 ]") == [1, 2])
        #expect(try JSONTestCoders.decode([String: Int].self, from: #"{ "a" : 1 }"#) == ["a": 1])
    }

    @Test("Nesting up to the maximum depth is accepted, one level more is rejected", arguments: [1, 2, 10, 64])
    func depthLimit(depth: Int) throws {
        let accepted = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) {
            try JSONTestCoders.decode(JSONTestValue.self, from: Array(accepted.utf8), maximumDepth: depth)
        }
        let rejected = "[" + accepted + "]"
        let error = #expect(throws: DecodingError.self) {
            try JSONTestCoders.decode(JSONTestValue.self, from: Array(rejected.utf8), maximumDepth: depth)
        }
        #expect(String(describing: error).contains("maximum depth"))
    }

    @Test("Hostile nesting far beyond the limit is rejected without exhausting the stack")
    func hostileNesting() throws {
        for opener in ["[", #"{"a":"#] {
            let bytes = Array(String(repeating: opener, count: 200_000).utf8)
            #expect(throws: DecodingError.self) {
                try JSONTestCoders.decode(JSONTestValue.self, from: bytes)
            }
        }
        #expect(throws: DecodingError.self) {
            try JSONTestCoders.decode(Int.self, from: Array("[]".utf8), maximumDepth: 0)
        }
        #expect(try JSONTestCoders.decode(Int.self, from: Array("5".utf8), maximumDepth: 0) == 5)
    }

    @Test("Only the readable bytes of the buffer are decoded")
    func readableBytesOnly() throws {
        var buffer = ByteBuffer(string: "xx[1,2]yy")
        buffer.moveReaderIndex(forwardBy: 2)
        buffer.moveWriterIndex(to: 7)
        #expect(try JSONMessageDecoder().decode([Int].self, from: buffer) == [1, 2])
        #expect(buffer.readerIndex == 2)
    }
}
