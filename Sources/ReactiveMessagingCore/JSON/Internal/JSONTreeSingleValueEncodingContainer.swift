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

/// The single value container of `JSONTreeEncoder`.
struct JSONTreeSingleValueEncodingContainer: SingleValueEncodingContainer {
    let slot: JSONTreeSlot
    let codingPath: [any CodingKey]
    let context: JSONTreeEncoder.Context

    /// Stores the result of `encode` unless the slot already holds a value.
    ///
    /// - Throws: `EncodingError.invalidValue` for a second value (Foundation stops with a precondition failure).
    private func store(_ value: Any, _ encode: () throws -> JSONTreeValue) throws {
        guard self.slot.value == nil else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: self.codingPath,
                    debugDescription:
                        "Attempt to encode value through single value container when previously value already encoded."
                )
            )
        }
        self.slot.value = try encode()
    }

    mutating func encodeNil() throws {
        try self.store(Int?.none as Any) { .null }
    }

    mutating func encode(_ value: Bool) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: String) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: Double) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath, context: self.context) }
    }

    mutating func encode(_ value: Float) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath, context: self.context) }
    }

    mutating func encode(_ value: Int) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: Int8) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: Int16) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: Int32) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: Int64) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: Int128) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: UInt) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: UInt8) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: UInt16) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: UInt32) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: UInt64) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode(_ value: UInt128) throws {
        try self.store(value) { try JSONTreeValue(value, codingPath: self.codingPath) }
    }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        try self.store(value) {
            try JSONTreeEncoder.encodeNested(value, codingPath: self.codingPath, context: self.context)
        }
    }
}
