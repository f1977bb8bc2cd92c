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

/// The single value container of `BinaryTapeDecoder`: reads the decoder's value as a scalar.
struct BinarySingleValueDecodingContainer: SingleValueDecodingContainer {
    let tape: BinaryTape
    let index: Int
    let virtualPath: [any CodingKey]

    var codingPath: [any CodingKey] {
        self.index == self.tape.virtualNullIndex ? self.virtualPath : self.tape.codingPath(to: self.index)
    }

    func decodeNil() -> Bool {
        self.tape.isNull(at: self.index)
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        try self.tape.bool(at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: String.Type) throws -> String {
        try self.tape.string(at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: Double.Type) throws -> Double {
        try self.tape.double(at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: Float.Type) throws -> Float {
        try self.tape.float(at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: Int.Type) throws -> Int {
        try self.tape.integer(Int.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: Int8.Type) throws -> Int8 {
        try self.tape.integer(Int8.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: Int16.Type) throws -> Int16 {
        try self.tape.integer(Int16.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: Int32.Type) throws -> Int32 {
        try self.tape.integer(Int32.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: Int64.Type) throws -> Int64 {
        try self.tape.integer(Int64.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: Int128.Type) throws -> Int128 {
        try self.tape.integer(Int128.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: UInt.Type) throws -> UInt {
        try self.tape.integer(UInt.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: UInt8.Type) throws -> UInt8 {
        try self.tape.integer(UInt8.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: UInt16.Type) throws -> UInt16 {
        try self.tape.integer(UInt16.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: UInt32.Type) throws -> UInt32 {
        try self.tape.integer(UInt32.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: UInt64.Type) throws -> UInt64 {
        try self.tape.integer(UInt64.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode(_ type: UInt128.Type) throws -> UInt128 {
        try self.tape.integer(UInt128.self, at: self.index, codingPath: { self.codingPath })
    }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try Value(from: BinaryTapeDecoder(tape: self.tape, index: self.index, virtualPath: self.virtualPath))
    }
}
