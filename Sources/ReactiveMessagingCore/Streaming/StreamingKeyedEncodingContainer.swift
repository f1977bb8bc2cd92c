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

/// The keyed container of `StreamingEncoder`: writes members (key and value) straight into the output.
struct StreamingKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: StreamingEncoderState
    let level: Int
    let id: UInt32

    var codingPath: [any CodingKey] {
        self.state.codingPath(self.level)
    }

    mutating func encodeNil(forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeNull()
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeBool(value)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeString(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        guard value.isFinite || self.state.allowsNonFiniteFloatingPoint else {
            throw JSONWriter.invalidFloatingPoint(value, codingPath: self.codingPath + [key])
        }
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeFloatingPoint(value)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        guard value.isFinite || self.state.allowsNonFiniteFloatingPoint else {
            throw JSONWriter.invalidFloatingPoint(value, codingPath: self.codingPath + [key])
        }
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeFloatingPoint(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int16, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: Int128, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode(_ value: UInt128, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        self.state.writeInteger(value)
    }

    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return
        }
        try self.state.encodeNested(value, .key(key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return KeyedEncodingContainer(
                StreamingKeyedEncodingContainer<NestedKey>(state: self.state, level: self.level, id: self.id)
            )
        }
        let (level, id) = self.state.pushContainer(.keyed, .key(key))
        return KeyedEncodingContainer(
            StreamingKeyedEncodingContainer<NestedKey>(state: self.state, level: level, id: id)
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return StreamingUnkeyedEncodingContainer(state: self.state, level: self.level, id: self.id)
        }
        let (level, id) = self.state.pushContainer(.unkeyed, .key(key))
        return StreamingUnkeyedEncodingContainer(state: self.state, level: level, id: id)
    }

    mutating func superEncoder() -> any Encoder {
        self.encoder(forKey: JSONCodingKey.superKey)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        self.encoder(forKey: key)
    }

    /// An encoder for a new member `key`, whose value is an empty keyed container unless the encoder is used before
    /// the next write into this container.
    private func encoder(forKey key: some CodingKey) -> any Encoder {
        guard self.state.beginMember(self.level, self.id, key: key) else {
            return StreamingEncoder(state: self.state, level: self.level, id: self.id)
        }
        let (level, id) = self.state.pushSlot(.key(key))
        return StreamingEncoder(state: self.state, level: level, id: id)
    }
}
