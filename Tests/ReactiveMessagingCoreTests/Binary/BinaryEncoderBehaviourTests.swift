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

/// Keys made up at run time.
private struct Key: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init(stringLiteral value: String) { self.stringValue = value }
    init?(intValue: Int) { nil }
}

private struct TestError: Error {}

/// Writes into a nested container after a later sibling was started, which a stream cannot express.
private struct StaleContainerWriter: Encodable {
    var lateValue: Double
    var elements: Int

    func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: Key.self)
        var first = outer.nestedContainer(keyedBy: Key.self, forKey: "first")
        var list = outer.nestedUnkeyedContainer(forKey: "list")
        try outer.encode(1, forKey: "second")
        try first.encode(self.lateValue, forKey: "late")
        for element in 0..<self.elements {
            try list.encode(element)
        }
    }
}

/// Asks one encoder for a keyed container twice, as class hierarchies sharing one container do.
private struct TwoContainers: Encodable {
    func encode(to encoder: any Encoder) throws {
        var first = encoder.container(keyedBy: Key.self)
        try first.encode(1, forKey: "a")
        var second = encoder.container(keyedBy: Key.self)
        try second.encode(2, forKey: "b")
        try second.encode(3, forKey: "a")
    }
}

/// Throws after writing part of its value.
private struct Failing: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(1, forKey: "x")
        throw TestError()
    }
}

/// Catches the error of a nested value and carries on.
private struct Catcher: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try? container.encode(Failing(), forKey: "bad")
        try container.encode(5, forKey: "good")
    }
}

/// Encodes two values through one single value container.
private struct TwoSingleValues: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(1)
        try container.encode(2)
    }
}

/// Encodes nothing at all.
private struct Nothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

/// Encodes the same key twice.
private struct RepeatedKey: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(1, forKey: "a")
        try container.encode(2, forKey: "a")
    }
}

/// Records the coding paths the encoder reports.
private final class PathLog {
    var paths: [[String]] = []
}

private struct PathRecorder: Encodable {
    let log: PathLog

    func encode(to encoder: any Encoder) throws {
        self.log.paths.append(encoder.codingPath.map(\.stringValue))
        var container = encoder.singleValueContainer()
        try container.encode(true)
    }
}

private struct PathTree: Encodable {
    let log: PathLog

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(PathRecorder(log: self.log), forKey: "a")
        var list = container.nestedUnkeyedContainer(forKey: "list")
        try list.encode(PathRecorder(log: self.log))
        try list.encode(PathRecorder(log: self.log))
        #expect(list.count == 2)
        var nested = list.nestedContainer(keyedBy: Key.self)
        try nested.encode(PathRecorder(log: self.log), forKey: "deep")
        try PathRecorder(log: self.log).encode(to: container.superEncoder())
    }
}

@Suite("Binary encoder behaviour", .timeLimit(.minutes(1 * TestTiming.scale)))
struct BinaryEncoderBehaviourTests {
    @Test("Encoding appends to the buffer and leaves its reader index alone")
    func appends() throws {
        var buffer = ByteBuffer(bytes: [0xAA, 0xBB, 0xCC])
        buffer.moveReaderIndex(forwardBy: 1)
        try BinaryMessageEncoder().encode(7, into: &buffer)
        try BinaryMessageEncoder().encode("x", into: &buffer)
        #expect(buffer.readerIndex == 1)
        #expect(Array(buffer.readableBytesView) == [0xBB, 0xCC, 0x03, 0x07, 0x07, 0x01, 0x78])
    }

    @Test("A buffer shared with another owner is copied, not written through")
    func copyOnWrite() throws {
        var buffer = ByteBuffer(bytes: [1, 2, 3])
        let other = buffer
        try BinaryMessageEncoder().encode(BinaryGreeting.hello, into: &buffer)
        #expect(Array(other.readableBytesView) == [1, 2, 3])
        #expect(buffer.readableBytes == 13)
    }

    @Test("A failed encode leaves the buffer's readable bytes as they were")
    func failureLeavesBuffer() throws {
        for value in [Failing() as any Encodable, TwoSingleValues()] {
            var buffer = ByteBuffer(bytes: [1, 2, 3])
            #expect(throws: (any Error).self) {
                try BinaryMessageEncoder().encode(value, into: &buffer)
            }
            #expect(Array(buffer.readableBytesView) == [1, 2, 3])
        }
        let error = #expect(throws: EncodingError.self) {
            try BinaryTestCoders.encode(TwoSingleValues())
        }
        #expect(String(describing: error).contains("single value container"))
        #expect(throws: TestError.self) {
            try BinaryTestCoders.encode(Failing())
        }
    }

    @Test("A value that asks for no container encodes as an empty map")
    func nothing() throws {
        #expect(try BinaryTestCoders.encode(Nothing()) == [0x09, 0x00])
        #expect(try BinaryTestCoders.encode([Nothing()]) == [0x08, 0x01, 0x09, 0x00])
    }

    @Test("Using a container after a later sibling was started falls back and keeps every value")
    func staleContainer() throws {
        for elements in [2, 200] {
            let bytes = try BinaryTestCoders.encode(StaleContainerWriter(lateValue: .nan, elements: elements))
            let value = try BinaryTestCoders.decode(BinaryTestValue.self, from: bytes)
            let expected = BinaryTestValue.map([
                "first": .map(["late": .double(.nan)]),
                "list": .array((0..<elements).map { .integer(Int64($0)) }),
                "second": .integer(1),
            ])
            #expect(value == expected)
        }
    }

    @Test("Two keyed containers from one encoder merge, the later value of a key winning")
    func twoContainers() throws {
        let value = try BinaryTestCoders.decode(BinaryTestValue.self, from: BinaryTestCoders.encode(TwoContainers()))
        #expect(value == .map(["a": .integer(3), "b": .integer(2)]))
    }

    @Test("A nested error that is caught leaves no half-written value behind")
    func caughtError() throws {
        let value = try BinaryTestCoders.decode(BinaryTestValue.self, from: BinaryTestCoders.encode(Catcher()))
        #expect(value == .map(["good": .integer(5)]))
    }

    @Test("A key encoded twice is written twice and read back as the first value")
    func repeatedKey() throws {
        let bytes = try BinaryTestCoders.encode(RepeatedKey())
        #expect(bytes == BinaryTestCoders.bytes("09 02 01 61 03 01 01 61 03 02"))
        #expect(try BinaryTestCoders.decode([String: Int].self, from: bytes) == ["a": 1])
    }

    @Test("Coding paths name every key and position on the way down")
    func codingPaths() throws {
        let log = PathLog()
        _ = try BinaryTestCoders.encode(PathTree(log: log))
        #expect(
            log.paths == [["a"], ["list", "Index 0"], ["list", "Index 1"], ["list", "Index 2", "deep"], ["super"]]
        )
    }

    @Test("Consecutive messages in one buffer decode one by one")
    func consecutiveMessages() throws {
        let orders = BinaryRoundTripTests.orders
        var buffer = ByteBuffer()
        var lengths: [Int] = []
        for order in orders {
            let before = buffer.writerIndex
            try BinaryMessageEncoder().encode(order, into: &buffer)
            lengths.append(buffer.writerIndex - before)
        }
        for (order, length) in zip(orders, lengths) {
            let slice = try #require(buffer.readSlice(length: length) as ByteBuffer?)
            #expect(try BinaryMessageDecoder().decode(BinaryOrder.self, from: slice) == order)
        }
    }
}
