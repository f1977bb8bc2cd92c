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

/// The `Encoder` handed to `Encodable` types by the streaming encoder: one slot of the output.
///
/// It is a small struct (it fits an existential's inline buffer), so encoding a nested value allocates nothing.
struct StreamingEncoder: Encoder {
    let state: StreamingEncoderState
    /// The frame of the slot this encoder writes into, and that frame's id.
    let level: Int
    let id: UInt32

    var codingPath: [any CodingKey] {
        self.state.codingPath(self.level)
    }

    var userInfo: [CodingUserInfoKey: Any] {
        [:]
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        _ = self.state.openContainer(.keyed, inSlot: self.level, self.id)
        return KeyedEncodingContainer(
            StreamingKeyedEncodingContainer<Key>(state: self.state, level: self.level, id: self.id)
        )
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        _ = self.state.openContainer(.unkeyed, inSlot: self.level, self.id)
        return StreamingUnkeyedEncodingContainer(state: self.state, level: self.level, id: self.id)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamingSingleValueEncodingContainer(state: self.state, level: self.level, id: self.id)
    }
}
