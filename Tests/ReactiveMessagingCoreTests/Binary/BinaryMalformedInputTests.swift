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

@Suite("Binary decoder rejects malformed input", .timeLimit(.minutes(1 * TestTiming.scale)))
struct BinaryMalformedInputTests {
    private static func hex(_ text: String) -> [UInt8] {
        BinaryTestCoders.bytes(text)
    }

    /// The varint of `value`.
    static func varint(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
        return bytes
    }

    /// Inputs the format forbids, each with what is wrong with it.
    static let malformed: [(String, [UInt8])] = [
        ("empty input", []),
        ("reserved tag 0x0A", hex("0A")),
        ("reserved tag 0xFF", hex("FF")),
        ("reserved tag inside an array", hex("08 01 80")),
        ("two values", hex("00 00")),
        ("trailing byte after an integer", hex("03 01 00")),
        ("trailing byte after a map", hex("09 00 00")),
        ("integer without its varint", hex("03")),
        ("truncated varint", hex("03 80")),
        ("truncated negative varint", hex("04 FF FF")),
        ("overlong varint of zero", hex("03 80 00")),
        ("overlong varint of one", hex("04 81 80 00")),
        ("overlong string length", hex("07 80 00")),
        ("overlong array count", hex("08 81 00 00")),
        ("overlong key length", hex("09 01 80 00 00")),
        ("integer varint above 128 bits", hex("03" + String(repeating: " FF", count: 18) + " 04")),
        ("integer varint longer than 19 bytes", hex("03" + String(repeating: " 80", count: 19) + " 01")),
        ("negative integer below -2^128", hex("04" + String(repeating: " FF", count: 18) + " 07")),
        ("count varint above 64 bits", hex("08 FF FF FF FF FF FF FF FF FF 02")),
        ("string length varint above 64 bits", hex("07 80 80 80 80 80 80 80 80 80 80 01")),
        ("truncated float32", hex("05 00 00 C0")),
        ("truncated float64", hex("06 00 00 00 00 00 00 F8")),
        ("string longer than the input", hex("07 05 61 62")),
        ("string length without bytes", hex("07 01")),
        ("array count larger than the input", hex("08 05 00 00")),
        ("map count larger than the input can hold", hex("09 02 01 61 00")),
        ("array missing an element", hex("08 02 00")),
        ("map missing its key", hex("09 01")),
        ("map missing a value", hex("09 01 01 61")),
        ("key longer than the input", hex("09 01 05 61 00")),
        ("truncated nested array", hex("08 01 08 01")),
        ("invalid UTF-8 byte", hex("07 01 FF")),
        ("lone continuation byte", hex("07 01 80")),
        ("overlong two-byte UTF-8", hex("07 02 C0 AF")),
        ("overlong three-byte UTF-8", hex("07 03 E0 80 AF")),
        ("UTF-8 encoded surrogate", hex("07 03 ED A0 80")),
        ("UTF-8 above U+10FFFF", hex("07 04 F4 90 80 80")),
        ("truncated UTF-8 scalar", hex("07 02 E2 82")),
        ("UTF-8 scalar cut by the string's end", hex("09 01 01 E2 82 AC")),
        ("invalid UTF-8 in a key", hex("09 01 01 FF 00")),
        ("invalid UTF-8 after eight ASCII bytes", hex("07 09 61 61 61 61 61 61 61 61 FF")),
    ]

    @Test("Malformed input throws DecodingError.dataCorrupted naming the offset", arguments: Self.malformed)
    func malformedInput(description: String, bytes: [UInt8]) throws {
        let error = #expect(throws: DecodingError.self, "\(description)") {
            try BinaryTestCoders.decode(BinaryTestValue.self, from: bytes)
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("\(description): expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.debugDescription.contains("byte offset"), "\(description): \(context.debugDescription)")
    }

    static let hugeCounts: [UInt64] = [1 << 60, .max, UInt64(UInt32.max), UInt64(Int.max), 1 << 32 + 1, 3]

    @Test("Huge counts and lengths fail at once, before anything is allocated", arguments: Self.hugeCounts)
    func hugeCountFailsAtOnce(count: UInt64) throws {
        for tag: UInt8 in [0x07, 0x08, 0x09] {
            // Two bytes of content: less than any of the counts needs (a count of 3 included).
            let bytes = [tag] + Self.varint(count) + [0x00, 0x00]
            let error = #expect(throws: DecodingError.self) {
                try BinaryTestCoders.decode(BinaryTestValue.self, from: bytes)
            }
            #expect(String(describing: error).contains("exceed"), "\(String(describing: error))")
        }
        // The same for every typed target, whose containers must not reserve room from the count either.
        let array = [0x08] + Self.varint(count) + [0x03, 0x01]
        #expect(throws: DecodingError.self) { try BinaryTestCoders.decode([Int].self, from: array) }
        #expect(throws: DecodingError.self) { try BinaryTestCoders.decode(Set<Int>.self, from: array) }
        let map = [0x09] + Self.varint(count) + [0x01, 0x61, 0x03, 0x01]
        #expect(throws: DecodingError.self) { try BinaryTestCoders.decode([String: Int].self, from: map) }
    }

    @Test("Counts and lengths that exactly fit the remaining bytes are accepted")
    func countsAtTheLimit() throws {
        #expect(try BinaryTestCoders.decode([Bool?].self, from: Self.hex("08 03 00 01 02")) == [nil, false, true])
        #expect(try BinaryTestCoders.decode([String: Bool?].self, from: Self.hex("09 01 00 00")) == ["": nil])
        #expect(try BinaryTestCoders.decode(String.self, from: Self.hex("07 02 C3 A9")) == "é")
    }

    @Test("Every prefix of a valid message is rejected", arguments: [0, 1, 2])
    func truncatedMessages(variant: Int) throws {
        let value: BinaryTestValue
        switch variant {
        case 0:
            value = try BinaryTestCoders.decode(
                BinaryTestValue.self,
                from: BinaryTestCoders.encode(BinaryRoundTripTests.people[1])
            )
        case 1:
            value = .array([.integer(.min), .unsigned(.max), .double(.nan), .string("😀"), .map(["a": .null])])
        default:
            var random = SeededRandom(seed: 7)
            var candidate = BinaryRandomValues.value(depth: 0, using: &random)
            while case .array(let elements) = candidate, elements.count < 3 {
                candidate = BinaryRandomValues.value(depth: 0, using: &random)
            }
            value = .array([candidate, candidate])
        }
        let bytes = try BinaryTestCoders.encode(value)
        #expect(try BinaryTestCoders.decode(BinaryTestValue.self, from: bytes) == value)
        #expect(bytes.count > 20)
        for length in 0..<bytes.count {
            #expect(throws: DecodingError.self, "prefix of \(length) bytes") {
                try BinaryTestCoders.decode(BinaryTestValue.self, from: Array(bytes[0..<length]))
            }
        }
    }

    @Test("Nesting up to the maximum depth is accepted, one level more is rejected", arguments: [1, 2, 10, 64])
    func depthLimit(depth: Int) throws {
        for opener in [Self.hex("08 01"), Self.hex("09 01 01 61")] {
            // `depth` containers: `depth - 1` holding one value each, then an empty one.
            let empty = opener[0] == 0x08 ? Self.hex("08 00") : Self.hex("09 00")
            let accepted = Array([[UInt8]](repeating: opener, count: depth - 1).joined()) + empty
            #expect(throws: Never.self) {
                try BinaryTestCoders.decode(BinaryTestValue.self, from: accepted, maximumDepth: depth)
            }
            let error = #expect(throws: DecodingError.self) {
                try BinaryTestCoders.decode(BinaryTestValue.self, from: opener + accepted, maximumDepth: depth)
            }
            #expect(String(describing: error).contains("maximum depth"))
        }
    }

    @Test("Hostile nesting far beyond the limit is rejected without exhausting the stack")
    func hostileNesting() throws {
        for opener in [Self.hex("08 01"), Self.hex("09 01 01 61")] {
            let bytes = Array([[UInt8]](repeating: opener, count: 200_000).joined()) + [0x00]
            #expect(throws: DecodingError.self) {
                try BinaryTestCoders.decode(BinaryTestValue.self, from: bytes)
            }
            // With no depth limit the parser accepts the message without recursing; decoding it as an `Int` then
            // fails at the root, without the recursion a nested `Decodable` would need.
            let error = #expect(throws: DecodingError.self) {
                try BinaryTestCoders.decode(Int.self, from: bytes, maximumDepth: .max)
            }
            guard case .typeMismatch = error else {
                Issue.record("expected typeMismatch, got \(String(describing: error))")
                return
            }
            #expect(throws: DecodingError.self) {
                try BinaryTestCoders.decode(Int.self, from: Array(bytes.dropLast()), maximumDepth: .max)
            }
        }
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode([Int].self, from: Self.hex("08 00"), maximumDepth: 0)
        }
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode([Int].self, from: Self.hex("08 00"), maximumDepth: -1)
        }
        #expect(try BinaryTestCoders.decode(Int.self, from: Self.hex("03 05"), maximumDepth: 0) == 5)
    }

    @Test("Only the readable bytes of the buffer are decoded")
    func readableBytesOnly() throws {
        var buffer = ByteBuffer(bytes: Self.hex("FF FF 08 02 03 01 03 02 FF"))
        buffer.moveReaderIndex(forwardBy: 2)
        buffer.moveWriterIndex(to: 8)
        #expect(try BinaryMessageDecoder().decode([Int].self, from: buffer) == [1, 2])
        #expect(buffer.readerIndex == 2)
    }
}
