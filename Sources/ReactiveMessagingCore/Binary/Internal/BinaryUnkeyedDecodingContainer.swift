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

/// The unkeyed container of `BinaryTapeDecoder`: a binary array on the tape, read front to back.
///
/// Its stored properties fit an existential's inline buffer, so `unkeyedContainer()` allocates nothing.
struct BinaryUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let tape: BinaryTape
    private let arrayIndex: UInt32
    /// The tape index of the next element.
    private var cursor: UInt32
    /// The position of the next element in the array.
    private var position: UInt32

    init(tape: BinaryTape, arrayIndex: Int) {
        self.tape = tape
        // Tape indices fit in 32 bits: `BinaryParser` rejects inputs that could make more entries.
        self.arrayIndex = UInt32(truncatingIfNeeded: arrayIndex)
        self.cursor = UInt32(truncatingIfNeeded: arrayIndex + 1)
        self.position = 0
    }

    var codingPath: [any CodingKey] {
        self.tape.codingPath(to: Int(self.arrayIndex))
    }

    var count: Int? {
        self.tape.entries[Int(self.arrayIndex)].count
    }

    var isAtEnd: Bool {
        Int(self.position) >= self.tape.entries[Int(self.arrayIndex)].count
    }

    var currentIndex: Int {
        Int(self.position)
    }

    private var elementPath: [any CodingKey] {
        self.codingPath + [JSONCodingKey(index: self.currentIndex)]
    }

    /// The tape index of the next element, or an error if there is none.
    private func requireNext(_ type: Any.Type) throws -> Int {
        guard !self.isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(codingPath: self.elementPath, debugDescription: "Unkeyed container is at end.")
            )
        }
        return Int(self.cursor)
    }

    private mutating func advance(past index: Int) {
        self.cursor = UInt32(truncatingIfNeeded: self.tape.nextSibling(of: index))
        self.position += 1
    }

    /// Decodes the next element with `body` and advances past it if that succeeds.
    @inline(__always)
    private mutating func decodeNext<Value>(
        _ type: Value.Type,
        _ body: (BinaryTape, Int, () -> [any CodingKey]) throws -> Value
    ) throws -> Value {
        let index = try self.requireNext(type)
        let snapshot = self
        let value = try body(self.tape, index, { snapshot.elementPath })
        self.advance(past: index)
        return value
    }

    mutating func decodeNil() throws -> Bool {
        let index = try self.requireNext(Any?.self)
        guard self.tape.isNull(at: index) else {
            return false
        }
        self.advance(past: index)
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        try self.decodeNext(type) { tape, index, path in
            try tape.bool(at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: String.Type) throws -> String {
        try self.decodeNext(type) { tape, index, path in
            try tape.string(at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        try self.decodeNext(type) { tape, index, path in
            try tape.double(at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        try self.decodeNext(type) { tape, index, path in
            try tape.float(at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: Int.Type) throws -> Int {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(Int.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(Int8.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(Int16.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(Int32.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(Int64.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: Int128.Type) throws -> Int128 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(Int128.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: UInt.Type) throws -> UInt {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(UInt.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(UInt8.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(UInt16.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(UInt32.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(UInt64.self, at: index, codingPath: path)
        }
    }

    mutating func decode(_ type: UInt128.Type) throws -> UInt128 {
        try self.decodeNext(type) { tape, index, path in
            try tape.integer(UInt128.self, at: index, codingPath: path)
        }
    }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try self.decodeNext(type) { tape, index, _ in
            try tape.decode(type, at: index)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try self.decodeNext(KeyedDecodingContainer<NestedKey>.self) { tape, index, path in
            guard tape.entries[index].kind == .map else {
                throw tape.typeMismatch([String: Any].self, at: index, codingPath: path)
            }
            return KeyedDecodingContainer(BinaryKeyedDecodingContainer<NestedKey>(tape: tape, mapIndex: index))
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try self.decodeNext((any UnkeyedDecodingContainer).self) { tape, index, path in
            guard tape.entries[index].kind == .array else {
                throw tape.typeMismatch([Any].self, at: index, codingPath: path)
            }
            return BinaryUnkeyedDecodingContainer(tape: tape, arrayIndex: index)
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        try self.decodeNext((any Decoder).self) { tape, index, _ in BinaryTapeDecoder(tape: tape, index: index) }
    }
}
