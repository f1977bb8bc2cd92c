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

/// The `Decoder` handed to `Decodable` types, and its single value container: one value of a validated binary
/// message, read straight from the message's bytes.
///
/// It is three words (it fits an existential's inline buffer), so decoding a nested value and asking for a single
/// value container allocate nothing. It retains the storage of the `ByteBuffer` that holds the message, which keeps
/// `base` valid for as long as any decoder or container exists, even one a `Decodable` type stores away: a
/// retained storage is never written in place (any write through a `ByteBuffer` copies it first). Every read
/// checks its offset against the message's size. The coding path is computed from the bytes only when asked for.
struct BinaryValueDecoder: Decoder, SingleValueDecodingContainer {
    /// The storage of the `ByteBuffer` the message is in, retained so that `base` stays valid, or an object that
    /// retains it (a `BinaryMemberIndex`).
    let storage: AnyObject
    /// The first readable byte of the message.
    let base: UnsafeRawPointer
    /// The offset of the value's tag in the low 32 bits, the size of the message in the high 32 bits.
    let location: UInt64

    /// Makes a decoder for the value whose tag is at `offset` of a message of `count` bytes (at most
    /// `BinaryParser.maximumInputSize`) at `base`, kept alive by `storage`.
    @inline(__always)
    init(storage: AnyObject, base: UnsafeRawPointer, offset: Int, count: Int) {
        self.storage = storage
        self.base = base
        self.location = UInt64(truncatingIfNeeded: offset) & 0xFFFF_FFFF | UInt64(truncatingIfNeeded: count) << 32
    }

    /// The offset of the value's tag.
    @inline(__always)
    var offset: Int {
        Int(truncatingIfNeeded: self.location & 0xFFFF_FFFF)
    }

    /// A reader over the whole message.
    @inline(__always)
    var reader: BinaryReader {
        BinaryReader(
            bytes: UnsafeRawBufferPointer(start: self.base, count: Int(truncatingIfNeeded: self.location >> 32))
        )
    }

    /// A decoder for the value whose tag is at `offset` of the same message.
    @inline(__always)
    func decoder(at offset: Int) -> BinaryValueDecoder {
        BinaryValueDecoder(
            storage: self.storage,
            base: self.base,
            offset: offset,
            count: Int(truncatingIfNeeded: self.location >> 32)
        )
    }

    /// The same decoder, holding `owner`, which must keep the message's bytes alive, in place of `storage`.
    @inline(__always)
    func withStorage(_ owner: AnyObject) -> BinaryValueDecoder {
        BinaryValueDecoder(
            storage: owner,
            base: self.base,
            offset: self.offset,
            count: Int(truncatingIfNeeded: self.location >> 32)
        )
    }

    /// The path from the root to this value, read back from the message.
    var codingPath: [any CodingKey] {
        self.reader.codingPath(to: self.offset)
    }

    /// Always empty: `BinaryMessageDecoder` has no user info.
    var userInfo: [CodingUserInfoKey: Any] {
        [:]
    }

    /// The value as a map.
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try BinaryKeyedDecodingContainer<Key>(map: self))
    }

    /// The value as an array.
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try BinaryUnkeyedDecodingContainer(array: self)
    }

    /// The value itself.
    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    /// Whether the value is `nil`.
    func decodeNil() -> Bool {
        self.reader.isNull(at: self.offset)
    }

    /// Reads the value as a `Bool`.
    func decode(_ type: Bool.Type) throws -> Bool {
        try self.reader.bool(at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as a `String`.
    func decode(_ type: String.Type) throws -> String {
        try self.reader.string(at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as a `Double`.
    func decode(_ type: Double.Type) throws -> Double {
        try self.reader.double(at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as a `Float`.
    func decode(_ type: Float.Type) throws -> Float {
        try self.reader.float(at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `Int`, which it must fit.
    func decode(_ type: Int.Type) throws -> Int {
        try self.reader.integer(Int.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `Int8`, which it must fit.
    func decode(_ type: Int8.Type) throws -> Int8 {
        try self.reader.integer(Int8.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `Int16`, which it must fit.
    func decode(_ type: Int16.Type) throws -> Int16 {
        try self.reader.integer(Int16.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `Int32`, which it must fit.
    func decode(_ type: Int32.Type) throws -> Int32 {
        try self.reader.integer(Int32.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `Int64`, which it must fit.
    func decode(_ type: Int64.Type) throws -> Int64 {
        try self.reader.integer(Int64.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `Int128`, which it must fit.
    func decode(_ type: Int128.Type) throws -> Int128 {
        try self.reader.integer(Int128.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `UInt`, which it must fit.
    func decode(_ type: UInt.Type) throws -> UInt {
        try self.reader.integer(UInt.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `UInt8`, which it must fit.
    func decode(_ type: UInt8.Type) throws -> UInt8 {
        try self.reader.integer(UInt8.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `UInt16`, which it must fit.
    func decode(_ type: UInt16.Type) throws -> UInt16 {
        try self.reader.integer(UInt16.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `UInt32`, which it must fit.
    func decode(_ type: UInt32.Type) throws -> UInt32 {
        try self.reader.integer(UInt32.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `UInt64`, which it must fit.
    func decode(_ type: UInt64.Type) throws -> UInt64 {
        try self.reader.integer(UInt64.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Reads the value as an `UInt128`, which it must fit.
    func decode(_ type: UInt128.Type) throws -> UInt128 {
        try self.reader.integer(UInt128.self, at: self.offset, codingPath: { self.codingPath })
    }

    /// Decodes the value as a `Value`.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try Value(from: self)
    }
}
