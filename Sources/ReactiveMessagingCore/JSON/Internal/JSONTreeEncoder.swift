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

internal import NIOCore

/// The fallback encoder: builds the whole value as a `JSONTreeValue` tree, then writes it out.
///
/// `JSONMessageEncoder` writes the tree as JSON text; `BinaryMessageEncoder` builds it with non-finite
/// floating-point values allowed and writes it in its binary format.
///
/// It follows Foundation's `JSONEncoder` semantics for every use of the Codable API, including containers used
/// out of order, a container requested twice from one encoder (merged) and repeated keys (the last value wins),
/// at the cost of an allocation per container and value. Misuse that Foundation stops with a precondition failure
/// (asking one encoder for two different kinds of container) is reported as an `EncodingError` instead.
struct JSONTreeEncoder: Encoder {
    /// The first misuse seen while encoding (non-throwing Codable calls cannot report it themselves), and what
    /// the output format can hold.
    final class Context {
        var error: EncodingError?
        /// Whether infinite and NaN floating-point values may be encoded (JSON cannot hold them).
        let allowsNonFiniteFloatingPoint: Bool

        init(allowsNonFiniteFloatingPoint: Bool = false) {
            self.allowsNonFiniteFloatingPoint = allowsNonFiniteFloatingPoint
        }

        func record(_ message: String, codingPath: [any CodingKey]) {
            if self.error == nil {
                self.error = EncodingError.invalidValue(
                    (),
                    EncodingError.Context(codingPath: codingPath, debugDescription: message)
                )
            }
        }
    }

    let slot: JSONTreeSlot
    let codingPath: [any CodingKey]
    let context: Context

    var userInfo: [CodingUserInfoKey: Any] {
        [:]
    }

    /// Encodes `value` and appends its JSON text to `buffer`; on error `buffer` is left unchanged.
    static func encode(_ value: some Encodable, into buffer: inout ByteBuffer) throws {
        let tree = try Self.makeTree(value, allowsNonFiniteFloatingPoint: false)
        var output = JSONOutputBuffer(capacity: 256)
        tree.write(into: &output)
        output.withBytes { bytes in
            _ = buffer.writeBytes(bytes)
        }
    }

    /// Encodes `value` as a tree.
    ///
    /// - Throws: The first misuse of the Codable API, any error `value`'s `encode(to:)` throws, and
    ///   `EncodingError.invalidValue` for a non-finite floating-point value unless `allowsNonFiniteFloatingPoint`.
    static func makeTree(_ value: some Encodable, allowsNonFiniteFloatingPoint: Bool) throws -> JSONTreeValue {
        let root = JSONTreeSlot()
        let context = Context(allowsNonFiniteFloatingPoint: allowsNonFiniteFloatingPoint)
        try value.encode(to: JSONTreeEncoder(slot: root, codingPath: [], context: context))
        if let error = context.error {
            throw error
        }
        return .slot(root)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONTreeObject
        switch self.slot.value {
        case .none:
            object = JSONTreeObject()
            self.slot.value = .object(object)
        case .object(let existing):
            object = existing
        case .some:
            self.context.record(
                "Attempt to request a keyed container from an encoder that already encoded a different value.",
                codingPath: self.codingPath
            )
            object = JSONTreeObject()
        }
        return KeyedEncodingContainer(
            JSONTreeKeyedEncodingContainer<Key>(object: object, codingPath: self.codingPath, context: self.context)
        )
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONTreeArray
        switch self.slot.value {
        case .none:
            array = JSONTreeArray()
            self.slot.value = .array(array)
        case .array(let existing):
            array = existing
        case .some:
            self.context.record(
                "Attempt to request an unkeyed container from an encoder that already encoded a different value.",
                codingPath: self.codingPath
            )
            array = JSONTreeArray()
        }
        return JSONTreeUnkeyedEncodingContainer(array: array, codingPath: self.codingPath, context: self.context)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONTreeSingleValueEncodingContainer(slot: self.slot, codingPath: self.codingPath, context: self.context)
    }
}

extension JSONTreeEncoder {
    /// Encodes a nested value through a fresh encoder and returns the slot it fills.
    static func encodeNested(
        _ value: some Encodable,
        codingPath: [any CodingKey],
        context: Context
    ) throws -> JSONTreeValue {
        let slot = JSONTreeSlot()
        try value.encode(to: JSONTreeEncoder(slot: slot, codingPath: codingPath, context: context))
        return .slot(slot)
    }
}
