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

/// The unkeyed container of `JSONTreeEncoder`.
struct JSONTreeUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let array: JSONTreeArray
    let codingPath: [any CodingKey]
    let context: JSONTreeEncoder.Context

    var count: Int {
        self.array.values.count
    }

    /// The coding path of the next element.
    private var elementPath: [any CodingKey] {
        self.codingPath + [JSONCodingKey(index: self.count)]
    }

    mutating func encodeNil() throws {
        self.array.values.append(.null)
    }

    mutating func encode(_ value: Bool) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: String) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: Double) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath, context: self.context))
    }

    mutating func encode(_ value: Float) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath, context: self.context))
    }

    mutating func encode(_ value: Int) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: Int8) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: Int16) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: Int32) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: Int64) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: Int128) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: UInt) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: UInt8) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: UInt16) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: UInt32) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: UInt64) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode(_ value: UInt128) throws {
        self.array.values.append(try JSONTreeValue(value, codingPath: self.elementPath))
    }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        let encoded = try JSONTreeEncoder.encodeNested(value, codingPath: self.elementPath, context: self.context)
        self.array.values.append(encoded)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONTreeObject()
        let path = self.elementPath
        self.array.values.append(.object(nested))
        return KeyedEncodingContainer(
            JSONTreeKeyedEncodingContainer<NestedKey>(object: nested, codingPath: path, context: self.context)
        )
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONTreeArray()
        let path = self.elementPath
        self.array.values.append(.array(nested))
        return JSONTreeUnkeyedEncodingContainer(array: nested, codingPath: path, context: self.context)
    }

    mutating func superEncoder() -> any Encoder {
        let slot = JSONTreeSlot()
        let path = self.elementPath
        self.array.values.append(.slot(slot))
        return JSONTreeEncoder(slot: slot, codingPath: path, context: self.context)
    }
}
