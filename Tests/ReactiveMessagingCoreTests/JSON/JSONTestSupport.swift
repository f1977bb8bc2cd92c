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

internal import Foundation
internal import NIOCore
internal import ReactiveMessagingCore

// Shared fixtures for the JSON coder tests: model types, a JSON value type that decodes anything, a seeded
// PRNG and helpers that run both this package's coders and Foundation's.

enum SampleGreeting: Codable, Equatable, CaseIterable {
    case hello
    case world
}

enum SampleSide: String, Codable, Equatable {
    case buy
    case sell
}

struct SampleOrder: Codable, Equatable {
    var id: Int
    var symbol: String
    var price: Double
    var quantity: Int
    var side: SampleSide
}

enum SampleCommand: Codable, Equatable {
    case move(Int)
    case place(x: Int, y: String)
    case order(SampleOrder)
    case stop
}

struct SampleAddress: Codable, Equatable {
    var street: String
    var zip: String?
}

struct SamplePerson: Codable, Equatable {
    var name: String
    var age: UInt8
    var nickname: String?
    var address: SampleAddress?
    var tags: [String]
    var scores: [String: Double]
    var lucky: [Int: Bool]
    var nested: [[Int?]]
    var command: SampleCommand?
}

struct SampleIntegers: Codable, Equatable {
    var int: Int
    var int8: Int8
    var int16: Int16
    var int32: Int32
    var int64: Int64
    var uint: UInt
    var uint8: UInt8
    var uint16: UInt16
    var uint32: UInt32
    var uint64: UInt64

    static let minimum = SampleIntegers(
        int: .min,
        int8: .min,
        int16: .min,
        int32: .min,
        int64: .min,
        uint: .min,
        uint8: .min,
        uint16: .min,
        uint32: .min,
        uint64: .min
    )
    static let maximum = SampleIntegers(
        int: .max,
        int8: .max,
        int16: .max,
        int32: .max,
        int64: .max,
        uint: .max,
        uint8: .max,
        uint16: .max,
        uint32: .max,
        uint64: .max
    )
}

struct SampleWideIntegers: Codable, Equatable {
    var signed: Int128
    var unsigned: UInt128
}

struct SampleFloats: Codable, Equatable {
    var double: Double
    var float: Float
}

/// Any JSON value, decoded through the generic Codable API only (no knowledge of the coder).
indirect enum JSONTestValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONTestValue])
    case object([String: JSONTestValue])

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: JSONTestValue] = [:]
            for key in container.allKeys {
                object[key.stringValue] = try container.decode(JSONTestValue.self, forKey: key)
            }
            self = .object(object)
        } else if var container = try? decoder.unkeyedContainer() {
            var array: [JSONTestValue] = []
            while !container.isAtEnd {
                array.append(try container.decode(JSONTestValue.self))
            }
            self = .array(array)
        } else {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else if let string = try? container.decode(String.self) {
                self = .string(string)
            } else {
                self = .number(try container.decode(Double.self))
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
        case .number(let value):
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
        case .object(let members):
            var container = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in members {
                try container.encode(value, forKey: AnyKey(stringValue: key))
            }
        }
    }
}

/// The coders under test plus Foundation's, with byte-level helpers.
enum JSONTestCoders {
    static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        var buffer = ByteBuffer()
        try JSONMessageEncoder().encode(value, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func decode<Value: Decodable>(
        _ type: Value.Type,
        from bytes: [UInt8],
        maximumDepth: Int = 64
    ) throws -> Value {
        try JSONMessageDecoder(maximumDepth: maximumDepth).decode(type, from: ByteBuffer(bytes: bytes))
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try self.decode(type, from: Array(text.utf8))
    }

    static func foundationEncode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    static func foundationDecode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    /// The JSON text with object members sorted, as Foundation's `JSONSerialization` rewrites it: equal for two
    /// texts that denote the same JSON value regardless of member order.
    static func canonical(_ bytes: [UInt8]) throws -> [UInt8] {
        let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]))
    }
}
