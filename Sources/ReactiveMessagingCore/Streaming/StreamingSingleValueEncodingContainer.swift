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

/// The single value container of `StreamingEncoder`: writes one scalar (or nested value) into its slot.
struct StreamingSingleValueEncodingContainer: SingleValueEncodingContainer {
    let state: StreamingEncoderState
    let level: Int
    let id: UInt32

    var codingPath: [any CodingKey] {
        self.state.codingPath(self.level)
    }

    mutating func encodeNil() throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeNull()
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Bool) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeBool(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: String) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeString(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Double) throws {
        guard value.isFinite || self.state.allowsNonFiniteFloatingPoint else {
            throw JSONWriter.invalidFloatingPoint(value, codingPath: self.codingPath)
        }
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeFloatingPoint(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Float) throws {
        guard value.isFinite || self.state.allowsNonFiniteFloatingPoint else {
            throw JSONWriter.invalidFloatingPoint(value, codingPath: self.codingPath)
        }
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeFloatingPoint(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Int) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Int8) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Int16) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Int32) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Int64) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: Int128) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: UInt) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: UInt8) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: UInt16) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: UInt32) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: UInt64) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode(_ value: UInt128) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        self.state.writeInteger(value)
        self.state.endSingleValue(self.level)
    }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        guard self.state.beginSingleValue(self.level, self.id) else {
            return
        }
        try self.state.encodeInSlot(value, self.level, self.id)
    }
}
