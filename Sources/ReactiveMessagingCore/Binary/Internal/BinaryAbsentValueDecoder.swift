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

/// The `Decoder` of a value that is absent, as `superDecoder()` of a missing key gives (as in Foundation, it
/// decodes as `nil`), and its single value container.
struct BinaryAbsentValueDecoder: Decoder, SingleValueDecodingContainer {
    /// The path to the absent value.
    let codingPath: [any CodingKey]

    /// Always empty: `BinaryMessageDecoder` has no user info.
    var userInfo: [CodingUserInfoKey: Any] {
        [:]
    }

    /// The error for any read but `decodeNil()`.
    private func valueNotFound(_ type: Any.Type) -> DecodingError {
        DecodingError.valueNotFound(
            type,
            DecodingError.Context(
                codingPath: self.codingPath,
                debugDescription: "Cannot get value of type \(type) -- found nil value instead"
            )
        )
    }

    /// Throws `valueNotFound`: there is no map.
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw self.valueNotFound([String: Any].self)
    }

    /// Throws `valueNotFound`: there is no array.
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw self.valueNotFound([Any].self)
    }

    /// The absent value itself.
    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    /// Always `true`.
    func decodeNil() -> Bool {
        true
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Bool.Type) throws -> Bool {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: String.Type) throws -> String {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Double.Type) throws -> Double {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Float.Type) throws -> Float {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Int.Type) throws -> Int {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Int8.Type) throws -> Int8 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Int16.Type) throws -> Int16 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Int32.Type) throws -> Int32 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Int64.Type) throws -> Int64 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: Int128.Type) throws -> Int128 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: UInt.Type) throws -> UInt {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: UInt8.Type) throws -> UInt8 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: UInt16.Type) throws -> UInt16 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: UInt32.Type) throws -> UInt32 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: UInt64.Type) throws -> UInt64 {
        throw self.valueNotFound(type)
    }

    /// Throws `valueNotFound`.
    func decode(_ type: UInt128.Type) throws -> UInt128 {
        throw self.valueNotFound(type)
    }

    /// Decodes a `Value` from `nil` (which only types such as `Optional` accept).
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try Value(from: self)
    }
}
