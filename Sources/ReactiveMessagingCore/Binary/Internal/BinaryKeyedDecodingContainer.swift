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

/// The keyed container of `BinaryValueDecoder`: a binary map, read straight from the message's bytes.
///
/// It looks keys up (`BinaryMapPairs`) by comparing the UTF-8 bytes of `CodingKey.stringValue` with the raw key
/// bytes, without building a `String`; the first of duplicate keys wins.
struct BinaryKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    /// The decoder of the map itself; for a map that `needsIndex`, its `storage` is the map's `BinaryMemberIndex`
    /// (which retains the real storage), so that the container holds a single reference.
    private let map: BinaryValueDecoder
    private let pairs: BinaryMapPairs

    /// Makes the container of the value of `map`, which must be a map.
    ///
    /// - Throws: `DecodingError.typeMismatch` (`valueNotFound` for `nil`) if the value is not a map.
    @inline(__always)
    init(map: BinaryValueDecoder) throws {
        let pairs: BinaryMapPairs
        do {
            pairs = try BinaryMapPairs(reader: map.reader, mapOffset: map.offset)
        } catch {
            throw Self.notAMap(map)
        }
        self.pairs = pairs
        if pairs.needsIndex {
            self.map = try Self.indexed(map, pairs)
        } else {
            self.map = map
        }
    }

    /// `map` with a `BinaryMemberIndex` over `pairs` in place of its storage.
    @inline(never)
    private static func indexed(_ map: BinaryValueDecoder, _ pairs: BinaryMapPairs) throws -> BinaryValueDecoder {
        guard
            let index = BinaryMemberIndex(
                reader: map.reader,
                count: Int(pairs.count),
                contents: Int(pairs.contents),
                storage: map.storage
            )
        else {
            throw Self.notAMap(map)
        }
        return map.withStorage(index)
    }

    /// The hash index of a map that `needsIndex`.
    @inline(__always)
    private var index: BinaryMemberIndex? {
        self.pairs.needsIndex ? self.map.storage as? BinaryMemberIndex : nil
    }

    /// The error for a value that is not a map (or, which a validated message never has, a malformed one).
    @inline(never)
    private static func notAMap(_ map: BinaryValueDecoder) -> DecodingError {
        let reader = map.reader
        guard reader.byte(at: map.offset) == BinaryTag.map.rawValue else {
            return reader.typeMismatch([String: Any].self, at: map.offset, codingPath: { map.codingPath })
        }
        return reader.inconsistent(at: map.offset, codingPath: { map.codingPath })
    }

    /// The path from the root to the map.
    var codingPath: [any CodingKey] {
        self.map.codingPath
    }

    /// The keys of the map that `Key` can represent, in message order, without duplicates.
    var allKeys: [Key] {
        let reader = self.map.reader
        var keys: [Key] = []
        for (keyStart, valueOffset) in self.pairs.pairs(reader: reader, index: self.index) {
            // A later duplicate of a key is shadowed by the first.
            let name = reader.slice(keyStart, valueOffset)
            guard self.pairs.valueOffset(named: name, reader: reader, index: self.index) == valueOffset,
                let key = Key(stringValue: reader.string(keyStart, valueOffset))
            else {
                continue
            }
            keys.append(key)
        }
        return keys
    }

    /// Whether the map has a pair for `key`.
    func contains(_ key: Key) -> Bool {
        self.valueOffset(forKey: key) != nil
    }

    /// The offset of the value of `key`, if the map has it.
    @inline(__always)
    private func valueOffset(forKey key: some CodingKey) -> Int? {
        // No closure here: capturing the generic `self` would copy it, pair table and all.
        self.pairs.valueOffset(named: key.stringValue, reader: self.map.reader, index: self.index)
    }

    /// The offset of the value of `key`.
    ///
    /// - Throws: `DecodingError.keyNotFound` if the map has no such key.
    @inline(__always)
    private func requireValueOffset(forKey key: some CodingKey) throws -> Int {
        guard let offset = self.valueOffset(forKey: key) else {
            throw self.keyNotFound(key)
        }
        return offset
    }

    @inline(never)
    private func keyNotFound(_ key: some CodingKey) -> DecodingError {
        DecodingError.keyNotFound(
            key,
            DecodingError.Context(
                codingPath: self.codingPath,
                debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."
            )
        )
    }

    @inline(__always)
    private func decodeValue<Value>(
        forKey key: Key,
        _ body: (BinaryReader, Int, () -> [any CodingKey]) throws -> Value
    ) throws -> Value {
        let offset = try self.requireValueOffset(forKey: key)
        let reader = self.map.reader
        return try body(reader, offset, { reader.codingPath(to: offset) })
    }

    @inline(__always)
    private func decodeValueIfPresent<Value>(
        forKey key: Key,
        _ body: (BinaryReader, Int, () -> [any CodingKey]) throws -> Value
    ) throws -> Value? {
        let reader = self.map.reader
        guard let offset = self.valueOffset(forKey: key), !reader.isNull(at: offset) else {
            return nil
        }
        return try body(reader, offset, { reader.codingPath(to: offset) })
    }

    /// Whether the value of `key` is `nil`.
    func decodeNil(forKey key: Key) throws -> Bool {
        self.map.reader.isNull(at: try self.requireValueOffset(forKey: key))
    }

    /// Reads the value of `key` as a `Bool`.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.bool(at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `String`.
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.string(at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Double`.
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.double(at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Float`.
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.float(at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int`.
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(Int.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int8`.
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(Int8.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int16`.
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(Int16.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int32`.
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(Int32.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int64`.
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(Int64.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int128`.
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(Int128.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt`.
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(UInt.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt8`.
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(UInt8.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt16`.
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(UInt16.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt32`.
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(UInt32.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt64`.
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(UInt64.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt128`.
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 {
        try self.decodeValue(forKey: key) { reader, offset, path in
            try reader.integer(UInt128.self, at: offset, codingPath: path)
        }
    }

    /// Decodes the value of `key` as a `Value`.
    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try Value(from: self.map.decoder(at: self.requireValueOffset(forKey: key)))
    }

    /// Reads the value of `key` as a `Bool`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.bool(at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `String`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.string(at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Double`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.double(at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Float`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.float(at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(Int.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int8`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(Int8.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int16`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(Int16.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int32`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(Int32.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int64`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(Int64.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `Int128`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: Int128.Type, forKey key: Key) throws -> Int128? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(Int128.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(UInt.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt8`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(UInt8.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt16`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(UInt16.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt32`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(UInt32.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt64`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(UInt64.self, at: offset, codingPath: path)
        }
    }

    /// Reads the value of `key` as a `UInt128`, or `nil` if it is absent or `nil`.
    func decodeIfPresent(_ type: UInt128.Type, forKey key: Key) throws -> UInt128? {
        try self.decodeValueIfPresent(forKey: key) { reader, offset, path in
            try reader.integer(UInt128.self, at: offset, codingPath: path)
        }
    }

    /// Decodes the value of `key` as a `Value`, or `nil` if it is absent or `nil`.
    func decodeIfPresent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        try self.decodeValueIfPresent(forKey: key) { _, offset, _ in
            try Value(from: self.map.decoder(at: offset))
        }
    }

    /// The value of `key` as a map.
    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let offset = try self.requireValueOffset(forKey: key)
        return KeyedDecodingContainer(try BinaryKeyedDecodingContainer<NestedKey>(map: self.map.decoder(at: offset)))
    }

    /// The value of `key` as an array.
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try BinaryUnkeyedDecodingContainer(array: self.map.decoder(at: self.requireValueOffset(forKey: key)))
    }

    /// A decoder for the value of the key `"super"`.
    func superDecoder() throws -> any Decoder {
        self.decoder(forKey: JSONCodingKey.superKey)
    }

    /// A decoder for the value of `key`.
    func superDecoder(forKey key: Key) throws -> any Decoder {
        self.decoder(forKey: key)
    }

    /// A decoder for the value of `key`, or for `nil` if there is none (as in Foundation).
    private func decoder(forKey key: some CodingKey) -> any Decoder {
        guard let offset = self.valueOffset(forKey: key) else {
            return BinaryAbsentValueDecoder(codingPath: self.codingPath + [key])
        }
        return self.map.decoder(at: offset)
    }
}
