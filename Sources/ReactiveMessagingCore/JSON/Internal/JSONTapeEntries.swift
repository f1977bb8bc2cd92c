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

/// The entries of a tape, in memory the tape owns.
///
/// A fixed-capacity buffer rather than an `Array`: the parser writes an entry per JSON value, and an `Array`
/// would add a uniqueness check per write and a metadata lookup per allocation, which were a large share of the
/// cost of parsing a small message. Every access checks its index, like `Array` does.
struct JSONTapeEntries: ~Copyable {
    private let base: UnsafeMutablePointer<JSONTapeEntry>
    private let capacity: Int
    /// The number of entries written.
    private(set) var count: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        self.base = UnsafeMutablePointer<JSONTapeEntry>.allocate(capacity: self.capacity)
        self.count = 0
    }

    deinit {
        // `JSONTapeEntry` is a trivial type, so the entries need no deinitialization.
        self.base.deallocate()
    }

    /// The entry at `index`, which must be below `count`.
    @inline(__always)
    subscript(index: Int) -> JSONTapeEntry {
        get {
            precondition(index >= 0 && index < self.count, "JSON tape index out of range")
            return self.base[index]
        }
        set {
            precondition(index >= 0 && index < self.count, "JSON tape index out of range")
            self.base[index] = newValue
        }
    }

    /// The number of entries that can still be appended.
    var freeCapacity: Int {
        self.capacity - self.count
    }

    /// Appends `entry`, which must fit (`freeCapacity > 0`).
    @inline(__always)
    mutating func append(_ entry: JSONTapeEntry) {
        precondition(self.count < self.capacity, "JSON tape capacity exceeded")
        (self.base + self.count).initialize(to: entry)
        self.count += 1
    }
}
