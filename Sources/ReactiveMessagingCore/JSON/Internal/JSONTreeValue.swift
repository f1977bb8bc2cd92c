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

/// A value built in memory by `JSONTreeEncoder`, the fallback for uses of the Codable API that the streaming
/// encoders cannot express as a byte stream.
///
/// The tree holds the Codable data model, not JSON text, so the binary encoder writes it too: integers keep their
/// exact value and floating-point numbers their type (non-finite ones only when the context allows them).
enum JSONTreeValue {
    case null
    case bool(Bool)
    /// An integer of any width up to 128 bits, as a sign and a magnitude.
    case integer(negative: Bool, magnitude: UInt128)
    case double(Double)
    case float(Float)
    case string(String)
    case object(JSONTreeObject)
    case array(JSONTreeArray)
    /// A value filled in through an encoder handed out earlier (nested values, `superEncoder()`).
    case slot(JSONTreeSlot)

    // The scalar initializers all share one throwing shape so the containers can call them uniformly; only the
    // floating-point ones actually throw, and take the context that says whether non-finite values are allowed.
    // The coding path is only evaluated for an error.

    init(_ value: Bool, codingPath: @autoclosure () -> [any CodingKey]) throws {
        self = .bool(value)
    }

    init(_ value: String, codingPath: @autoclosure () -> [any CodingKey]) throws {
        self = .string(value)
    }

    /// - Throws: `EncodingError.invalidValue` if `value` is infinite or NaN and `context` does not allow that.
    init(
        _ value: Double,
        codingPath: @autoclosure () -> [any CodingKey],
        context: JSONTreeEncoder.Context
    ) throws {
        guard value.isFinite || context.allowsNonFiniteFloatingPoint else {
            throw JSONWriter.invalidFloatingPoint(value, codingPath: codingPath())
        }
        self = .double(value)
    }

    /// - Throws: `EncodingError.invalidValue` if `value` is infinite or NaN and `context` does not allow that.
    init(
        _ value: Float,
        codingPath: @autoclosure () -> [any CodingKey],
        context: JSONTreeEncoder.Context
    ) throws {
        guard value.isFinite || context.allowsNonFiniteFloatingPoint else {
            throw JSONWriter.invalidFloatingPoint(value, codingPath: codingPath())
        }
        self = .float(value)
    }

    init(_ value: some FixedWidthInteger, codingPath: @autoclosure () -> [any CodingKey]) throws {
        // Every standard integer type is at most 128 bits wide, so its magnitude fits in a `UInt128`.
        self = .integer(negative: value < 0, magnitude: UInt128(truncatingIfNeeded: value.magnitude))
    }

    /// Writes the compact JSON text of the value.
    func write(into buffer: inout JSONOutputBuffer) {
        switch self {
        case .null:
            JSONWriter.writeNull(into: &buffer)
        case .bool(let value):
            JSONWriter.writeBool(value, into: &buffer)
        case .integer(let negative, let magnitude):
            if negative {
                buffer.append(UInt8(ascii: "-"))
            }
            if let small = UInt64(exactly: magnitude) {
                JSONWriter.writeInteger(small, into: &buffer)
            } else {
                JSONWriter.writeInteger(magnitude, into: &buffer)
            }
        case .double(let value):
            _ = JSONWriter.writeFloatingPoint(value, into: &buffer)
        case .float(let value):
            _ = JSONWriter.writeFloatingPoint(value, into: &buffer)
        case .string(let value):
            JSONWriter.writeString(value, into: &buffer)
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            for index in object.keys.indices {
                if index > 0 {
                    buffer.append(UInt8(ascii: ","))
                }
                JSONWriter.writeString(object.keys[index], into: &buffer)
                buffer.append(UInt8(ascii: ":"))
                object.values[index].write(into: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        case .array(let array):
            buffer.append(UInt8(ascii: "["))
            for index in array.values.indices {
                if index > 0 {
                    buffer.append(UInt8(ascii: ","))
                }
                array.values[index].write(into: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .slot(let slot):
            if let value = slot.value {
                value.write(into: &buffer)
            } else {
                // A value that asked for no container, as Foundation encodes it.
                buffer.append(UInt8(ascii: "{"), UInt8(ascii: "}"))
            }
        }
    }
}

/// An object under construction: members in first-insertion order, a repeated key replacing the earlier value.
final class JSONTreeObject {
    private(set) var keys: [String] = []
    private(set) var values: [JSONTreeValue] = []
    private var positions: [String: Int] = [:]

    func set(_ key: String, _ value: JSONTreeValue) {
        if let position = self.positions[key] {
            self.values[position] = value
        } else {
            self.positions[key] = self.keys.count
            self.keys.append(key)
            self.values.append(value)
        }
    }

    func value(forKey key: String) -> JSONTreeValue? {
        self.positions[key].map { self.values[$0] }
    }
}

/// An array under construction.
final class JSONTreeArray {
    var values: [JSONTreeValue] = []
}

/// A place for one value, filled in by whoever holds the encoder for it; empty means `{}`.
final class JSONTreeSlot {
    var value: JSONTreeValue?
}
