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

/// A growable byte buffer that the encoders write JSON text (or, for `BinaryMessageEncoder`, binary values) into
/// before handing it to a `ByteBuffer` in one copy.
///
/// Writing every small piece (a comma, a key, a digit run) through `ByteBuffer`'s API costs a capacity check,
/// a uniqueness check and a dynamic exclusivity check per call; this buffer makes each write a bounds-checked
/// store into memory it owns. Every store is preceded by `reserve`, which guarantees the room for it.
struct JSONOutputBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// The number of bytes written.
    private(set) var count: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        self.base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 1)
        self.count = 0
    }

    deinit {
        self.base.deallocate()
    }

    /// Makes room for at least `byteCount` more bytes.
    @inline(__always)
    mutating func reserve(_ byteCount: Int) {
        if self.capacity - self.count < byteCount {
            self.grow(byteCount)
        }
    }

    @inline(never)
    private mutating func grow(_ byteCount: Int) {
        let newCapacity = max(self.capacity * 2, self.count + byteCount)
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 1)
        newBase.copyMemory(from: self.base, byteCount: self.count)
        self.base.deallocate()
        self.base = newBase
        self.capacity = newCapacity
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        self.reserve(1)
        self.base.storeBytes(of: byte, toByteOffset: self.count, as: UInt8.self)
        self.count += 1
    }

    /// Appends two bytes.
    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        self.reserve(2)
        self.base.storeBytes(of: first, toByteOffset: self.count, as: UInt8.self)
        self.base.storeBytes(of: second, toByteOffset: self.count + 1, as: UInt8.self)
        self.count += 2
    }

    /// Appends `bytes`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else {
            return
        }
        self.reserve(bytes.count)
        (self.base + self.count).copyMemory(from: source, byteCount: bytes.count)
        self.count += bytes.count
    }

    /// Appends the UTF-8 text of `string`.
    @inline(__always)
    mutating func append(_ string: StaticString) {
        string.withUTF8Buffer { utf8 in
            self.append(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Lets `body` write up to `byteCount` bytes at the end of the buffer; it returns how many it wrote.
    @inline(__always)
    mutating func write(upTo byteCount: Int, _ body: (UnsafeMutableRawBufferPointer) -> Int) {
        self.reserve(byteCount)
        let written = body(UnsafeMutableRawBufferPointer(start: self.base + self.count, count: byteCount))
        // A closure that claims more than it was given is a bug in this module; clamp rather than corrupt.
        self.count += min(max(written, 0), byteCount)
    }

    /// Runs `body` with the bytes written so far, which it may change in place.
    @inline(__always)
    mutating func withMutableBytes<Result>(_ body: (UnsafeMutableRawBufferPointer) throws -> Result) rethrows -> Result
    {
        try body(UnsafeMutableRawBufferPointer(start: self.base, count: self.count))
    }

    /// Runs `body` with the bytes written so far.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: self.base, count: self.count))
    }
}
