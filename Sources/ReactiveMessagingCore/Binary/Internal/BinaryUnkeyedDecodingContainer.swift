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

/// The unkeyed container of `BinaryValueDecoder`: a binary array, read front to back straight from the message's
/// bytes.
struct BinaryUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    /// The decoder of the array itself.
    private let array: BinaryValueDecoder
    /// The number of elements.
    private let elementCount: UInt32
    /// The offset of the next element's tag.
    private var cursor: UInt32
    /// The position of the next element in the array.
    private var position: UInt32

    /// Makes the container of the value of `array`, which must be an array.
    ///
    /// - Throws: `DecodingError.typeMismatch` (`valueNotFound` for `nil`) if the value is not an array.
    init(array: BinaryValueDecoder) throws {
        let reader = array.reader
        guard reader.byte(at: array.offset) == BinaryTag.array.rawValue else {
            throw reader.typeMismatch([Any].self, at: array.offset, codingPath: { array.codingPath })
        }
        guard let (count, contents) = reader.varint(at: array.offset + 1), count <= UInt64(reader.bytes.count) else {
            throw reader.inconsistent(at: array.offset, codingPath: { array.codingPath })
        }
        self.array = array
        // Offsets and counts fit in 32 bits: `BinaryParser` rejects larger inputs.
        self.elementCount = UInt32(truncatingIfNeeded: count)
        self.cursor = UInt32(truncatingIfNeeded: contents)
        self.position = 0
    }

    /// The path from the root to the array.
    var codingPath: [any CodingKey] {
        self.array.codingPath
    }

    /// The number of elements.
    var count: Int? {
        Int(self.elementCount)
    }

    /// Whether every element has been read.
    var isAtEnd: Bool {
        self.position >= self.elementCount
    }

    /// The position of the next element.
    var currentIndex: Int {
        Int(self.position)
    }

    private var elementPath: [any CodingKey] {
        self.codingPath + [JSONCodingKey(index: self.currentIndex)]
    }

    /// The offset of the next element, or an error if there is none.
    @inline(__always)
    private func requireNext(_ type: Any.Type) throws -> Int {
        guard !self.isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(codingPath: self.elementPath, debugDescription: "Unkeyed container is at end.")
            )
        }
        return Int(self.cursor)
    }

    /// Steps over the element at `offset`.
    @inline(__always)
    private mutating func advance(past offset: Int) throws {
        guard let end = self.array.reader.valueEnd(at: offset) else {
            let reader = self.array.reader
            throw reader.inconsistent(at: offset, codingPath: { reader.codingPath(to: offset) })
        }
        self.cursor = UInt32(truncatingIfNeeded: end)
        self.position += 1
    }

    /// Decodes the next element with `body` and advances past it if that succeeds.
    @inline(__always)
    private mutating func decodeNext<Value>(
        _ type: Value.Type,
        _ body: (BinaryReader, Int, () -> [any CodingKey]) throws -> Value
    ) throws -> Value {
        let offset = try self.requireNext(type)
        let snapshot = self
        let value = try body(self.array.reader, offset, { snapshot.elementPath })
        try self.advance(past: offset)
        return value
    }

    /// Whether the next element is `nil`; steps over it if so.
    mutating func decodeNil() throws -> Bool {
        let offset = try self.requireNext(Any?.self)
        guard self.array.reader.isNull(at: offset) else {
            return false
        }
        try self.advance(past: offset)
        return true
    }

    /// Reads the next element as a `Bool`.
    mutating func decode(_ type: Bool.Type) throws -> Bool {
        try self.decodeNext(type) { reader, offset, path in
            try reader.bool(at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `String`.
    mutating func decode(_ type: String.Type) throws -> String {
        try self.decodeNext(type) { reader, offset, path in
            try reader.string(at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `Double`.
    mutating func decode(_ type: Double.Type) throws -> Double {
        try self.decodeNext(type) { reader, offset, path in
            try reader.double(at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `Float`.
    mutating func decode(_ type: Float.Type) throws -> Float {
        try self.decodeNext(type) { reader, offset, path in
            try reader.float(at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `Int`.
    mutating func decode(_ type: Int.Type) throws -> Int {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(Int.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `Int8`.
    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(Int8.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `Int16`.
    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(Int16.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `Int32`.
    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(Int32.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `Int64`.
    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(Int64.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `Int128`.
    mutating func decode(_ type: Int128.Type) throws -> Int128 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(Int128.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `UInt`.
    mutating func decode(_ type: UInt.Type) throws -> UInt {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(UInt.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `UInt8`.
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(UInt8.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `UInt16`.
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(UInt16.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `UInt32`.
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(UInt32.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `UInt64`.
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(UInt64.self, at: offset, codingPath: path)
        }
    }

    /// Reads the next element as a `UInt128`.
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 {
        try self.decodeNext(type) { reader, offset, path in
            try reader.integer(UInt128.self, at: offset, codingPath: path)
        }
    }

    /// Decodes the next element as a `Value`.
    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let array = self.array
        return try self.decodeNext(type) { _, offset, _ in
            try Value(from: array.decoder(at: offset))
        }
    }

    /// The next element as a map.
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let array = self.array
        return try self.decodeNext(KeyedDecodingContainer<NestedKey>.self) { _, offset, _ in
            KeyedDecodingContainer(try BinaryKeyedDecodingContainer<NestedKey>(map: array.decoder(at: offset)))
        }
    }

    /// The next element as an array.
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let array = self.array
        return try self.decodeNext((any UnkeyedDecodingContainer).self) { _, offset, _ in
            try BinaryUnkeyedDecodingContainer(array: array.decoder(at: offset))
        }
    }

    /// A decoder for the next element.
    mutating func superDecoder() throws -> any Decoder {
        let array = self.array
        return try self.decodeNext((any Decoder).self) { _, offset, _ in
            array.decoder(at: offset)
        }
    }
}
