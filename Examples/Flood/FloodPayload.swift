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

/// What a `FloodMessage` carries besides its header: `--payload-bytes` of filler.
protocol FloodPayload: Sendable {
    /// A payload of `byteCount` bytes, or of the type's own capacity if it has one.
    init(byteCount: Int)
}

/// A payload of any length for the textual and variable-size serializers: a string of ASCII `x`s.
struct FloodText: FloodPayload, Codable, Equatable {
    /// The filler.
    var text: String

    /// A string of `byteCount` `x`s.
    init(byteCount: Int) {
        self.text = String(repeating: "x", count: byteCount)
    }

    /// Decodes the payload from a plain string.
    init(from decoder: any Decoder) throws {
        self.text = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the payload as a plain string.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.text)
    }
}

/// A payload of a size fixed by its type, for the fixed-size serializer: `capacity` zero bytes, no storage.
///
/// A fixed-size message needs a static size, so `--payload-bytes` is rounded up to one of the capacities in
/// ``FixedFloodCapacity``, each a type of its own, and the flood code is generic over it.
protocol FixedFloodPayload: FloodPayload {
    /// How many bytes the payload takes on the wire.
    static var capacity: Int { get }

    /// The payload: it has no state.
    init()
}

extension FixedFloodPayload {
    /// The payload; `byteCount` was already rounded up to `capacity`.
    init(byteCount: Int) {
        self.init()
    }
}

/// No payload: 24-byte frames.
struct FixedPayload0: FixedFloodPayload, Equatable {
    /// No bytes.
    static var capacity: Int { 0 }
}

/// 16 bytes of payload: 40-byte frames.
struct FixedPayload16: FixedFloodPayload, Equatable {
    /// 16 bytes.
    static var capacity: Int { 16 }
}

/// 64 bytes of payload: 88-byte frames.
struct FixedPayload64: FixedFloodPayload, Equatable {
    /// 64 bytes.
    static var capacity: Int { 64 }
}

/// 256 bytes of payload: 280-byte frames.
struct FixedPayload256: FixedFloodPayload, Equatable {
    /// 256 bytes.
    static var capacity: Int { 256 }
}

/// 1,024 bytes of payload: 1,048-byte frames.
struct FixedPayload1024: FixedFloodPayload, Equatable {
    /// 1,024 bytes.
    static var capacity: Int { 1024 }
}

/// The payload capacities the fixed-size serializer supports.
enum FixedFloodCapacity {
    /// The capacities, smallest first.
    static let all = [0, 16, 64, 256, 1024]

    /// The smallest capacity that holds `byteCount` bytes, or `nil` if none does.
    static func roundedUp(_ byteCount: Int) -> Int? {
        Self.all.first { $0 >= byteCount }
    }
}
