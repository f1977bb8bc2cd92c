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

/// The keyed container of `JSONTreeEncoder`.
struct JSONTreeKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONTreeObject
    let codingPath: [any CodingKey]
    let context: JSONTreeEncoder.Context

    mutating func encodeNil(forKey key: Key) throws {
        self.object.set(key.stringValue, .null)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        self.object.set(
            key.stringValue,
            try JSONTreeValue(value, codingPath: self.codingPath + [key], context: self.context)
        )
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        self.object.set(
            key.stringValue,
            try JSONTreeValue(value, codingPath: self.codingPath + [key], context: self.context)
        )
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: Int16, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: Int128, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode(_ value: UInt128, forKey key: Key) throws {
        self.object.set(key.stringValue, try JSONTreeValue(value, codingPath: self.codingPath + [key]))
    }

    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        let encoded = try JSONTreeEncoder.encodeNested(
            value,
            codingPath: self.codingPath + [key],
            context: self.context
        )
        self.object.set(key.stringValue, encoded)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested: JSONTreeObject
        if case .object(let existing) = self.object.value(forKey: key.stringValue) {
            nested = existing
        } else {
            nested = JSONTreeObject()
            self.object.set(key.stringValue, .object(nested))
        }
        return KeyedEncodingContainer(
            JSONTreeKeyedEncodingContainer<NestedKey>(
                object: nested,
                codingPath: self.codingPath + [key],
                context: self.context
            )
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested: JSONTreeArray
        if case .array(let existing) = self.object.value(forKey: key.stringValue) {
            nested = existing
        } else {
            nested = JSONTreeArray()
            self.object.set(key.stringValue, .array(nested))
        }
        return JSONTreeUnkeyedEncodingContainer(
            array: nested,
            codingPath: self.codingPath + [key],
            context: self.context
        )
    }

    mutating func superEncoder() -> any Encoder {
        self.encoder(forKey: JSONCodingKey.superKey)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        self.encoder(forKey: key)
    }

    private func encoder(forKey key: some CodingKey) -> any Encoder {
        let slot = JSONTreeSlot()
        self.object.set(key.stringValue, .slot(slot))
        return JSONTreeEncoder(slot: slot, codingPath: self.codingPath + [key], context: self.context)
    }
}
