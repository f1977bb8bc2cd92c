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

/// A hash index over the keys of one large binary map, so that looking up every key of a map with n pairs costs
/// O(n) rather than the O(n²) of repeated scans.
///
/// The binary counterpart of `JSONMemberIndex`: it hashes the UTF-8 bytes of each key with the standard
/// library's randomly seeded `Hasher`, so crafted inputs cannot force collisions, and indexes only the first of
/// duplicate keys (the first wins).
struct BinaryMemberIndex {
    /// Maps with more pairs than this get an index; smaller ones are scanned.
    static let threshold = 16

    /// Open-addressing slots holding the tape index of a key, or -1.
    private var slots: [Int]
    private let mask: Int

    /// Indexes the keys of the map at `mapIndex`.
    init(tape: BinaryTape, mapIndex: Int) {
        let map = tape.entries[mapIndex]
        var capacity = 16
        while capacity < map.count * 2 {
            capacity *= 2
        }
        self.slots = [Int](repeating: -1, count: capacity)
        self.mask = capacity - 1
        var keyIndex = mapIndex + 1
        while keyIndex + 1 < map.endIndex {
            self.insert(keyIndex: keyIndex, name: tape.keyBytes(at: keyIndex), tape: tape)
            keyIndex = tape.nextSibling(of: keyIndex + 1)
        }
    }

    private mutating func insert(keyIndex: Int, name: UnsafeRawBufferPointer, tape: BinaryTape) {
        var slot = Self.hash(name) & self.mask
        while self.slots[slot] >= 0 {
            if self.matches(slot: slot, name: name, tape: tape) {
                // A later duplicate of a key already indexed: the first one wins.
                return
            }
            slot = (slot + 1) & self.mask
        }
        self.slots[slot] = keyIndex
    }

    /// The tape index of the value of the first pair whose key is `name`, if any.
    func find(name: UnsafeRawBufferPointer, tape: BinaryTape) -> Int? {
        var slot = Self.hash(name) & self.mask
        while self.slots[slot] >= 0 {
            if self.matches(slot: slot, name: name, tape: tape) {
                return self.slots[slot] + 1
            }
            slot = (slot + 1) & self.mask
        }
        return nil
    }

    /// Whether `keyIndex` is the first occurrence of its key (later duplicates are shadowed).
    func isFirstOccurrence(keyIndex: Int, tape: BinaryTape) -> Bool {
        self.find(name: tape.keyBytes(at: keyIndex), tape: tape) == keyIndex + 1
    }

    private func matches(slot: Int, name: UnsafeRawBufferPointer, tape: BinaryTape) -> Bool {
        BinaryTape.equal(tape.keyBytes(at: self.slots[slot]), name)
    }

    private static func hash(_ name: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: name)
        return hasher.finalize()
    }
}
