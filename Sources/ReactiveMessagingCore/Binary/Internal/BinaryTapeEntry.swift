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

/// One value (or map key) of a parsed binary message, as stored on the flat tape `BinaryParser` produces.
///
/// The tape lists the values in message order, like the JSON tape: a map's entry is followed by its pairs as
/// key/value entries, an array's by its elements, and a container's `endIndex` is the tape index just past its
/// last descendant, so a reader skips a whole container in one step. Integers that fit in 64 bits and
/// floating-point numbers are stored in the entry itself; strings, keys and wider integers point back into the
/// input. An entry is 12 bytes.
struct BinaryTapeEntry {
    /// What kind of value an entry describes.
    enum Kind: UInt8 {
        case null
        case `false`
        case `true`
        /// A non-negative integer below 2^64; the payload is its value.
        case unsigned
        /// A negative integer -1 - n with n below 2^64; the payload is n.
        case negative
        /// A non-negative integer of 2^64 or more; the entry points at its varint.
        case wideUnsigned
        /// A negative integer -1 - n with n of 2^64 or more; the entry points at the varint of n.
        case wideNegative
        /// The payload is the bit pattern of a `Float`.
        case float32
        /// The payload is the bit pattern of a `Double`.
        case float64
        /// A string or a map key; the entry points at its UTF-8 bytes.
        case string
        case array
        case map
    }

    /// The kind of value.
    let kind: Kind
    /// Scalars: the low half of the payload. Strings and wide integers: the offset of the first byte into the
    /// readable bytes. Containers: the number of elements or pairs.
    private var first: UInt32
    /// Scalars: the high half of the payload. Strings and wide integers: the number of bytes. Containers: the
    /// tape index just past the last descendant.
    private var second: UInt32

    /// Makes a `null`, `false` or `true` entry.
    init(literal kind: Kind) {
        self.kind = kind
        self.first = 0
        self.second = 0
    }

    /// Makes an entry whose value is stored inline (integers below 2^64 and floating-point numbers).
    init(kind: Kind, payload: UInt64) {
        self.kind = kind
        self.first = UInt32(truncatingIfNeeded: payload)
        self.second = UInt32(truncatingIfNeeded: payload >> 32)
    }

    /// Makes an entry that points at bytes of the input (strings, keys and wide integers).
    init(kind: Kind, byteOffset: Int, byteCount: Int) {
        self.kind = kind
        // The parser only accepts inputs whose offsets fit in 32 bits.
        self.first = UInt32(truncatingIfNeeded: byteOffset)
        self.second = UInt32(truncatingIfNeeded: byteCount)
    }

    /// Makes an array or map entry; `endIndex` is set when the container is closed.
    init(containerKind kind: Kind, count: Int, endIndex: Int) {
        self.kind = kind
        self.first = UInt32(truncatingIfNeeded: count)
        self.second = UInt32(truncatingIfNeeded: endIndex)
    }

    /// Whether the entry is an array or a map.
    @inline(__always)
    var isContainer: Bool {
        self.kind == .array || self.kind == .map
    }

    /// The value stored inline.
    @inline(__always)
    var payload: UInt64 {
        UInt64(self.first) | UInt64(self.second) << 32
    }

    /// The offset of the first byte of a string, key or wide integer into the readable bytes.
    @inline(__always)
    var byteOffset: Int {
        Int(self.first)
    }

    /// The length in bytes of a string, key or wide integer.
    @inline(__always)
    var byteCount: Int {
        Int(self.second)
    }

    /// The number of elements of an array or pairs of a map.
    @inline(__always)
    var count: Int {
        Int(self.first)
    }

    /// The tape index just past the last descendant of a container.
    @inline(__always)
    var endIndex: Int {
        get { Int(self.second) }
        set { self.second = UInt32(truncatingIfNeeded: newValue) }
    }

    /// A short phrase naming the kind, for error messages ("found a string instead").
    var kindDescription: String {
        switch self.kind {
        case .null: "nil"
        case .false, .true: "a bool"
        case .unsigned, .negative, .wideUnsigned, .wideNegative: "an integer"
        case .float32: "a 32-bit floating-point number"
        case .float64: "a 64-bit floating-point number"
        case .string: "a string"
        case .array: "an array"
        case .map: "a map"
        }
    }
}
