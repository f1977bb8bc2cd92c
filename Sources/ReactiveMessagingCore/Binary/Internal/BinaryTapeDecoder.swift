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

/// The `Decoder` handed to `Decodable` types: one value of a parsed binary message, identified by its tape index.
///
/// It is a small struct (it fits an existential's inline buffer), so decoding a nested value allocates nothing;
/// its coding path is computed from the tape only when asked for.
struct BinaryTapeDecoder: Decoder {
    let tape: BinaryTape
    let index: Int
    /// The coding path of an absent value (`index == tape.virtualNullIndex`), which the tape cannot tell.
    let virtualPath: [any CodingKey]

    init(tape: BinaryTape, index: Int, virtualPath: [any CodingKey] = []) {
        self.tape = tape
        self.index = index
        self.virtualPath = virtualPath
    }

    var codingPath: [any CodingKey] {
        self.index == self.tape.virtualNullIndex ? self.virtualPath : self.tape.codingPath(to: self.index)
    }

    var userInfo: [CodingUserInfoKey: Any] {
        [:]
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard self.tape.entries[self.index].kind == .map else {
            throw self.tape.typeMismatch([String: Any].self, at: self.index, codingPath: { self.codingPath })
        }
        return KeyedDecodingContainer(BinaryKeyedDecodingContainer<Key>(tape: self.tape, mapIndex: self.index))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard self.tape.entries[self.index].kind == .array else {
            throw self.tape.typeMismatch([Any].self, at: self.index, codingPath: { self.codingPath })
        }
        return BinaryUnkeyedDecodingContainer(tape: self.tape, arrayIndex: self.index)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        BinarySingleValueDecodingContainer(tape: self.tape, index: self.index, virtualPath: self.virtualPath)
    }
}

extension BinaryTape {
    /// Decodes a value of any `Decodable` type from the value at `index`.
    func decode<Value: Decodable>(_ type: Value.Type, at index: Int) throws -> Value {
        try Value(from: BinaryTapeDecoder(tape: self, index: index))
    }
}
