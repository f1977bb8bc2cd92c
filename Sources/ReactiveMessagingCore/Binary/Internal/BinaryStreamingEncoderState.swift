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

internal import NIOCore

/// The shared state of one streaming binary encode: the output written so far and the stack of values still open
/// in it.
///
/// It works like `JSONStreamingEncoderState`. `Encoder` has no "container finished" call, so containers are
/// closed lazily: the stack holds every open value (a slot awaiting a value, a map or an array), and writing into
/// a value first closes everything opened after it. A container's count is written as a one-byte placeholder
/// when it opens and filled in when it closes (moving its contents if the count needs a longer varint, which
/// only containers of 128 or more values do). Each frame carries a unique id; using a container, encoder or single
/// value container whose frame has already been closed, asking one encoder for a container twice, asking for a
/// container after a single value, or an error thrown by a nested value sets `needsFallback` and turns every
/// further operation into a no-op, after which the caller encodes the value again through `JSONTreeEncoder`.
final class BinaryStreamingEncoderState {
    /// What an open frame is.
    enum FrameKind: UInt8 {
        /// A slot whose value has not been started; closing it writes an empty map, the encoding of a value that
        /// asked for no container.
        case pendingValue
        case map
        case array
        /// A slot holding a complete scalar.
        case filled
    }

    /// How a frame is reached from its parent, for coding paths.
    enum PathComponent {
        case root
        case key(any CodingKey)
        case index(Int)
    }

    /// One open value.
    struct Frame {
        var kind: FrameKind
        let id: UInt32
        /// Pairs or elements written so far.
        var count: Int
        /// For a map or an array: the offset of its count placeholder in the output.
        var placeholderOffset: Int
        let component: PathComponent
    }

    // The mutable state is only ever touched by the synchronous `encode(to:)` calls of one encode, never
    // reentrantly while an access is in progress, so the dynamic exclusivity checks the compiler would insert for
    // class properties are disabled, as in `JSONStreamingEncoderState`.

    /// The bytes written so far.
    @exclusivity(unchecked) private var output = JSONOutputBuffer(capacity: 256)
    @exclusivity(unchecked) private var frames: [Frame] = []
    @exclusivity(unchecked) private var nextID: UInt32 = 0
    /// Whether the value must be encoded again with `JSONTreeEncoder`.
    @exclusivity(unchecked) private(set) var needsFallback = false

    init() {
        self.frames.reserveCapacity(8)
    }

    /// Appends the bytes written so far to `buffer`.
    func write(into buffer: inout ByteBuffer) {
        self.output.withBytes { bytes in
            _ = buffer.writeBytes(bytes)
        }
    }

    // MARK: Frames

    /// Opens a frame on top of the stack.
    private func push(_ kind: FrameKind, placeholderOffset: Int, _ component: PathComponent) -> (level: Int, id: UInt32)
    {
        // Ids only need to differ among frames alive at the same time; wrapping after 2^32 frames is harmless.
        self.nextID &+= 1
        self.frames.append(
            Frame(kind: kind, id: self.nextID, count: 0, placeholderOffset: placeholderOffset, component: component)
        )
        return (self.frames.count - 1, self.nextID)
    }

    /// Closes the top frame, writing whatever its value still lacks.
    private func closeTop() {
        let frame = self.frames.removeLast()
        switch frame.kind {
        case .pendingValue:
            BinaryWriter.writeEmptyMap(into: &self.output)
        case .map, .array:
            BinaryWriter.patchCount(frame.count, placeholderOffset: frame.placeholderOffset, in: &self.output)
        case .filled:
            break
        }
    }

    /// Whether the frame at `level` is the one with `id`.
    @inline(__always)
    private func isLive(_ level: Int, _ id: UInt32) -> Bool {
        level < self.frames.count && self.frames[level].id == id
    }

    /// Prepares a write into the frame `(level, id)`: closes every frame above it.
    ///
    /// - Returns: `false` (after requesting the fallback) if the frame has been closed already.
    @inline(__always)
    private func prepareWrite(_ level: Int, _ id: UInt32) -> Bool {
        guard !self.needsFallback else {
            return false
        }
        guard self.isLive(level, id) else {
            self.needsFallback = true
            return false
        }
        while self.frames.count > level + 1 {
            self.closeTop()
        }
        return true
    }

    /// Starts a pair of the map `(level, id)`: writes the key.
    ///
    /// - Returns: `false` if nothing may be written (stale container or fallback).
    func beginMember(_ level: Int, _ id: UInt32, key: some CodingKey) -> Bool {
        guard self.prepareWrite(level, id) else {
            return false
        }
        self.frames[level].count += 1
        BinaryWriter.writeKey(key.stringValue, into: &self.output)
        return true
    }

    /// Starts an element of the array `(level, id)`.
    ///
    /// - Returns: `false` if nothing may be written (stale container or fallback).
    func beginElement(_ level: Int, _ id: UInt32) -> Bool {
        guard self.prepareWrite(level, id) else {
            return false
        }
        self.frames[level].count += 1
        return true
    }

    /// The number of elements written to the array `(level, id)`.
    func elementCount(_ level: Int, _ id: UInt32) -> Int {
        guard self.isLive(level, id) else {
            self.needsFallback = true
            return 0
        }
        return self.frames[level].count
    }

    /// Prepares writing a scalar into the slot `(level, id)`, which must not hold a value yet.
    ///
    /// - Returns: `false` if nothing may be written (stale, already holds a value, or fallback).
    func beginSingleValue(_ level: Int, _ id: UInt32) -> Bool {
        guard self.prepareWrite(level, id) else {
            return false
        }
        guard self.frames[level].kind == .pendingValue else {
            // A second value through a single value container: let the fallback report it.
            self.needsFallback = true
            return false
        }
        return true
    }

    /// Records that the slot `(level, id)`, prepared by `beginSingleValue`, now holds a complete scalar.
    func endSingleValue(_ level: Int) {
        self.frames[level].kind = .filled
    }

    /// Opens a map or an array in the slot `(level, id)`, for `Encoder.container(keyedBy:)` and
    /// `unkeyedContainer()`.
    ///
    /// - Returns: `false` (after requesting the fallback) unless the slot was still empty.
    func openContainer(_ kind: FrameKind, inSlot level: Int, _ id: UInt32) -> Bool {
        guard self.prepareWrite(level, id) else {
            return false
        }
        guard self.frames[level].kind == .pendingValue else {
            // A second container from the same encoder: Foundation merges the two, with later keys replacing
            // earlier ones, which a stream cannot do.
            self.needsFallback = true
            return false
        }
        self.frames[level].placeholderOffset = BinaryWriter.writeContainerHeader(
            kind == .map ? .map : .array,
            into: &self.output
        )
        self.frames[level].kind = kind
        return true
    }

    /// Opens a nested map or array (whose key has just been written or element counted) on top of the stack.
    func pushContainer(_ kind: FrameKind, _ component: PathComponent) -> (level: Int, id: UInt32) {
        let placeholderOffset = BinaryWriter.writeContainerHeader(kind == .map ? .map : .array, into: &self.output)
        return self.push(kind, placeholderOffset: placeholderOffset, component)
    }

    /// Opens an empty slot (whose key has just been written or element counted) on top of the stack.
    func pushSlot(_ component: PathComponent) -> (level: Int, id: UInt32) {
        self.push(.pendingValue, placeholderOffset: 0, component)
    }

    /// Closes the slot `(level, id)` and everything above it once its value has been encoded.
    func finishSlot(_ level: Int, _ id: UInt32) {
        guard !self.needsFallback else {
            return
        }
        guard self.isLive(level, id) else {
            self.needsFallback = true
            return
        }
        while self.frames.count > level {
            self.closeTop()
        }
    }

    // MARK: Values

    /// Encodes a nested value (whose key has just been written or element counted) into a new slot.
    func encodeNested(_ value: some Encodable, _ component: PathComponent) throws {
        let (level, id) = self.push(.pendingValue, placeholderOffset: 0, component)
        do {
            try value.encode(to: BinaryStreamingEncoder(state: self, level: level, id: id))
        } catch {
            // The caller might catch this and go on; the stream would then hold a half-written value.
            self.needsFallback = true
            throw error
        }
        self.finishSlot(level, id)
    }

    /// Encodes `value` into the slot `(level, id)` itself (a value written through a single value container).
    func encodeInSlot(_ value: some Encodable, _ level: Int, _ id: UInt32) throws {
        do {
            try value.encode(to: BinaryStreamingEncoder(state: self, level: level, id: id))
        } catch {
            self.needsFallback = true
            throw error
        }
        guard !self.needsFallback, self.isLive(level, id) else {
            return
        }
        if self.frames[level].kind == .pendingValue {
            BinaryWriter.writeEmptyMap(into: &self.output)
            self.frames[level].kind = .filled
        }
    }

    /// Encodes the top-level value.
    func encodeRoot(_ value: some Encodable) throws {
        let (level, id) = self.push(.pendingValue, placeholderOffset: 0, .root)
        try value.encode(to: BinaryStreamingEncoder(state: self, level: level, id: id))
        self.finishSlot(level, id)
    }

    func writeString(_ value: String) {
        BinaryWriter.writeString(value, into: &self.output)
    }

    func writeInteger(_ value: some FixedWidthInteger) {
        BinaryWriter.writeInteger(value, into: &self.output)
    }

    func writeBool(_ value: Bool) {
        BinaryWriter.writeBool(value, into: &self.output)
    }

    func writeNull() {
        BinaryWriter.writeNull(into: &self.output)
    }

    func writeFloatingPoint(_ value: Double) {
        BinaryWriter.writeDouble(value, into: &self.output)
    }

    func writeFloatingPoint(_ value: Float) {
        BinaryWriter.writeFloat(value, into: &self.output)
    }

    // MARK: Coding paths

    /// The coding path of the value in the frame at `level`.
    func codingPath(_ level: Int) -> [any CodingKey] {
        var path: [any CodingKey] = []
        var index = 0
        while index <= level && index < self.frames.count {
            switch self.frames[index].component {
            case .root: break
            case .key(let key): path.append(key)
            case .index(let position): path.append(JSONCodingKey(index: position))
            }
            index += 1
        }
        return path
    }
}
