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

/// Encodes through the Codable API in ways a byte stream cannot follow directly.
enum JSONUnusualEncoding: Encodable, CaseIterable, Sendable {
    /// Writes to a nested container after its parent moved on.
    case nestedAfterParent
    /// Holds on to a `superEncoder()` and uses it after writing further members.
    case lateSuperEncoder
    /// Never uses the `superEncoder()` it asked for.
    case unusedSuperEncoder
    /// Asks the same encoder for a keyed container twice, repeating a key.
    case containerTwice
    /// Writes the same key twice through one container after asking for it twice.
    case nestedArraysInterleaved
    /// Class hierarchy that encodes the superclass into `superEncoder()`.
    case inheritance
    /// Encodes nothing in a nested value.
    case emptyNested
    /// Uses `superEncoder()` of an unkeyed container.
    case unkeyedSuper

    enum Key: String, CodingKey {
        case a, b, c
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .nestedAfterParent:
            var container = encoder.container(keyedBy: Key.self)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: .a)
            try nested.encode(1, forKey: .a)
            try container.encode(2, forKey: .b)
            try nested.encode(3, forKey: .b)
        case .lateSuperEncoder:
            var container = encoder.container(keyedBy: Key.self)
            let superEncoder = container.superEncoder()
            try container.encode("x", forKey: .a)
            var superContainer = superEncoder.singleValueContainer()
            try superContainer.encode([1, 2])
        case .unusedSuperEncoder:
            var container = encoder.container(keyedBy: Key.self)
            _ = container.superEncoder()
            try container.encode(true, forKey: .b)
        case .containerTwice:
            var first = encoder.container(keyedBy: Key.self)
            try first.encode(1, forKey: .a)
            try first.encode(1, forKey: .b)
            var second = encoder.container(keyedBy: Key.self)
            try second.encode(2, forKey: .a)
            try second.encode(2, forKey: .c)
        case .nestedArraysInterleaved:
            var container = encoder.unkeyedContainer()
            var first = container.nestedUnkeyedContainer()
            var second = container.nestedUnkeyedContainer()
            try first.encode(1)
            try second.encode(2)
            try first.encode(3)
        case .inheritance:
            try JSONTestSub().encode(to: encoder)
        case .emptyNested:
            var container = encoder.unkeyedContainer()
            try container.encode(JSONTestNothing())
            try container.encode([JSONTestNothing()])
            var nested = container.nestedContainer(keyedBy: Key.self)
            var single = nested.superEncoder().singleValueContainer()
            try single.encode(JSONTestNothing())
        case .unkeyedSuper:
            var container = encoder.unkeyedContainer()
            try container.encode(1)
            let superEncoder = container.superEncoder()
            try container.encode(3)
            var nested = superEncoder.container(keyedBy: Key.self)
            try nested.encode(2, forKey: .a)
        }
    }
}

private struct JSONTestNothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

private class JSONTestBase: Encodable {
    var base = "b"
}

private final class JSONTestSub: JSONTestBase {
    var sub = 2

    private enum Key: CodingKey {
        case sub
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(self.sub, forKey: .sub)
        try super.encode(to: container.superEncoder())
    }
}

/// Two encode calls through one single value container.
private struct JSONTwoSingleValues: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(1)
        try container.encode(2)
    }
}

/// A keyed container and then an unkeyed one from the same encoder.
private struct JSONMixedContainers: Encodable {
    func encode(to encoder: any Encoder) throws {
        var keyed = encoder.container(keyedBy: JSONUnusualEncoding.Key.self)
        try keyed.encode(1, forKey: .a)
        var unkeyed = encoder.unkeyedContainer()
        try unkeyed.encode(2)
    }
}

/// Catches an error thrown by a nested value and carries on.
private struct JSONSwallowsErrors: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONUnusualEncoding.Key.self)
        try? container.encode(Double.nan, forKey: .a)
        try? container.encode([1, .infinity], forKey: .b)
        try container.encode("ok", forKey: .c)
    }
}

private struct JSONNaNInside: Encodable {
    var values: [[String: Double]]
}

@Suite("JSON encoder behaves like Foundation's", .timeLimit(.minutes(1 * TestTiming.scale)))
struct JSONEncoderBehaviourTests {
    @Test(
        "Unusual but legal uses of the Codable API produce Foundation's JSON",
        arguments: JSONUnusualEncoding.allCases
    )
    func unusualUses(value: JSONUnusualEncoding) throws {
        let ours = try JSONTestCoders.encode(value)
        #expect(try JSONTestCoders.canonical(ours) == JSONTestCoders.canonical(JSONTestCoders.foundationEncode(value)))
    }

    @Test("Specific shapes of the unusual cases")
    func unusualShapes() throws {
        #expect(
            try JSONTestCoders.encode(JSONUnusualEncoding.nestedAfterParent)
                == Array(#"{"a":{"a":1,"b":3},"b":2}"#.utf8)
        )
        #expect(
            try JSONTestCoders.encode(JSONUnusualEncoding.unusedSuperEncoder) == Array(#"{"super":{},"b":true}"#.utf8)
        )
        #expect(
            try JSONTestCoders.encode(JSONUnusualEncoding.inheritance) == Array(#"{"sub":2,"super":{"base":"b"}}"#.utf8)
        )
        #expect(try JSONTestCoders.encode(JSONUnusualEncoding.containerTwice) == Array(#"{"a":2,"b":1,"c":2}"#.utf8))
        #expect(try JSONTestCoders.encode(JSONUnusualEncoding.emptyNested) == Array(#"[{},[{}],{"super":{}}]"#.utf8))
        #expect(try JSONTestCoders.encode(JSONUnusualEncoding.unkeyedSuper) == Array(#"[1,{"a":2},3]"#.utf8))
    }

    @Test("A value that asks for no container encodes as {} even at the top level")
    func emptyValue() throws {
        #expect(try JSONTestCoders.encode(JSONTestNothing()) == Array("{}".utf8))
    }

    @Test("Output is appended after existing bytes and the buffer is untouched on error")
    func appendAndFailure() throws {
        var buffer = ByteBuffer(string: "prefix\n")
        let encoder = JSONMessageEncoder()
        try encoder.encode(SampleOrder(id: 1, symbol: "A", price: 1, quantity: 1, side: .buy), into: &buffer)
        #expect(String(buffer: buffer) == #"prefix\#n{"id":1,"symbol":"A","price":1,"quantity":1,"side":"buy"}"#)
        let before = buffer
        #expect(throws: EncodingError.self) {
            try encoder.encode(JSONNaNInside(values: [["x": 1], ["y": .nan]]), into: &buffer)
        }
        #expect(buffer == before)
    }

    static let nonFinite: [Double] = [.nan, .infinity, -.infinity, .signalingNaN]

    @Test("Non-finite floating-point values throw EncodingError.invalidValue with the path", arguments: Self.nonFinite)
    func nonFiniteValues(value: Double) throws {
        let error = #expect(throws: EncodingError.self) {
            try JSONTestCoders.encode(JSONNaNInside(values: [["x": 1], ["y": value]]))
        }
        guard case .invalidValue(_, let context) = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["values", "Index 1", "y"])
        #expect(throws: EncodingError.self) { try JSONTestCoders.encode(Float(value)) }
        #expect(throws: EncodingError.self) { try JSONTestCoders.encode([value]) }
    }

    @Test("Misuse that Foundation traps on is reported as EncodingError")
    func misuse() throws {
        #expect(throws: EncodingError.self) { try JSONTestCoders.encode(JSONTwoSingleValues()) }
        #expect(throws: EncodingError.self) { try JSONTestCoders.encode(JSONMixedContainers()) }
    }

    @Test("Errors swallowed by the value still leave valid JSON")
    func swallowedErrors() throws {
        let ours = try JSONTestCoders.encode(JSONSwallowsErrors())
        #expect(ours == Array(#"{"c":"ok"}"#.utf8))
        #expect(
            try JSONTestCoders.canonical(ours)
                == JSONTestCoders.canonical(JSONTestCoders.foundationEncode(JSONSwallowsErrors()))
        )
    }

    @Test("Deeply nested values encode without intermediate trees")
    func deepNesting() throws {
        var value = JSONTestValue.null
        for index in 0..<200 {
            value = index.isMultiple(of: 2) ? .array([value]) : .object(["k": value])
        }
        let ours = try JSONTestCoders.encode(value)
        #expect(try JSONTestCoders.foundationDecode(JSONTestValue.self, from: ours) == value)
        #expect(try JSONTestCoders.decode(JSONTestValue.self, from: ours, maximumDepth: 200) == value)
    }
}
