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

/// Where the pairs of one map are, and how to find a key among them.
///
/// A map of up to `scanLimit` pairs whose values are scalars (bar the last, which is never skipped) is searched by a
/// scan of its bytes (a synthesized `init(from:)` asks for each key once, so that is a few length comparisons and
/// scalar skips per key), which needs nothing but two offsets: the keyed container that holds them then needs no
/// allocation besides the box `KeyedDecodingContainer` puts it in, and stays cheap to copy (the standard library's
/// box copies it on every call). Any other map gets a `BinaryMemberIndex`, which hashes its keys and records where
/// the values are, and which the caller keeps and passes in: a lookup then never skips an array or a map again, so
/// hostile input cannot make repeated lookups walk the same nested bytes over and over. Either way the first of
/// duplicate keys wins.
struct BinaryMapPairs {
    /// Maps with more pairs than this get a hash index.
    static let scanLimit = 16

    /// The bytes do not hold a map where one was expected.
    struct NotAMap: Error {}

    /// The number of pairs.
    let count: UInt32
    /// The offset of the first pair.
    let contents: UInt32
    /// Whether lookups need a `BinaryMemberIndex`: the map has more than `scanLimit` pairs, or an array or a map
    /// as the value of a pair other than the last.
    let needsIndex: Bool

    /// Finds the pairs of the map whose tag is at `mapOffset`.
    ///
    /// - Throws: `NotAMap` if the bytes do not hold a map there (or, which a validated message never has, a
    ///   malformed one).
    @inline(__always)
    init(reader: BinaryReader, mapOffset: Int) throws(NotAMap) {
        guard reader.byte(at: mapOffset) == BinaryTag.map.rawValue,
            let (count, contents) = reader.varint(at: mapOffset + 1),
            count <= UInt64(reader.bytes.count)
        else {
            throw NotAMap()
        }
        // Offsets and counts fit in 32 bits: `BinaryParser` rejects larger inputs.
        self.count = UInt32(truncatingIfNeeded: count)
        self.contents = UInt32(truncatingIfNeeded: contents)
        self.needsIndex = count > Self.scanLimit || Self.hasNestedValueBeforeLast(reader, contents, Int(count))
    }

    /// Whether a pair other than the last of the `count` pairs at `contents` has an array or a map as its value.
    @inline(__always)
    private static func hasNestedValueBeforeLast(_ reader: BinaryReader, _ contents: Int, _ count: Int) -> Bool {
        var position = contents
        var remaining = count
        while remaining > 1 {
            guard let key = reader.text(at: position), let tag = reader.byte(at: key.end) else {
                return false
            }
            if tag == BinaryTag.array.rawValue || tag == BinaryTag.map.rawValue {
                return true
            }
            guard let end = reader.valueEnd(at: key.end) else {
                return false
            }
            position = end
            remaining -= 1
        }
        return false
    }

    /// The offset of the value of the first pair whose key is `name`; `index` must be the map's index if it
    /// `needsIndex`.
    @inline(__always)
    func valueOffset(named name: String, reader: BinaryReader, index: BinaryMemberIndex?) -> Int? {
        var name = name
        return name.withUTF8 { utf8 in
            self.valueOffset(named: UnsafeRawBufferPointer(utf8), reader: reader, index: index)
        }
    }

    /// The offset of the value of the first pair whose key is the UTF-8 text `name`; `index` must be the map's
    /// index if it `needsIndex`.
    @inline(__always)
    func valueOffset(named name: UnsafeRawBufferPointer, reader: BinaryReader, index: BinaryMemberIndex?) -> Int? {
        if let index {
            return index.find(name, reader: reader).map { index.pair($0).valueOffset }
        }
        var position = Int(self.contents)
        var remaining = self.count
        while remaining > 0 {
            guard let key = reader.text(at: position) else {
                return nil
            }
            if key.end - key.start == name.count && ByteScan.equal(reader.slice(key.start, key.end), name) {
                return key.end
            }
            guard let end = reader.valueEnd(at: key.end) else {
                return nil
            }
            position = end
            remaining -= 1
        }
        return nil
    }

    /// The pairs in message order: the offset of each key's first UTF-8 byte and of its value's tag (the key's
    /// length is the difference, since the value follows it).
    func pairs(reader: BinaryReader, index: BinaryMemberIndex?) -> [(keyStart: Int, valueOffset: Int)] {
        if let index {
            return (0..<index.pairs.count).map { index.pair($0) }
        }
        var pairs: [(keyStart: Int, valueOffset: Int)] = []
        var position = Int(self.contents)
        while pairs.count < Int(self.count) {
            guard let key = reader.text(at: position), let end = reader.valueEnd(at: key.end) else {
                break
            }
            pairs.append((key.start, key.end))
            position = end
        }
        return pairs
    }

}
