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

/// A hash index over the member names of one large JSON object, so that looking up every member of an object
/// with n members costs O(n) rather than the O(n²) of repeated scans.
///
/// It hashes the unescaped UTF-8 bytes of each name with the standard library's randomly seeded `Hasher`, so
/// crafted inputs cannot force collisions. Only the first of duplicate names is indexed (the first wins, as in
/// Foundation's decoder).
struct JSONMemberIndex {
    /// Objects with more members than this get an index; smaller ones are scanned.
    static let threshold = 16

    /// Open-addressing slots holding the tape index of a member name, or -1.
    private var slots: [Int]
    private let mask: Int

    /// Indexes the members of the object at `objectIndex`.
    init(tape: JSONTape, objectIndex: Int) {
        let object = tape.entries[objectIndex]
        var capacity = 16
        while capacity < object.memberCount * 2 {
            capacity *= 2
        }
        self.slots = [Int](repeating: -1, count: capacity)
        self.mask = capacity - 1
        var keyIndex = objectIndex + 1
        while keyIndex + 1 < object.endIndex {
            tape.withKeyBytes(at: keyIndex) { name in
                self.insert(keyIndex: keyIndex, name: name, tape: tape)
            }
            keyIndex = tape.nextSibling(of: keyIndex + 1)
        }
    }

    private mutating func insert(keyIndex: Int, name: UnsafeRawBufferPointer, tape: JSONTape) {
        var slot = Self.hash(name) & self.mask
        while self.slots[slot] >= 0 {
            if self.matches(slot: slot, name: name, tape: tape) {
                // A later duplicate of a name already indexed: the first one wins.
                return
            }
            slot = (slot + 1) & self.mask
        }
        self.slots[slot] = keyIndex
    }

    /// The tape index of the value of the first member named `name`, if any.
    func find(name: UnsafeRawBufferPointer, tape: JSONTape) -> Int? {
        var slot = Self.hash(name) & self.mask
        while self.slots[slot] >= 0 {
            if self.matches(slot: slot, name: name, tape: tape) {
                return self.slots[slot] + 1
            }
            slot = (slot + 1) & self.mask
        }
        return nil
    }

    /// Whether `keyIndex` is the first occurrence of its name (later duplicates are shadowed).
    func isFirstOccurrence(keyIndex: Int, tape: JSONTape) -> Bool {
        tape.withKeyBytes(at: keyIndex) { name in
            self.find(name: name, tape: tape) == keyIndex + 1
        }
    }

    private func matches(slot: Int, name: UnsafeRawBufferPointer, tape: JSONTape) -> Bool {
        tape.keyEntry(tape.entries[self.slots[slot]], equals: name)
    }

    private static func hash(_ name: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: name)
        return hasher.finalize()
    }
}
