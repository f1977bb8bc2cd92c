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

/// The first byte of every value in the binary format (the table is in `BinaryMessageEncoder`'s documentation).
///
/// Every other byte value is reserved: a decoder rejects it.
enum BinaryTag: UInt8 {
    case null = 0x00
    case `false` = 0x01
    case `true` = 0x02
    /// A non-negative integer n: LEB128 varint n.
    case unsignedInteger = 0x03
    /// A negative integer -1 - n: LEB128 varint n.
    case negativeInteger = 0x04
    /// IEEE 754 binary32, 4 bytes little-endian.
    case float32 = 0x05
    /// IEEE 754 binary64, 8 bytes little-endian.
    case float64 = 0x06
    /// Varint byte count, then that many bytes of UTF-8.
    case string = 0x07
    /// Varint element count, then the elements.
    case array = 0x08
    /// Varint pair count, then the pairs: varint key byte count, the key's UTF-8, the value.
    case map = 0x09
}
