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

/// The unkeyed container of `StreamingEncoder`: writes array elements straight into the output.
///
/// Its stored properties fit an existential's inline buffer, so `unkeyedContainer()` allocates nothing.
struct StreamingUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let state: StreamingEncoderState
    let level: Int
    let id: UInt32

    var codingPath: [any CodingKey] {
        self.state.codingPath(self.level)
    }

    var count: Int {
        self.state.elementCount(self.level, self.id)
    }

    mutating func encodeNil() throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeBool(value)
    }

    mutating func encode(_ value: String) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeString(value)
    }

    mutating func encode(_ value: Double) throws {
        guard value.isFinite || self.state.allowsNonFiniteFloatingPoint else {
            throw JSONWriter.invalidFloatingPoint(value, codingPath: self.state.elementPath(self.level))
        }
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeFloatingPoint(value)
    }

    mutating func encode(_ value: Float) throws {
        guard value.isFinite || self.state.allowsNonFiniteFloatingPoint else {
            throw JSONWriter.invalidFloatingPoint(value, codingPath: self.state.elementPath(self.level))
        }
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeFloatingPoint(value)
    }

    mutating func encode(_ value: Int) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int8) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int16) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int32) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int64) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int128) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt8) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt16) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt32) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt64) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt128) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        guard self.state.beginElement(self.level, self.id) else {
            return
        }
        try self.state.encodeNested(value, .index(self.state.elementCount(self.level, self.id) - 1))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        guard self.state.beginElement(self.level, self.id) else {
            return KeyedEncodingContainer(
                StreamingKeyedEncodingContainer<NestedKey>(state: self.state, level: self.level, id: self.id)
            )
        }
        let (level, id) = self.state.pushContainer(.keyed, .index(self.count - 1))
        return KeyedEncodingContainer(
            StreamingKeyedEncodingContainer<NestedKey>(state: self.state, level: level, id: id)
        )
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        guard self.state.beginElement(self.level, self.id) else {
            return StreamingUnkeyedEncodingContainer(state: self.state, level: self.level, id: self.id)
        }
        let (level, id) = self.state.pushContainer(.unkeyed, .index(self.count - 1))
        return StreamingUnkeyedEncodingContainer(state: self.state, level: level, id: id)
    }

    mutating func superEncoder() -> any Encoder {
        guard self.state.beginElement(self.level, self.id) else {
            return StreamingEncoder(state: self.state, level: self.level, id: self.id)
        }
        let (level, id) = self.state.pushSlot(.index(self.count - 1))
        return StreamingEncoder(state: self.state, level: level, id: id)
    }
}
