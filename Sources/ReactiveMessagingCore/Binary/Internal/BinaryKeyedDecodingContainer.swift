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

/// The keyed container of `BinaryTapeDecoder`: a binary map on the tape.
///
/// Small maps are searched by a scan over their keys (a synthesized `init(from:)` of a small struct asks for each
/// key once, so this is a few byte comparisons per key); maps with more than `BinaryMemberIndex.threshold` pairs
/// get a hash index. Either way the first of duplicate keys wins.
struct BinaryKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let tape: BinaryTape
    private let mapIndex: Int
    private let memberIndex: BinaryMemberIndex?

    init(tape: BinaryTape, mapIndex: Int) {
        self.tape = tape
        self.mapIndex = mapIndex
        let count = tape.entries[mapIndex].count
        self.memberIndex = count > BinaryMemberIndex.threshold ? BinaryMemberIndex(tape: tape, mapIndex: mapIndex) : nil
    }

    var codingPath: [any CodingKey] {
        self.tape.codingPath(to: self.mapIndex)
    }

    /// The keys of the map that `Key` can represent, in message order, without duplicates.
    var allKeys: [Key] {
        let map = self.tape.entries[self.mapIndex]
        var keys: [Key] = []
        keys.reserveCapacity(map.count)
        var keyIndex = self.mapIndex + 1
        while keyIndex + 1 < map.endIndex {
            if self.isFirstOccurrence(keyIndex: keyIndex), let key = Key(stringValue: self.tape.keyString(at: keyIndex))
            {
                keys.append(key)
            }
            keyIndex = self.tape.nextSibling(of: keyIndex + 1)
        }
        return keys
    }

    private func isFirstOccurrence(keyIndex: Int) -> Bool {
        if let memberIndex = self.memberIndex {
            return memberIndex.isFirstOccurrence(keyIndex: keyIndex, tape: self.tape)
        }
        guard keyIndex > self.mapIndex + 1 else {
            return true
        }
        return self.tape.findMember(in: self.mapIndex, name: self.tape.keyBytes(at: keyIndex)) == keyIndex + 1
    }

    func contains(_ key: Key) -> Bool {
        self.valueIndex(named: key.stringValue) != nil
    }

    /// The tape index of the value whose key is `name`.
    @inline(__always)
    private func valueIndex(named name: String) -> Int? {
        var name = name
        return name.withUTF8 { utf8 in
            let name = UnsafeRawBufferPointer(utf8)
            if let memberIndex = self.memberIndex {
                return memberIndex.find(name: name, tape: self.tape)
            }
            return self.tape.findMember(in: self.mapIndex, name: name)
        }
    }

    private func requireValueIndex(forKey key: some CodingKey) throws -> Int {
        guard let index = self.valueIndex(named: key.stringValue) else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: self.codingPath,
                    debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."
                )
            )
        }
        return index
    }

    @inline(__always)
    private func decodeValue<Value>(
        forKey key: Key,
        _ body: (Int, () -> [any CodingKey]) throws -> Value
    ) throws -> Value {
        try body(self.requireValueIndex(forKey: key), { self.codingPath + [key] })
    }

    @inline(__always)
    private func decodeValueIfPresent<Value>(
        forKey key: Key,
        _ body: (Int, () -> [any CodingKey]) throws -> Value
    ) throws -> Value? {
        guard let index = self.valueIndex(named: key.stringValue), !self.tape.isNull(at: index) else {
            return nil
        }
        return try body(index, { self.codingPath + [key] })
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        self.tape.isNull(at: try self.requireValueIndex(forKey: key))
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.bool(at: index, codingPath: path)
        }
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.string(at: index, codingPath: path)
        }
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.double(at: index, codingPath: path)
        }
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.float(at: index, codingPath: path)
        }
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(Int.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(Int8.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(Int16.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(Int32.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(Int64.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(Int128.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(UInt.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(UInt8.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(UInt16.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(UInt32.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(UInt64.self, at: index, codingPath: path)
        }
    }

    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 {
        try self.decodeValue(forKey: key) { index, path in
            try self.tape.integer(UInt128.self, at: index, codingPath: path)
        }
    }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try self.tape.decode(type, at: self.requireValueIndex(forKey: key))
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.bool(at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.string(at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.double(at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.float(at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(Int.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(Int8.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(Int16.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(Int32.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(Int64.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: Int128.Type, forKey key: Key) throws -> Int128? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(Int128.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(UInt.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(UInt8.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(UInt16.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(UInt32.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(UInt64.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent(_ type: UInt128.Type, forKey key: Key) throws -> UInt128? {
        try self.decodeValueIfPresent(forKey: key) { index, path in
            try self.tape.integer(UInt128.self, at: index, codingPath: path)
        }
    }

    func decodeIfPresent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        try self.decodeValueIfPresent(forKey: key) { index, _ in
            try self.tape.decode(type, at: index)
        }
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let index = try self.requireValueIndex(forKey: key)
        guard self.tape.entries[index].kind == .map else {
            throw self.tape.typeMismatch([String: Any].self, at: index, codingPath: { self.codingPath + [key] })
        }
        return KeyedDecodingContainer(BinaryKeyedDecodingContainer<NestedKey>(tape: self.tape, mapIndex: index))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let index = try self.requireValueIndex(forKey: key)
        guard self.tape.entries[index].kind == .array else {
            throw self.tape.typeMismatch([Any].self, at: index, codingPath: { self.codingPath + [key] })
        }
        return BinaryUnkeyedDecodingContainer(tape: self.tape, arrayIndex: index)
    }

    func superDecoder() throws -> any Decoder {
        self.decoder(forKey: JSONCodingKey.superKey)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        self.decoder(forKey: key)
    }

    /// A decoder for the value of `key`, or for `nil` if there is none (as in Foundation).
    private func decoder(forKey key: some CodingKey) -> any Decoder {
        BinaryTapeDecoder(
            tape: self.tape,
            index: self.valueIndex(named: key.stringValue) ?? self.tape.virtualNullIndex,
            virtualPath: self.codingPath + [key]
        )
    }
}
