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

/// One value (or object key) of a parsed JSON document, as stored on the flat tape `JSONParser` produces.
///
/// The tape lists the values in document order. An object's entry is followed by its members as key/value pairs,
/// an array's entry by its elements; a container's `endIndex` is the tape index just past its last descendant, so
/// a reader skips a whole container in one step. Scalars point back into the input by byte offset and length,
/// which keeps the entry at 12 bytes and means no `String` is built until a value is actually asked for.
struct JSONTapeEntry {
    /// What kind of JSON value an entry describes.
    enum Kind: UInt8 {
        case object
        case array
        case string
        case number
        case `true`
        case `false`
        case null
    }

    /// The kind of value.
    var kind: Kind
    /// For strings: whether the raw text holds backslash escapes. For numbers: whether a fraction or exponent is
    /// present. Otherwise unused.
    var flag: Bool
    /// Strings and numbers: the offset of the first byte (after the quote) into the readable bytes. Containers:
    /// the number of members or elements.
    private var first: UInt32
    /// Strings and numbers: the number of bytes (without quotes). Containers: the tape index just past the last
    /// descendant (while the parser still has the container open: the tape index of the enclosing container).
    private var second: UInt32

    /// Makes a string or number entry.
    init(kind: Kind, flag: Bool, byteOffset: Int, byteCount: Int) {
        self.kind = kind
        self.flag = flag
        self.first = UInt32(truncatingIfNeeded: byteOffset)
        self.second = UInt32(truncatingIfNeeded: byteCount)
    }

    /// Makes an object or array entry with no members yet, linked to the enclosing open container.
    init(containerKind kind: Kind, parentIndex: Int) {
        self.kind = kind
        self.flag = false
        self.first = 0
        self.second = UInt32(truncatingIfNeeded: parentIndex)
    }

    /// Makes a `true`, `false` or `null` entry.
    init(literal kind: Kind) {
        self.kind = kind
        self.flag = false
        self.first = 0
        self.second = 0
    }

    /// Whether the entry is an object or an array.
    var isContainer: Bool {
        self.kind == .object || self.kind == .array
    }

    /// The offset of a string's or number's first byte into the readable bytes.
    var byteOffset: Int {
        Int(self.first)
    }

    /// The length in bytes of a string (without quotes) or number.
    var byteCount: Int {
        Int(self.second)
    }

    /// The number of members of an object or elements of an array.
    var memberCount: Int {
        get { Int(self.first) }
        set { self.first = UInt32(truncatingIfNeeded: newValue) }
    }

    /// The tape index just past the last descendant of a container.
    var endIndex: Int {
        get { Int(self.second) }
        set { self.second = UInt32(truncatingIfNeeded: newValue) }
    }

    /// A short phrase naming the kind, for error messages ("found a string instead").
    var kindDescription: String {
        switch self.kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .true, .false: "a bool"
        case .null: "null"
        }
    }
}
