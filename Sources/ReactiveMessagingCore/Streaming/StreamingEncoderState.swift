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

/// What a streaming encode writes: JSON text (`JSONMessageEncoder`) or the binary format (`BinaryMessageEncoder`).
enum StreamingEncoderFormat {
    case json
    case binary
}

/// The shared state of one streaming encode: the output buffer and the stack of values still open in it.
///
/// One state, and one set of containers, serve both formats: the Codable bookkeeping is the same, and only the
/// bytes written for a key, a separator, a container's start and end and a scalar differ, chosen by a `switch`
/// on `format` (predictable, and cheaper than the existential call a generic format would cost through
/// `Encoder`'s witnesses). In JSON a container is closed by its bracket; in the binary format its count is
/// written as a one-byte placeholder when it opens and filled in when it closes (moving its contents if the count
/// needs a longer varint, which only containers of 128 or more values do).
///
/// `Encoder` has no "container finished" call, so containers are closed lazily: the stack holds every open
/// value (a slot awaiting a value, an object or an array), and writing into a value first closes everything
/// opened after it. A nested `Encodable` value's slot is closed as soon as its `encode(to:)` returns. Each frame
/// carries a unique id; a container, encoder or single value container whose frame has already been closed is
/// stale, and using it (which the Codable API allows, but a byte stream cannot honour) sets `needsFallback` and
/// turns every further operation into a no-op, after which the caller encodes again through `JSONTreeEncoder`.
/// So are the other cases a stream cannot express the way Foundation does: asking one encoder for a container
/// twice (Foundation merges the two, with later keys replacing earlier ones), asking for a container after a
/// single value, and an error thrown by a nested value (which the caller may catch and carry on).
final class StreamingEncoderState {
    /// What an open frame is.
    enum FrameKind: UInt8 {
        /// A slot whose value has not been started; closing it writes an empty keyed container (`{}`), as
        /// Foundation encodes a value that asked for no container.
        case pendingValue
        /// A keyed container: a JSON object or a binary map.
        case keyed
        /// An unkeyed container: an array.
        case unkeyed
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
        /// Members or elements written so far (in JSON a separator goes before every one but the first).
        var count: Int
        /// For a binary keyed or unkeyed container: the offset of its count placeholder in the output.
        var placeholderOffset: Int
        let component: PathComponent
    }

    // The mutable state is only ever touched by the synchronous `encode(to:)` calls of one encode, never
    // reentrantly while an access is in progress, so the dynamic exclusivity checks the compiler would insert for
    // class properties (a thread-local lookup on every access, the single largest cost of encoding before this
    // was added) are disabled.

    /// What is written.
    let format: StreamingEncoderFormat
    /// The text or bytes written so far.
    @exclusivity(unchecked) private var output = JSONOutputBuffer(capacity: 256)
    @exclusivity(unchecked) private var frames: [Frame] = []
    @exclusivity(unchecked) private var nextID: UInt32 = 0
    /// Whether the value must be encoded again with `JSONTreeEncoder`.
    @exclusivity(unchecked) private(set) var needsFallback = false

    init(format: StreamingEncoderFormat) {
        self.format = format
        self.frames.reserveCapacity(8)
    }

    /// Whether infinite and NaN floating-point values may be encoded (JSON cannot hold them).
    var allowsNonFiniteFloatingPoint: Bool {
        self.format == .binary
    }

    /// Appends what was written so far to `buffer`.
    func write(into buffer: inout ByteBuffer) {
        self.output.withBytes { bytes in
            _ = buffer.writeBytes(bytes)
        }
    }

    // MARK: Frames

    /// Opens a frame on top of the stack.
    private func push(
        _ kind: FrameKind,
        placeholderOffset: Int = 0,
        _ component: PathComponent
    ) -> (level: Int, id: UInt32) {
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
        switch (frame.kind, self.format) {
        case (.pendingValue, _): self.writeEmptyKeyedContainer()
        case (.keyed, .json): self.output.append(UInt8(ascii: "}"))
        case (.unkeyed, .json): self.output.append(UInt8(ascii: "]"))
        case (.keyed, .binary), (.unkeyed, .binary):
            BinaryWriter.patchCount(frame.count, placeholderOffset: frame.placeholderOffset, in: &self.output)
        case (.filled, _): break
        }
    }

    /// Writes `{}` or an empty binary map.
    private func writeEmptyKeyedContainer() {
        switch self.format {
        case .json: self.output.append(UInt8(ascii: "{"), UInt8(ascii: "}"))
        case .binary: BinaryWriter.writeEmptyMap(into: &self.output)
        }
    }

    /// Writes the start of a container, and returns the offset of its binary count placeholder (0 in JSON).
    private func writeContainerStart(_ kind: FrameKind) -> Int {
        switch self.format {
        case .json:
            self.output.append(kind == .keyed ? UInt8(ascii: "{") : UInt8(ascii: "["))
            return 0
        case .binary:
            return BinaryWriter.writeContainerHeader(kind == .keyed ? .map : .array, into: &self.output)
        }
    }

    /// Whether the frame at `level` is the one with `id`.
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

    /// Starts a member of the keyed container `(level, id)`: in JSON the separator, the quoted key and the colon;
    /// in binary the key.
    ///
    /// - Returns: `false` if nothing may be written (stale container or fallback).
    func beginMember(_ level: Int, _ id: UInt32, key: some CodingKey) -> Bool {
        guard self.prepareWrite(level, id) else {
            return false
        }
        switch self.format {
        case .json:
            if self.frames[level].count > 0 {
                self.output.append(UInt8(ascii: ","))
            }
            JSONWriter.writeString(key.stringValue, into: &self.output)
            self.output.append(UInt8(ascii: ":"))
        case .binary:
            BinaryWriter.writeKey(key.stringValue, into: &self.output)
        }
        self.frames[level].count += 1
        return true
    }

    /// Starts an element of the array `(level, id)`: in JSON, writes the separator.
    ///
    /// - Returns: `false` if nothing may be written (stale container or fallback).
    func beginElement(_ level: Int, _ id: UInt32) -> Bool {
        guard self.prepareWrite(level, id) else {
            return false
        }
        if self.format == .json && self.frames[level].count > 0 {
            self.output.append(UInt8(ascii: ","))
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

    /// Opens a keyed or unkeyed container in the slot `(level, id)`, for `Encoder.container(keyedBy:)` and
    /// `unkeyedContainer()`.
    ///
    /// - Returns: `false` (after requesting the fallback) unless the slot was still empty.
    func openContainer(_ kind: FrameKind, inSlot level: Int, _ id: UInt32) -> Bool {
        guard self.prepareWrite(level, id) else {
            return false
        }
        guard self.frames[level].kind == .pendingValue else {
            // A second container from the same encoder: Foundation merges them, replacing repeated keys, which
            // a stream cannot do.
            self.needsFallback = true
            return false
        }
        self.frames[level].placeholderOffset = self.writeContainerStart(kind)
        self.frames[level].kind = kind
        return true
    }

    /// Opens a nested keyed or unkeyed container (whose key or separator has just been written) on top of the
    /// stack.
    func pushContainer(_ kind: FrameKind, _ component: PathComponent) -> (level: Int, id: UInt32) {
        let placeholderOffset = self.writeContainerStart(kind)
        return self.push(kind, placeholderOffset: placeholderOffset, component)
    }

    /// Opens an empty slot (whose key or separator has just been written) on top of the stack.
    func pushSlot(_ component: PathComponent) -> (level: Int, id: UInt32) {
        self.push(.pendingValue, component)
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

    /// Encodes a nested value (whose key or separator has just been written) into a new slot.
    func encodeNested(_ value: some Encodable, _ component: PathComponent) throws {
        let (level, id) = self.push(.pendingValue, component)
        do {
            try value.encode(to: StreamingEncoder(state: self, level: level, id: id))
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
            try value.encode(to: StreamingEncoder(state: self, level: level, id: id))
        } catch {
            self.needsFallback = true
            throw error
        }
        guard !self.needsFallback, self.isLive(level, id) else {
            return
        }
        if self.frames[level].kind == .pendingValue {
            self.writeEmptyKeyedContainer()
            self.frames[level].kind = .filled
        }
    }

    /// Encodes the top-level value.
    func encodeRoot(_ value: some Encodable) throws {
        let (level, id) = self.push(.pendingValue, .root)
        try value.encode(to: StreamingEncoder(state: self, level: level, id: id))
        self.finishSlot(level, id)
    }

    func writeString(_ value: String) {
        switch self.format {
        case .json: JSONWriter.writeString(value, into: &self.output)
        case .binary: BinaryWriter.writeString(value, into: &self.output)
        }
    }

    func writeInteger(_ value: some FixedWidthInteger) {
        switch self.format {
        case .json: JSONWriter.writeInteger(value, into: &self.output)
        case .binary: BinaryWriter.writeInteger(value, into: &self.output)
        }
    }

    func writeBool(_ value: Bool) {
        switch self.format {
        case .json: JSONWriter.writeBool(value, into: &self.output)
        case .binary: BinaryWriter.writeBool(value, into: &self.output)
        }
    }

    func writeNull() {
        switch self.format {
        case .json: JSONWriter.writeNull(into: &self.output)
        case .binary: BinaryWriter.writeNull(into: &self.output)
        }
    }

    /// Writes a floating-point value the caller has checked (JSON holds finite values only).
    func writeFloatingPoint(_ value: Double) {
        switch self.format {
        case .json: _ = JSONWriter.writeFloatingPoint(value, into: &self.output)
        case .binary: BinaryWriter.writeDouble(value, into: &self.output)
        }
    }

    /// Writes a floating-point value the caller has checked (JSON holds finite values only).
    func writeFloatingPoint(_ value: Float) {
        switch self.format {
        case .json: _ = JSONWriter.writeFloatingPoint(value, into: &self.output)
        case .binary: BinaryWriter.writeFloat(value, into: &self.output)
        }
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

    /// The coding path of the next element of the array at `level`.
    func elementPath(_ level: Int) -> [any CodingKey] {
        let count = level < self.frames.count ? self.frames[level].count : 0
        return self.codingPath(level) + [JSONCodingKey(index: count)]
    }
}
