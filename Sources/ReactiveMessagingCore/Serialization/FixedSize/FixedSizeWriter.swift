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

public import NIOCore

/// Writes the fields of a `FixedSizeMessage` into its bytes, which start zeroed.
///
/// Multi-byte values are written little-endian; a `Bool` as one byte, 0 or 1; an enum as its integer raw value.
///
/// - Important: A writer is only valid inside `FixedSizeMessage/write(to:)`. Writing more than the message's
///   `FixedSizeMessage/wireSize` is a programming error and traps.
public struct FixedSizeWriter {
    @usableFromInline
    let bytes: UnsafeMutableRawBufferPointer

    @usableFromInline
    var position: Int

    /// How many bytes were written (or skipped) so far.
    @inlinable
    public var offset: Int { self.position }

    @inlinable
    init(_ bytes: UnsafeMutableRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
    }

    @inlinable
    mutating func advance(by count: Int) -> Int {
        precondition(count <= self.bytes.count - self.offset, "a fixed-size message wrote more than its wireSize")
        let start = self.position
        self.position += count
        return start
    }

    /// Writes an integer, little-endian unless you say otherwise.
    ///
    /// - Parameters:
    ///   - value: The integer.
    ///   - endianness: The byte order; little-endian by default. Big-endian is there for existing protocols.
    @inlinable
    public mutating func write<Integer: FixedWidthInteger>(_ value: Integer, endianness: Endianness = .little) {
        let start = self.advance(by: MemoryLayout<Integer>.size)
        let raw = endianness == .little ? value.littleEndian : value.bigEndian
        self.bytes.storeBytes(of: raw, toByteOffset: start, as: Integer.self)
    }

    /// Writes a `Bool` as one byte, 0 or 1.
    ///
    /// - Parameter value: The value.
    @inlinable
    public mutating func write(_ value: Bool) {
        self.write(UInt8(value ? 1 : 0))
    }

    /// Writes a little-endian IEEE 754 single-precision number.
    ///
    /// - Parameter value: The value.
    @inlinable
    public mutating func write(_ value: Float) {
        self.write(value.bitPattern)
    }

    /// Writes a little-endian IEEE 754 double-precision number.
    ///
    /// - Parameter value: The value.
    @inlinable
    public mutating func write(_ value: Double) {
        self.write(value.bitPattern)
    }

    /// Writes an enum's tag: its integer raw value.
    ///
    /// - Parameter value: The case.
    @inlinable
    public mutating func write<Tagged: RawRepresentable>(_ value: Tagged) where Tagged.RawValue: FixedWidthInteger {
        self.write(value.rawValue)
    }

    /// Writes a nested fixed-size message in exactly its `FixedSizeMessage/wireSize` bytes.
    ///
    /// - Parameter value: The nested message.
    @inlinable
    public mutating func writeNested<Nested: FixedSizeMessage>(_ value: Nested) {
        let start = self.advance(by: Nested.wireSize)
        var nested = FixedSizeWriter(
            UnsafeMutableRawBufferPointer(rebasing: self.bytes[start..<(start + Nested.wireSize)])
        )
        value.write(to: &nested)
    }

    /// Leaves `count` bytes of zero padding.
    ///
    /// - Parameter count: How many bytes.
    @inlinable
    public mutating func skipPadding(_ count: Int) {
        _ = self.advance(by: count)
    }
}

@available(*, unavailable)
extension FixedSizeWriter: Sendable {}
