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

/// Writes binary values (tags, varints, scalars, container headers) into a `JSONOutputBuffer`, the growable byte
/// buffer the JSON encoders use too.
///
/// Each value is one bounds-checked store or copy into memory the buffer owns; the encoder hands the result to the
/// caller's `ByteBuffer` in one copy (writing each piece through `ByteBuffer`'s API measured slower: every call
/// pays a uniqueness check and dynamic exclusivity checks on its storage). The layout is the one
/// `BinaryMessageEncoder` documents.
enum BinaryWriter {
    /// Writes `nil`.
    @inline(__always)
    static func writeNull(into buffer: inout JSONOutputBuffer) {
        buffer.append(BinaryTag.null.rawValue)
    }

    /// Writes `true` or `false`.
    @inline(__always)
    static func writeBool(_ value: Bool, into buffer: inout JSONOutputBuffer) {
        buffer.append(value ? BinaryTag.true.rawValue : BinaryTag.false.rawValue)
    }

    /// Writes an integer of any width: the tag of its sign and the varint of its magnitude (for a negative value
    /// v, of -1 - v).
    @inline(__always)
    static func writeInteger<Value: FixedWidthInteger>(_ value: Value, into buffer: inout JSONOutputBuffer) {
        let negative = value < 0
        let tag = negative ? BinaryTag.negativeInteger.rawValue : BinaryTag.unsignedInteger.rawValue
        // For a negative value v, -1 - v is `~v` in two's complement; either way `n` is non-negative.
        let n = negative ? ~value : value
        if Value.bitWidth <= 64 {
            self.writeTagged(tag, varint: UInt64(truncatingIfNeeded: n), into: &buffer)
        } else {
            self.writeTagged(tag, varint: UInt128(truncatingIfNeeded: n), into: &buffer)
        }
    }

    /// Writes a tag followed by a varint.
    @inline(__always)
    private static func writeTagged(
        _ tag: UInt8,
        varint: some FixedWidthInteger & UnsignedInteger,
        into buffer: inout JSONOutputBuffer
    ) {
        buffer.write(upTo: 1 + BinaryVarint.maximumLength128) { output in
            // `output` holds at least 20 bytes: the tag and the longest varint.
            output[0] = tag
            return 1 + BinaryVarint.store(varint, into: output, at: 1)
        }
    }

    /// Writes a `Double` as its 8-byte little-endian bit pattern, whatever its value (NaN payloads included).
    @inline(__always)
    static func writeDouble(_ value: Double, into buffer: inout JSONOutputBuffer) {
        buffer.write(upTo: 9) { output in
            // `output` holds at least 9 bytes.
            output[0] = BinaryTag.float64.rawValue
            output.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 1, as: UInt64.self)
            return 9
        }
    }

    /// Writes a `Float` as its 4-byte little-endian bit pattern, whatever its value (NaN payloads included).
    @inline(__always)
    static func writeFloat(_ value: Float, into buffer: inout JSONOutputBuffer) {
        buffer.write(upTo: 5) { output in
            // `output` holds at least 5 bytes.
            output[0] = BinaryTag.float32.rawValue
            output.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 1, as: UInt32.self)
            return 5
        }
    }

    /// Writes a string: its tag, the varint of its UTF-8 byte count and the UTF-8 bytes.
    @inline(__always)
    static func writeString(_ value: String, into buffer: inout JSONOutputBuffer) {
        var value = value
        value.withUTF8 { utf8 in
            self.writeUTF8(UnsafeRawBufferPointer(utf8), tag: BinaryTag.string.rawValue, into: &buffer)
        }
    }

    /// Writes a map key: the varint of its UTF-8 byte count and the UTF-8 bytes (a key has no tag).
    @inline(__always)
    static func writeKey(_ key: String, into buffer: inout JSONOutputBuffer) {
        var key = key
        key.withUTF8 { utf8 in
            self.writeUTF8(UnsafeRawBufferPointer(utf8), tag: nil, into: &buffer)
        }
    }

    @inline(__always)
    private static func writeUTF8(_ utf8: UnsafeRawBufferPointer, tag: UInt8?, into buffer: inout JSONOutputBuffer) {
        buffer.write(upTo: 1 + BinaryVarint.maximumLength64 + utf8.count) { output in
            // `output` holds at least the tag, the longest length varint and the bytes.
            var position = 0
            if let tag {
                output[0] = tag
                position = 1
            }
            position += BinaryVarint.store(UInt64(utf8.count), into: output, at: position)
            if !utf8.isEmpty {
                UnsafeMutableRawBufferPointer(rebasing: output[position..<(position + utf8.count)]).copyMemory(
                    from: utf8
                )
            }
            return position + utf8.count
        }
    }

    /// Writes the tag of an array or map and a one-byte count placeholder, and returns the placeholder's offset;
    /// `patchCount` fills it in.
    @inline(__always)
    static func writeContainerHeader(_ tag: BinaryTag, into buffer: inout JSONOutputBuffer) -> Int {
        buffer.append(tag.rawValue, 0)
        return buffer.count - 1
    }

    /// Writes an empty map, the encoding of a value that asked for no container.
    @inline(__always)
    static func writeEmptyMap(into buffer: inout JSONOutputBuffer) {
        buffer.append(BinaryTag.map.rawValue, 0)
    }

    /// Replaces the placeholder at `placeholderOffset` with the varint of `count`, moving the container's
    /// contents, which run to the end of the buffer, if the varint needs more than one byte.
    static func patchCount(_ count: Int, placeholderOffset: Int, in buffer: inout JSONOutputBuffer) {
        let varint = UInt64(truncatingIfNeeded: count)
        guard varint >= 0x80 else {
            buffer.withMutableBytes { bytes in
                // The placeholder was written before the contents, so it lies inside the bytes written.
                bytes[placeholderOffset] = UInt8(truncatingIfNeeded: varint)
            }
            return
        }
        let extra = BinaryVarint.length(of: varint) - 1
        let contentLength = buffer.count - placeholderOffset - 1
        buffer.write(upTo: extra) { output in
            output.initializeMemory(as: UInt8.self, repeating: 0)
            return extra
        }
        buffer.withMutableBytes { bytes in
            // The contents were in `placeholderOffset + 1 ..< placeholderOffset + 1 + contentLength`; the buffer just
            // grew by `extra` bytes, so the destination ends exactly at its end. The ranges overlap, and
            // `copyMemory` moves overlapping memory correctly.
            if contentLength > 0 {
                let source = placeholderOffset + 1
                let destination = source + extra
                UnsafeMutableRawBufferPointer(rebasing: bytes[destination..<(destination + contentLength)]).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: bytes[source..<(source + contentLength)])
                )
            }
            _ = BinaryVarint.store(varint, into: bytes, at: placeholderOffset)
        }
    }

    /// Writes a value built by the fallback tree encoder.
    static func writeTree(_ value: JSONTreeValue, into buffer: inout JSONOutputBuffer) {
        switch value {
        case .null:
            self.writeNull(into: &buffer)
        case .bool(let value):
            self.writeBool(value, into: &buffer)
        case .integer(let negative, let magnitude):
            // A negative value -m is written as the varint of m - 1 (m is at least 1).
            let tag = negative ? BinaryTag.negativeInteger.rawValue : BinaryTag.unsignedInteger.rawValue
            self.writeTagged(tag, varint: negative ? magnitude &- 1 : magnitude, into: &buffer)
        case .double(let value):
            self.writeDouble(value, into: &buffer)
        case .float(let value):
            self.writeFloat(value, into: &buffer)
        case .string(let value):
            self.writeString(value, into: &buffer)
        case .object(let object):
            let placeholder = self.writeContainerHeader(.map, into: &buffer)
            for index in object.keys.indices {
                self.writeKey(object.keys[index], into: &buffer)
                self.writeTree(object.values[index], into: &buffer)
            }
            self.patchCount(object.keys.count, placeholderOffset: placeholder, in: &buffer)
        case .array(let array):
            let placeholder = self.writeContainerHeader(.array, into: &buffer)
            for element in array.values {
                self.writeTree(element, into: &buffer)
            }
            self.patchCount(array.values.count, placeholderOffset: placeholder, in: &buffer)
        case .slot(let slot):
            if let value = slot.value {
                self.writeTree(value, into: &buffer)
            } else {
                // A value that asked for no container.
                self.writeEmptyMap(into: &buffer)
            }
        }
    }
}
