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

// Shared fixtures for the binary coder tests: model types, a value type that decodes any message through the
// generic Codable API, a seeded PRNG and byte-level helpers.

enum BinaryGreeting: Codable, Equatable, CaseIterable {
    case hello
    case world
}

enum BinarySide: String, Codable, Equatable {
    case buy
    case sell
}

struct BinaryOrder: Codable, Equatable {
    var id: Int
    var symbol: String
    var price: Double
    var quantity: Int
    var side: BinarySide
}

enum BinaryCommand: Codable, Equatable {
    case move(Int)
    case place(x: Int, y: String)
    case order(BinaryOrder)
    case stop
}

struct BinaryAddress: Codable, Equatable {
    var street: String
    var zip: String?
}

struct BinaryPerson: Codable, Equatable {
    var name: String
    var age: UInt8
    var nickname: String?
    var address: BinaryAddress?
    var tags: [String]
    var scores: [String: Double]
    var lucky: [Int: Bool]
    var nested: [[Int?]]
    var command: BinaryCommand?
}

struct BinaryIntegers: Codable, Equatable {
    var int: Int
    var int8: Int8
    var int16: Int16
    var int32: Int32
    var int64: Int64
    var int128: Int128
    var uint: UInt
    var uint8: UInt8
    var uint16: UInt16
    var uint32: UInt32
    var uint64: UInt64
    var uint128: UInt128

    static let minimum = BinaryIntegers(
        int: .min,
        int8: .min,
        int16: .min,
        int32: .min,
        int64: .min,
        int128: .min,
        uint: .min,
        uint8: .min,
        uint16: .min,
        uint32: .min,
        uint64: .min,
        uint128: .min
    )
    static let maximum = BinaryIntegers(
        int: .max,
        int8: .max,
        int16: .max,
        int32: .max,
        int64: .max,
        int128: .max,
        uint: .max,
        uint8: .max,
        uint16: .max,
        uint32: .max,
        uint64: .max,
        uint128: .max
    )
}

/// Floating-point values compared by bit pattern, so NaN payloads and the sign of zero count.
struct BinaryFloats: Codable, Equatable {
    var double: Double
    var float: Float

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.double.bitPattern == rhs.double.bitPattern && lhs.float.bitPattern == rhs.float.bitPattern
    }
}

/// Optionals in every position Codable allows.
struct BinaryOptionals: Codable, Equatable {
    var plain: Int?
    var double: Int??
    var array: [String?]
    var nestedArray: [Int??]
    var dictionary: [String: Bool?]
}

/// A class hierarchy that encodes through `superEncoder()` and decodes through `superDecoder()`.
class BinaryAnimal: Codable, Equatable {
    var legs: Int

    init(legs: Int) {
        self.legs = legs
    }

    static func == (lhs: BinaryAnimal, rhs: BinaryAnimal) -> Bool {
        type(of: lhs) == type(of: rhs) && lhs.isEqual(to: rhs)
    }

    func isEqual(to other: BinaryAnimal) -> Bool {
        self.legs == other.legs
    }
}

final class BinaryDog: BinaryAnimal {
    var name: String

    init(legs: Int, name: String) {
        self.name = name
        super.init(legs: legs)
    }

    private enum CodingKeys: String, CodingKey {
        case name
    }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try super.encode(to: container.superEncoder())
    }

    override func isEqual(to other: BinaryAnimal) -> Bool {
        guard let other = other as? BinaryDog else {
            return false
        }
        return self.name == other.name && super.isEqual(to: other)
    }
}

/// Any binary message, decoded through the generic Codable API only (no knowledge of the coder).
indirect enum BinaryTestValue: Codable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([BinaryTestValue])
    case map([String: BinaryTestValue])

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        // nil first: it is the one kind that can be asked about without a throw.
        if try decoder.singleValueContainer().decodeNil() {
            self = .null
        } else if let container = try? decoder.container(keyedBy: AnyKey.self) {
            var map: [String: BinaryTestValue] = [:]
            for key in container.allKeys {
                map[key.stringValue] = try container.decode(BinaryTestValue.self, forKey: key)
            }
            self = .map(map)
        } else if var container = try? decoder.unkeyedContainer() {
            var array: [BinaryTestValue] = []
            while !container.isAtEnd {
                array.append(try container.decode(BinaryTestValue.self))
            }
            self = .array(array)
        } else {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else if let string = try? container.decode(String.self) {
                self = .string(string)
            } else if let integer = try? container.decode(Int64.self) {
                self = .integer(integer)
            } else if let unsigned = try? container.decode(UInt64.self) {
                self = .unsigned(unsigned)
            } else {
                self = .double(try container.decode(Double.self))
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .integer(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .unsigned(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values {
                try container.encode(value)
            }
        case .map(let members):
            var container = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                try container.encode(value, forKey: AnyKey(stringValue: key))
            }
        }
    }

    /// Equality with doubles compared by bit pattern, so that NaN equals itself and -0 differs from 0.
    static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.unsigned(let a), .unsigned(let b)): a == b
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.map(let a), .map(let b)): a == b
        default: false
        }
    }
}

/// Random values for the round-trip and fuzz tests.
enum BinaryRandomValues {
    static func value(depth: Int, using random: inout SeededRandom) -> BinaryTestValue {
        switch Int.random(in: 0..<(depth < 4 ? 10 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(Self.integer(using: &random))
        case 3: return .unsigned(UInt64(Int64.max) + UInt64.random(in: 1...UInt64(Int64.max) + 1, using: &random))
        case 4:
            // Any bit pattern at all: NaNs with payloads, infinities, subnormals, negative zero.
            return .double(Double(bitPattern: random.next()))
        case 5, 6: return .string(self.string(using: &random))
        case 7, 8:
            return .array(
                (0..<Int.random(in: 0..<5, using: &random)).map { _ in self.value(depth: depth + 1, using: &random) }
            )
        default:
            var map: [String: BinaryTestValue] = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &random) {
                map[self.string(using: &random)] = self.value(depth: depth + 1, using: &random)
            }
            return .map(map)
        }
    }

    /// An integer whose magnitude is spread over every varint length.
    static func integer(using random: inout SeededRandom) -> Int64 {
        let bits = Int.random(in: 0...63, using: &random)
        let magnitude = Int64(truncatingIfNeeded: random.next() >> UInt64(63 - bits)) & Int64.max
        return Bool.random(using: &random) ? magnitude : -1 - magnitude
    }

    static func string(using random: inout SeededRandom) -> String {
        let pieces = [
            "a", "Z", "0", " ", "\"", "\\", "\n", "\u{0}", "\u{7F}", "\u{80}", "é", "€", "😀", "\u{10FFFF}",
        ]
        var string = ""
        for _ in 0..<Int.random(in: 0..<8, using: &random) {
            string += pieces[Int.random(in: 0..<pieces.count, using: &random)]
        }
        return string
    }
}

/// The coders under test, with byte-level helpers.
enum BinaryTestCoders {
    static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        var buffer = ByteBuffer()
        try BinaryMessageEncoder().encode(value, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func decode<Value: Decodable>(
        _ type: Value.Type,
        from bytes: [UInt8],
        maximumDepth: Int = 64
    ) throws -> Value {
        try BinaryMessageDecoder(maximumDepth: maximumDepth).decode(type, from: ByteBuffer(bytes: bytes))
    }

    /// Encodes `value`, decodes the result and returns it.
    static func roundTrip<Value: Codable>(_ value: Value) throws -> Value {
        try self.decode(Value.self, from: self.encode(value))
    }

    /// Bytes written in hexadecimal, as in the format's documentation: "09 01 05 68".
    static func bytes(_ hex: String) -> [UInt8] {
        hex.split(separator: " ").map { UInt8($0, radix: 16) ?? 0 }
    }
}
