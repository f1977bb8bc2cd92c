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

/// Reports what a keyed container sees: its keys, and whether it contains a few.
private struct KeyInspector: Decodable {
    var allKeys: [String]
    var containsA: Bool
    var containsMissing: Bool
    var a: Int?

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.allKeys = container.allKeys.map(\.stringValue)
        self.containsA = container.contains(Key(stringValue: "a"))
        self.containsMissing = container.contains(Key(stringValue: "missing"))
        self.a = try container.decodeIfPresent(Int.self, forKey: Key(stringValue: "a"))
    }
}

/// Walks an unkeyed container by hand.
private struct UnkeyedWalker: Decodable {
    var log: [String] = []

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        self.log.append("count \(container.count ?? -1)")
        while !container.isAtEnd {
            let index = container.currentIndex
            if try container.decodeNil() {
                self.log.append("\(index): nil")
            } else if let number = try? container.decode(Int.self) {
                self.log.append("\(index): \(number)")
            } else {
                var nested = try container.nestedUnkeyedContainer()
                self.log.append("\(index): [\(try nested.decode(String.self))]")
            }
        }
        let error = #expect(throws: DecodingError.self) {
            try container.decode(Int.self)
        }
        guard case .valueNotFound = error else {
            Issue.record("expected valueNotFound at the end, got \(String(describing: error))")
            return
        }
    }
}

/// Decodes its base class through `superDecoder()` of a key that is absent.
private struct SuperOfMissingKey: Decodable {
    var superIsNil: Bool

    private enum CodingKeys: String, CodingKey {
        case other
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let superDecoder = try container.superDecoder()
        self.superIsNil = try superDecoder.singleValueContainer().decodeNil()
        #expect(superDecoder.codingPath.map(\.stringValue) == ["super"])
    }
}

@Suite("Binary decoder behaviour", .timeLimit(.minutes(1 * TestTiming.scale)))
struct BinaryDecoderBehaviourTests {
    private func hex(_ text: String) -> [UInt8] {
        BinaryTestCoders.bytes(text)
    }

    @Test("Keys are found in any order and unknown values, containers included, are skipped")
    func anyOrderAndUnknownKeys() throws {
        let message = BinaryTestValue.map([
            "aaa": .array([.map(["id": .string("not this one")]), .null]),
            "id": .integer(7),
            "price": .double(2.5),
            "quantity": .integer(1),
            "side": .string("buy"),
            "symbol": .string("X"),
            "zzz": .map(["nested": .array([.bool(true)])]),
        ])
        let order = try BinaryTestCoders.decode(BinaryOrder.self, from: BinaryTestCoders.encode(message))
        #expect(order == BinaryOrder(id: 7, symbol: "X", price: 2.5, quantity: 1, side: .buy))
    }

    @Test("allKeys lists each key once, in message order, and contains answers for any key")
    func allKeysAndContains() throws {
        let bytes = self.hex("09 03 01 62 00 01 61 03 01 01 61 03 02")
        let inspector = try BinaryTestCoders.decode(KeyInspector.self, from: bytes)
        #expect(inspector.allKeys == ["b", "a"])
        #expect(inspector.containsA && !inspector.containsMissing)
        #expect(inspector.a == 1)
    }

    @Test("The first of repeated keys wins, in small and in hash-indexed maps", arguments: [1, 40])
    func duplicateKeys(extraKeys: Int) throws {
        var bytes: [UInt8] = [0x09] + BinaryMalformedInputTests.varint(UInt64(extraKeys + 2))
        for index in 0..<extraKeys {
            let key = Array("k\(index)".utf8)
            bytes += [UInt8(key.count)] + key + [0x03, 0x00]
        }
        bytes += self.hex("01 61 03 01 01 61 03 02")
        let dictionary = try BinaryTestCoders.decode([String: Int].self, from: bytes)
        #expect(dictionary.count == extraKeys + 1)
        #expect(dictionary["a"] == 1)
        let inspector = try BinaryTestCoders.decode(KeyInspector.self, from: bytes)
        #expect(inspector.allKeys.count == extraKeys + 1)
        #expect(inspector.a == 1)
    }

    @Test("Unkeyed containers report count and position, and throw valueNotFound at the end")
    func unkeyedWalk() throws {
        let walker = try BinaryTestCoders.decode(
            UnkeyedWalker.self,
            from: self.hex("08 04 03 05 00 08 01 07 01 78 04 00")
        )
        #expect(walker.log == ["count 4", "0: 5", "1: nil", "2: [x]", "3: -1"])
    }

    @Test("A missing key throws keyNotFound")
    func keyNotFound() throws {
        let bytes = try BinaryTestCoders.encode(["id": 1])
        let error = #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(BinaryOrder.self, from: bytes)
        }
        guard case .keyNotFound(let key, _) = error else {
            Issue.record("expected keyNotFound, got \(String(describing: error))")
            return
        }
        #expect(key.stringValue == "symbol")
    }

    @Test("A value of the wrong kind throws typeMismatch with the path to it")
    func typeMismatchPath() throws {
        let message = BinaryTestValue.map([
            "order": .map([
                "_0": .map([
                    "id": .integer(1), "symbol": .string("S"), "price": .string("cheap"), "quantity": .integer(1),
                    "side": .string("buy"),
                ])
            ])
        ])
        let error = #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(BinaryCommand.self, from: BinaryTestCoders.encode(message))
        }
        guard case .typeMismatch(_, let context) = error else {
            Issue.record("expected typeMismatch, got \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["order", "_0", "price"])
    }

    @Test("nil where a value is required throws valueNotFound")
    func valueNotFound() throws {
        let error = #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode([Int].self, from: self.hex("08 02 03 01 00"))
        }
        guard case .valueNotFound(_, let context) = error else {
            Issue.record("expected valueNotFound, got \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["Index 1"])
    }

    @Test("An integer outside the requested type's range throws dataCorrupted")
    func integerOutOfRange() throws {
        let cases: [(String, [UInt8])] = [
            ("UInt8", try BinaryTestCoders.encode(256)),
            ("Int8", try BinaryTestCoders.encode(-129)),
            ("UInt", try BinaryTestCoders.encode(-1)),
            ("Int", try BinaryTestCoders.encode(UInt64.max)),
            ("Int64", try BinaryTestCoders.encode(Int128(Int64.max) + 1)),
            ("UInt128", try BinaryTestCoders.encode(Int128.min)),
            ("Int128", try BinaryTestCoders.encode(UInt128.max)),
            ("Int128", self.hex("04" + String(repeating: " FF", count: 18) + " 03")),
        ]
        for (type, bytes) in cases {
            let error = #expect(throws: DecodingError.self, "\(type)") {
                switch type {
                case "UInt8": _ = try BinaryTestCoders.decode(UInt8.self, from: bytes)
                case "Int8": _ = try BinaryTestCoders.decode(Int8.self, from: bytes)
                case "UInt": _ = try BinaryTestCoders.decode(UInt.self, from: bytes)
                case "Int": _ = try BinaryTestCoders.decode(Int.self, from: bytes)
                case "Int64": _ = try BinaryTestCoders.decode(Int64.self, from: bytes)
                case "UInt128": _ = try BinaryTestCoders.decode(UInt128.self, from: bytes)
                default: _ = try BinaryTestCoders.decode(Int128.self, from: bytes)
                }
            }
            guard case .dataCorrupted(let context) = error else {
                Issue.record("\(type): expected dataCorrupted, got \(String(describing: error))")
                continue
            }
            #expect(context.debugDescription.contains("does not fit in \(type)"))
        }
        // -2^128, which no Swift integer holds, is still a well-formed message.
        let lowest = self.hex("04" + String(repeating: " FF", count: 18) + " 03")
        #expect(
            String(
                describing: #expect(throws: DecodingError.self) {
                    try BinaryTestCoders.decode(Int128.self, from: lowest)
                }
            )
            .contains("-340282366920938463463374607431768211456")
        )
    }

    @Test("Integers, floating-point numbers and strings do not stand in for one another")
    func strictKinds() throws {
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(Double.self, from: BinaryTestCoders.encode(1))
        }
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(Int.self, from: BinaryTestCoders.encode(1.0))
        }
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(String.self, from: BinaryTestCoders.encode(1))
        }
        #expect(throws: DecodingError.self) { try BinaryTestCoders.decode(Bool.self, from: BinaryTestCoders.encode(1)) }
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode([Int].self, from: BinaryTestCoders.encode(["a": 1]))
        }
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode([String: Int].self, from: BinaryTestCoders.encode([1]))
        }
    }

    @Test("superDecoder of an absent key decodes nil")
    func superDecoderOfMissingKey() throws {
        let value = try BinaryTestCoders.decode(SuperOfMissingKey.self, from: self.hex("09 00"))
        #expect(value.superIsNil)
    }

    @Test("An enum case map must hold exactly one case")
    func enumWithTwoCases() throws {
        let bytes = self.hex("09 02 05 68 65 6C 6C 6F 09 00 05 77 6F 72 6C 64 09 00")
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(BinaryGreeting.self, from: bytes)
        }
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(BinaryGreeting.self, from: self.hex("09 01 03 62 61 64 09 00"))
        }
    }
}
