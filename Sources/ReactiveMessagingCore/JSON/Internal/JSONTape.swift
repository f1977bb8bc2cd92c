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

/// A parsed JSON document: the input bytes plus the flat tape of entries `JSONParser` produced from them.
///
/// Every decoder, container and nested decoder of one `decode` call shares this object and refers to values by
/// tape index, so nested values cost no allocation of their own. Strings and numbers are converted only when a
/// `Decodable` type asks for them, straight from the input bytes. Key lookups compare the UTF-8 bytes of
/// `CodingKey.stringValue` with the raw key bytes, so no `String` is built for a key.
final class JSONTape {
    /// The readable bytes of the input; tape offsets are relative to their start.
    ///
    /// The pointer stays valid for the tape's lifetime because the tape retains the `ByteBuffer`'s storage
    /// (see `withUnsafeReadableBytesWithStorageManagement`), and a retained storage is never written in place:
    /// any write through another `ByteBuffer` copies it first. Every read checks its offset against `count`.
    let bytes: UnsafeRawBufferPointer
    private let storage: Unmanaged<AnyObject>
    /// The entries; the root value is at index 0 and a synthetic `null` at `virtualNullIndex`.
    let entries: JSONTapeEntries
    /// The index of an extra `null` entry after the document, which stands for values that are absent (as
    /// `superDecoder()` of a missing key is in Foundation).
    let virtualNullIndex: Int

    /// Parses `buffer`'s readable bytes.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for malformed JSON or nesting deeper than `maximumDepth`.
    init(buffer: ByteBuffer, maximumDepth: Int) throws {
        let (bytes, storage) = buffer.withUnsafeReadableBytesWithStorageManagement { bytes, storage in
            (bytes, storage.retain())
        }
        let entries: JSONTapeEntries
        do {
            entries = try JSONParser.parse(bytes, maximumDepth: maximumDepth, trailer: JSONTapeEntry(literal: .null))
        } catch {
            storage.release()
            throw error
        }
        self.bytes = bytes
        self.storage = storage
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

    /// The raw bytes of a string (without quotes, escapes undecoded) or number entry.
    ///
    /// - Returns: `nil` if the entry's range lies outside the input (which a tape from `JSONParser` never has).
    @inline(__always)
    func rawBytes(of entry: JSONTapeEntry) -> UnsafeRawBufferPointer? {
        let start = entry.byteOffset
        let end = start + entry.byteCount
        guard end <= self.bytes.count else {
            return nil
        }
        return UnsafeRawBufferPointer(rebasing: self.bytes[start..<end])
    }

    /// Finds the value of the first member of the object at `objectIndex` whose name is the UTF-8 text `name`.
    ///
    /// Scans the members in order (the first duplicate wins, as in Foundation). Used for objects small enough
    /// that a scan beats hashing; `JSONMemberIndex` serves larger ones.
    func findMember(in objectIndex: Int, name: UnsafeRawBufferPointer) -> Int? {
        let end = self.entries[objectIndex].endIndex
        var keyIndex = objectIndex + 1
        while keyIndex + 1 < end {
            let key = self.entries[keyIndex]
            if (key.byteCount == name.count || key.flag) && self.keyEntry(key, equals: name) {
                return keyIndex + 1
            }
            keyIndex = self.nextSibling(of: keyIndex + 1)
        }
        return nil
    }

    /// Whether the member name `key` (a string entry) decodes to exactly the bytes `name`.
    func keyEntry(_ key: JSONTapeEntry, equals name: UnsafeRawBufferPointer) -> Bool {
        guard let raw = self.rawBytes(of: key) else {
            return false
        }
        guard key.flag else {
            return ByteScan.equal(raw, name)
        }
        guard let decoded = JSONUnescaper.bytes(from: raw) else {
            return false
        }
        return decoded.withUnsafeBytes { ByteScan.equal($0, name) }
    }

    /// Runs `body` with the unescaped UTF-8 bytes of the member name at `keyIndex` (copying only if the name
    /// holds escapes).
    func withKeyBytes<Result>(at keyIndex: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let key = self.entries[keyIndex]
        guard let raw = self.rawBytes(of: key) else {
            return body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        guard key.flag else {
            return body(raw)
        }
        let decoded = JSONUnescaper.bytes(from: raw) ?? []
        return decoded.withUnsafeBytes(body)
    }

    /// The member name at `keyIndex` as a `String`.
    func keyString(at keyIndex: Int) -> String {
        (try? self.string(at: keyIndex, codingPath: { [] })) ?? ""
    }

    // MARK: Coding paths

    /// The coding path from the root to the value at `target`, with keys read back from the document (array
    /// positions as `Index N`). Computed only on demand, which is rare (errors, or a type asking for it).
    func codingPath(to target: Int) -> [any CodingKey] {
        var path: [any CodingKey] = []
        var node = 0
        while node != target {
            guard node < self.entries.count, target > node, target < self.nextSibling(of: node) else {
                return path
            }
            let container = self.entries[node]
            var child = node + 1
            var position = 0
            var descended = false
            while child < container.endIndex {
                let valueIndex = container.kind == .object ? child + 1 : child
                guard valueIndex < container.endIndex else {
                    break
                }
                let next = self.nextSibling(of: valueIndex)
                if target >= valueIndex && target < next {
                    if container.kind == .object {
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
                    debugDescription: "Cannot get value of type \(type) -- found null value instead"
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

    /// Whether the value at `index` is `null`.
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
        guard let raw = self.rawBytes(of: entry),
            let string = entry.flag ? JSONUnescaper.string(from: raw) : String(decoding: raw, as: UTF8.self)
        else {
            throw self.corrupted("Invalid string", codingPath: codingPath())
        }
        return string
    }

    func integer<Value: FixedWidthInteger>(
        _ type: Value.Type,
        at index: Int,
        codingPath: () -> [any CodingKey]
    ) throws -> Value {
        let entry = self.entries[index]
        guard entry.kind == .number else {
            throw self.typeMismatch(type, at: index, codingPath: codingPath)
        }
        guard let raw = self.rawBytes(of: entry),
            let value = JSONNumberParser.integer(raw, isIntegral: !entry.flag, as: type)
        else {
            throw self.corrupted(
                "Parsed JSON number <\(self.numberText(entry))> does not fit in \(type).",
                codingPath: codingPath()
            )
        }
        return value
    }

    func double(at index: Int, codingPath: () -> [any CodingKey]) throws -> Double {
        let entry = self.entries[index]
        guard entry.kind == .number else {
            throw self.typeMismatch(Double.self, at: index, codingPath: codingPath)
        }
        guard let raw = self.rawBytes(of: entry), let value = JSONNumberParser.double(raw) else {
            throw self.corrupted(
                "Number \(self.numberText(entry)) is not representable in Swift.",
                codingPath: codingPath()
            )
        }
        return value
    }

    func float(at index: Int, codingPath: () -> [any CodingKey]) throws -> Float {
        let entry = self.entries[index]
        guard entry.kind == .number else {
            throw self.typeMismatch(Float.self, at: index, codingPath: codingPath)
        }
        guard let raw = self.rawBytes(of: entry), let value = JSONNumberParser.float(raw) else {
            throw self.corrupted(
                "Number \(self.numberText(entry)) is not representable in Swift.",
                codingPath: codingPath()
            )
        }
        return value
    }

    /// The text of a number entry, for error messages.
    private func numberText(_ entry: JSONTapeEntry) -> String {
        self.rawBytes(of: entry).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    func corrupted(_ message: String, codingPath: [any CodingKey]) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: message))
    }
}
