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

import NIOCore
import ReactiveMessaging

/// Messages are lines of UTF-8 text; a custom serializer, which also proves the serializer seam.
struct LineSerializer: MessageSerializer {
    struct NotUTF8: Error {}

    var framing: Framing { .newlineDelimited }

    /// Lines starting with this are refused as malformed, so tests can send bad input on purpose.
    static let malformedPrefix = "!"

    func decode(_ frame: inout ByteBuffer) throws -> String {
        let line = String(buffer: frame)
        guard !line.hasPrefix(Self.malformedPrefix) else {
            throw ReactiveMessagingError(code: .malformedMessage, message: "refused line '\(line)'")
        }
        return line
    }

    func encode(_ message: String, into buffer: inout ByteBuffer) throws {
        buffer.writeString(message)
    }
}
