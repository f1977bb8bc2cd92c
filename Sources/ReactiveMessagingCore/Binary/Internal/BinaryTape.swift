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

/// A parsed binary message: the input bytes plus the flat tape of entries `BinaryParser` produced from them.
///
/// The counterpart of `JSONTape`, with the same design: every decoder and container of one `decode` call shares
/// this object and refers to values by tape index, so nested values cost no allocation of their own; strings are
/// built only when a `Decodable` type asks for them; key lookups compare the UTF-8 bytes of
/// `CodingKey.stringValue` with the raw key bytes, so no `String` is built for a key.
final class BinaryTape {
    /// The readable bytes of the input; tape offsets are relative to their start.
    ///
    /// The pointer stays valid for the tape's lifetime because the tape retains the `ByteBuffer`'s storage
    /// (see `withUnsafeReadableBytesWithStorageManagement`), and a retained storage is never written in place:
    /// any write through another `ByteBuffer` copies it first. Every read checks its offset against `count`.
    let bytes: UnsafeRawBufferPointer
    private let storage: Unmanaged<AnyObject>
    /// The entries; the root value is at index 0 and a synthetic `nil` at `virtualNullIndex`.
    let entries: BinaryTapeEntries
    /// The index of an extra `nil` entry after the message, which stands for values that are absent (as
    /// `superDecoder()` of a missing key is).
    let virtualNullIndex: Int

    /// Parses `buffer`'s readable bytes.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a malformed message or nesting deeper than `maximumDepth`.
    init(buffer: ByteBuffer, maximumDepth: Int) throws {
        let (bytes, storage) = buffer.withUnsafeReadableBytesWithStorageManagement { bytes, storage in
            (bytes, storage)
        }
        // While parsing, `buffer` keeps its storage alive; the tape retains it only once the input is valid, so
        // a malformed message is rejected with nothing to undo.
        let entries = try BinaryParser.parse(
            bytes,
            maximumDepth: maximumDepth,
            trailer: BinaryTapeEntry(literal: .null)
        )
        withExtendedLifetime(buffer) {}
        self.bytes = bytes
        self.storage = storage.retain()
        self.virtualNullIndex = entries.count - 1
        self.entries = entries
    }

    deinit {
        self.storage.release()
    }

    // MARK: Navigation

    /// The tape index of the value after the one at `index` (skipping a container's descendants).
    @inline(__always)
    func nextSibling(of index: Int) -> Int {
        let entry = self.entries[index]
        return entry.isContainer ? entry.endIndex : index + 1
    }

    /// The bytes a string, key or wide integer entry points at.
    ///
    /// - Returns: An empty buffer if the entry's range lies outside the input (which a tape from `BinaryParser`
    ///   never has).
    @inline(__always)
    func rawBytes(of entry: BinaryTapeEntry) -> UnsafeRawBufferPointer {
        let start = entry.byteOffset
        let end = start + entry.byteCount
        guard end <= self.bytes.count else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(rebasing: self.bytes[start..<end])
    }

    /// Finds the value of the first pair of the map at `mapIndex` whose key is the UTF-8 text `name`.
    ///
    /// Scans the pairs in order (the first duplicate wins). Used for maps small enough that a scan beats
    /// hashing; `BinaryMemberIndex` serves larger ones.
    @inline(__always)
    func findMember(in mapIndex: Int, name: UnsafeRawBufferPointer) -> Int? {
        let end = self.entries[mapIndex].endIndex
        var keyIndex = mapIndex + 1
        while keyIndex + 1 < end {
            let key = self.entries[keyIndex]
            if key.byteCount == name.count && Self.equal(self.rawBytes(of: key), name) {
                return keyIndex + 1
            }
            keyIndex = self.nextSibling(of: keyIndex + 1)
        }
        return nil
    }

    /// Byte-wise equality.
    @inline(__always)
    static func equal(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else {
            return false
        }
        var index = 0
        while index < lhs.count {
            // `index < lhs.count == rhs.count`.
            if lhs[index] != rhs[index] {
                return false
            }
            index += 1
        }
        return true
    }

    /// The UTF-8 bytes of the key at `keyIndex`.
    @inline(__always)
    func keyBytes(at keyIndex: Int) -> UnsafeRawBufferPointer {
        self.rawBytes(of: self.entries[keyIndex])
    }

    /// The key at `keyIndex` as a `String`.
    func keyString(at keyIndex: Int) -> String {
        String(decoding: self.keyBytes(at: keyIndex), as: UTF8.self)
    }

    // MARK: Coding paths

    /// The coding path from the root to the value at `target`, with keys read back from the message (array
    /// positions as `Index N`). Computed only on demand, which is rare (errors, or a type asking for it).
    func codingPath(to target: Int) -> [any CodingKey] {
        var path: [any CodingKey] = []
        var node = 0
        while node != target {
            guard node < self.entries.count, target > node, target < self.nextSibling(of: node) else {
                return path
            }
            let container = self.entries[node]
            let isMap = container.kind == .map
            var child = node + 1
            var position = 0
            var descended = false
            while child < container.endIndex {
                let valueIndex = isMap ? child + 1 : child
                guard valueIndex < container.endIndex else {
                    break
                }
                let next = self.nextSibling(of: valueIndex)
                if target >= valueIndex && target < next {
                    if isMap {
                        path.append(JSONCodingKey(stringValue: self.keyString(at: child)))
                    } else {
                        path.append(JSONCodingKey(index: position))
                    }
                    node = valueIndex
                    descended = true
                    break
                }
                guard next > child else {
                    break
                }
                child = next
                position += 1
            }
            guard descended else {
                return path
            }
        }
        return path
    }

    // MARK: Scalars

    /// The error for a value of the wrong kind, worded like Foundation's.
    func typeMismatch(
        _ type: Any.Type,
        at index: Int,
        codingPath: () -> [any CodingKey]
    ) -> DecodingError {
        let entry = self.entries[index]
        if entry.kind == .null {
            return DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: codingPath(),
                    debugDescription: "Cannot get value of type \(type) -- found nil value instead"
                )
            )
        }
        return DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: codingPath(),
                debugDescription: "Expected to decode \(type) but found \(entry.kindDescription) instead."
            )
        )
    }

    /// Whether the value at `index` is `nil`.
    @inline(__always)
    func isNull(at index: Int) -> Bool {
        self.entries[index].kind == .null
    }

    func bool(at index: Int, codingPath: () -> [any CodingKey]) throws -> Bool {
        switch self.entries[index].kind {
        case .true: return true
        case .false: return false
        default: throw self.typeMismatch(Bool.self, at: index, codingPath: codingPath)
        }
    }

    func string(at index: Int, codingPath: () -> [any CodingKey]) throws -> String {
        let entry = self.entries[index]
        guard entry.kind == .string else {
            throw self.typeMismatch(String.self, at: index, codingPath: codingPath)
        }
        // The parser has validated the UTF-8, so decoding repairs nothing.
        return String(decoding: self.rawBytes(of: entry), as: UTF8.self)
    }

    /// Reads an integer of any width as a `Value`, which it must fit.
    @inline(__always)
    func integer<Value: FixedWidthInteger>(
        _ type: Value.Type,
        at index: Int,
        codingPath: () -> [any CodingKey]
    ) throws -> Value {
        let entry = self.entries[index]
        switch entry.kind {
        case .unsigned:
            if let value = Value(exactly: entry.payload) {
                return value
            }
        case .negative:
            // The value is -1 - n, which is `~n` in two's complement; it fits if n fits.
            if Value.isSigned, let n = Value(exactly: entry.payload) {
                return ~n
            }
        case .wideUnsigned, .wideNegative:
            return try self.wideInteger(type, at: index, codingPath: codingPath)
        default:
            throw self.typeMismatch(type, at: index, codingPath: codingPath)
        }
        throw self.doesNotFit(type, at: index, codingPath: codingPath)
    }

    private func wideInteger<Value: FixedWidthInteger>(
        _ type: Value.Type,
        at index: Int,
        codingPath: () -> [any CodingKey]
    ) throws -> Value {
        let entry = self.entries[index]
        if let n = self.wideMagnitude(of: entry) {
            if entry.kind == .wideUnsigned, let value = Value(exactly: n) {
                return value
            }
            if entry.kind == .wideNegative, Value.isSigned, let n = Value(exactly: n) {
                return ~n
            }
        }
        throw self.doesNotFit(type, at: index, codingPath: codingPath)
    }

    /// The varint a wide integer entry points at.
    private func wideMagnitude(of entry: BinaryTapeEntry) -> UInt128? {
        let varint = self.rawBytes(of: entry)
        guard !varint.isEmpty, case .value(let value, _) = BinaryVarint.read128(from: varint, at: 0) else {
            return nil
        }
        return value
    }

    /// The error for an integer outside the range of the requested type.
    private func doesNotFit(_ type: Any.Type, at index: Int, codingPath: () -> [any CodingKey]) -> DecodingError {
        let entry = self.entries[index]
        let text: String
        switch entry.kind {
        case .unsigned: text = String(entry.payload)
        case .negative: text = "-" + String(UInt128(entry.payload) + 1)
        case .wideUnsigned: text = self.wideMagnitude(of: entry).map { String($0) } ?? "?"
        default: text = self.wideMagnitude(of: entry).map { "-" + Self.decimalPlusOne($0) } ?? "?"
        }
        return self.corrupted("Binary integer <\(text)> does not fit in \(type).", codingPath: codingPath())
    }

    /// The decimal text of `n + 1`, which may be 2^128.
    private static func decimalPlusOne(_ n: UInt128) -> String {
        n == .max ? "340282366920938463463374607431768211456" : String(n + 1)
    }

    func double(at index: Int, codingPath: () -> [any CodingKey]) throws -> Double {
        let entry = self.entries[index]
        switch entry.kind {
        case .float64:
            return Double(bitPattern: entry.payload)
        case .float32:
            return Double(Float(bitPattern: UInt32(truncatingIfNeeded: entry.payload)))
        default:
            throw self.typeMismatch(Double.self, at: index, codingPath: codingPath)
        }
    }

    func float(at index: Int, codingPath: () -> [any CodingKey]) throws -> Float {
        let entry = self.entries[index]
        switch entry.kind {
        case .float32:
            return Float(bitPattern: UInt32(truncatingIfNeeded: entry.payload))
        case .float64:
            let double = Double(bitPattern: entry.payload)
            let float = Float(double)
            guard double.isNaN || Double(float) == double else {
                throw self.corrupted("Binary number \(double) does not fit in Float.", codingPath: codingPath())
            }
            return float
        default:
            throw self.typeMismatch(Float.self, at: index, codingPath: codingPath)
        }
    }

    func corrupted(_ message: String, codingPath: [any CodingKey]) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: message))
    }
}
