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

/// The pairs of one large binary map and a hash index over their keys, so that looking up every key of a map with
/// n pairs costs O(n) rather than the O(n²) of repeated scans.
///
/// The binary counterpart of `JSONMemberIndex`: it hashes the UTF-8 bytes of each key with the standard
/// library's randomly seeded `Hasher`, so crafted inputs cannot force collisions, and indexes only the first of
/// duplicate keys (the first wins). It holds offsets only, never a pointer: the bytes come with each call. It also
/// retains the object that keeps those bytes alive, so that a decoder can hold it in place of that object (a keyed
/// container then copies one reference, not two).
final class BinaryMemberIndex {
    /// The object that keeps the message's bytes alive (the `ByteBuffer`'s storage).
    let storage: AnyObject
    /// The pairs in message order, each the offset of its key's first UTF-8 byte and, shifted 32 bits left, of its
    /// value's tag.
    let pairs: [UInt64]
    /// Open-addressing slots holding a pair index, or -1.
    private var slots: [Int32]
    private let mask: Int

    /// Finds and indexes the `count` pairs that start at `contents`.
    ///
    /// - Returns: `nil` if the bytes do not hold them (which a validated message never has).
    init?(reader: BinaryReader, count: Int, contents: Int, storage: AnyObject) {
        var pairs: [UInt64] = []
        // The caller has checked `count` against the message's size.
        pairs.reserveCapacity(count)
        var position = contents
        while pairs.count < count {
            guard let key = reader.text(at: position), let end = reader.valueEnd(at: key.end) else {
                return nil
            }
            pairs.append(UInt64(truncatingIfNeeded: key.start) | UInt64(truncatingIfNeeded: key.end) << 32)
            position = end
        }
        var capacity = 16
        while capacity < count * 2 {
            capacity *= 2
        }
        self.storage = storage
        self.pairs = pairs
        self.slots = [Int32](repeating: -1, count: capacity)
        self.mask = capacity - 1
        for pairIndex in 0..<pairs.count {
            self.insert(pairIndex, reader: reader)
        }
    }

    private func insert(_ pairIndex: Int, reader: BinaryReader) {
        let name = self.key(pairIndex, reader: reader)
        var slot = Self.hash(name) & self.mask
        while self.slots[slot] >= 0 {
            if ByteScan.equal(self.key(Int(self.slots[slot]), reader: reader), name) {
                // A later duplicate of a key already indexed: the first one wins.
                return
            }
            slot = (slot + 1) & self.mask
        }
        self.slots[slot] = Int32(truncatingIfNeeded: pairIndex)
    }

    /// The pair at `pairIndex`: the offset of its key's first UTF-8 byte and of its value's tag.
    func pair(_ pairIndex: Int) -> (keyStart: Int, valueOffset: Int) {
        let pair = self.pairs[pairIndex]
        return (Int(truncatingIfNeeded: pair & 0xFFFF_FFFF), Int(truncatingIfNeeded: pair >> 32))
    }

    /// The UTF-8 bytes of the key of the pair at `pairIndex`.
    private func key(_ pairIndex: Int, reader: BinaryReader) -> UnsafeRawBufferPointer {
        let pair = self.pairs[pairIndex]
        return reader.slice(Int(truncatingIfNeeded: pair & 0xFFFF_FFFF), Int(truncatingIfNeeded: pair >> 32))
    }

    /// The index of the first pair whose key is `name`, if any.
    func find(_ name: UnsafeRawBufferPointer, reader: BinaryReader) -> Int? {
        var slot = Self.hash(name) & self.mask
        while self.slots[slot] >= 0 {
            let pairIndex = Int(self.slots[slot])
            if ByteScan.equal(self.key(pairIndex, reader: reader), name) {
                return pairIndex
            }
            slot = (slot + 1) & self.mask
        }
        return nil
    }

    private static func hash(_ name: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: name)
        return hasher.finalize()
    }
}
