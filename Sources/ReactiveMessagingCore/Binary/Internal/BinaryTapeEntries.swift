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

/// The entries of a binary tape, in memory the tape owns.
///
/// A growable buffer rather than an `Array`, for the reason `JSONTapeEntries` gives: the parser writes an entry
/// per value, and an `Array` adds a uniqueness check per write. Every access checks its index, like `Array` does.
struct BinaryTapeEntries: ~Copyable {
    private var base: UnsafeMutablePointer<BinaryTapeEntry>
    private var capacity: Int
    /// The number of entries written.
    private(set) var count: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        self.base = UnsafeMutablePointer<BinaryTapeEntry>.allocate(capacity: self.capacity)
        self.count = 0
    }

    deinit {
        // `BinaryTapeEntry` is a trivial type, so the entries need no deinitialization.
        self.base.deallocate()
    }

    /// The entry at `index`, which must be below `count`.
    @inline(__always)
    subscript(index: Int) -> BinaryTapeEntry {
        get {
            precondition(index >= 0 && index < self.count, "binary tape index out of range")
            return self.base[index]
        }
        set {
            precondition(index >= 0 && index < self.count, "binary tape index out of range")
            self.base[index] = newValue
        }
    }

    /// Appends `entry`, growing the storage if it is full.
    @inline(__always)
    mutating func append(_ entry: BinaryTapeEntry) {
        if self.count == self.capacity {
            self.grow()
        }
        (self.base + self.count).initialize(to: entry)
        self.count += 1
    }

    @inline(never)
    private mutating func grow() {
        let newCapacity = self.capacity * 2
        let newBase = UnsafeMutablePointer<BinaryTapeEntry>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: self.base, count: self.count)
        self.base.deallocate()
        self.base = newBase
        self.capacity = newCapacity
    }
}
