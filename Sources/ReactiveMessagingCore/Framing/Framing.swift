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

public import NIOCore

/// How a byte stream is cut into frames, one message per frame.
///
/// A serializer names its framing (see ``MessageSerializer/framing``); the connection loop uses it to cut
/// every frame of a read in one loop (``FrameDecoder``) and to delimit every message it writes
/// (``writeFrame(into:_:)``). Serializers only ever see or produce a frame's payload.
///
/// ```
/// newlineDelimited   | payload bytes (no 0x0A) | \n |          "\r\n" is accepted on input; empty lines are skipped
/// lengthPrefixed     | length: UInt32, big endian | payload (length bytes) |
/// fixedSize(n)       | payload (exactly n bytes) |
/// ```
public struct Framing: Hashable, Sendable {
    @usableFromInline
    enum Kind: Hashable, Sendable {
        case newlineDelimited
        case lengthPrefixed
        case fixedSize(Int)
    }

    @usableFromInline
    let kind: Kind

    @inlinable
    init(_ kind: Kind) {
        self.kind = kind
    }

    /// One frame per line: the payload, then `\n`.
    ///
    /// On input a `\r` just before the `\n` is dropped, so `\r\n` line endings work too. The payload must not
    /// contain `\n` (the textual serializer escapes it) nor end with `\r`.
    public static let newlineDelimited = Self(.newlineDelimited)

    /// A 4-byte big-endian unsigned length, then that many payload bytes.
    public static let lengthPrefixed = Self(.lengthPrefixed)

    /// Every frame is exactly `byteCount` payload bytes, with no delimiter or prefix.
    ///
    /// - Parameter byteCount: The size of every frame; at least 1.
    /// - Precondition: `byteCount` is at least 1.
    public static func fixedSize(_ byteCount: Int) -> Self {
        precondition(byteCount >= 1, "a fixed-size frame holds at least one byte")
        return Self(.fixedSize(byteCount))
    }

    /// The size of every frame if this is ``fixedSize(_:)`` framing, otherwise `nil`.
    @inlinable
    public var fixedByteCount: Int? {
        if case .fixedSize(let count) = self.kind { return count }
        return nil
    }
}

extension Framing: CustomStringConvertible {
    /// The framing as written in Swift, for example `fixedSize(24)`.
    public var description: String {
        switch self.kind {
        case .newlineDelimited: "newlineDelimited"
        case .lengthPrefixed: "lengthPrefixed"
        case .fixedSize(let count): "fixedSize(\(count))"
        }
    }
}

extension Framing {
    /// Appends one frame to `buffer`: the payload that `writePayload` writes, delimited by this framing.
    ///
    /// If `writePayload` throws, or the payload breaks the framing, nothing is left in `buffer`: its writer index
    /// goes back to where it was.
    ///
    /// - Parameters:
    ///   - buffer: The buffer to append to.
    ///   - writePayload: Writes the payload at the end of the buffer it is given.
    /// - Throws: ``ReactiveMessagingError/Code/encodingFailed`` if `writePayload` throws (the error is the cause),
    ///   or if a newline-delimited payload is empty (a peer skips empty lines), contains `\n` or ends with `\r`,
    ///   a length-prefixed payload is longer than `UInt32.max`, or a fixed-size payload is not exactly the frame
    ///   size.
    @inlinable
    public func writeFrame(
        into buffer: inout ByteBuffer,
        _ writePayload: (inout ByteBuffer) throws -> Void
    ) throws(ReactiveMessagingError) {
        let start = buffer.writerIndex
        do {
            switch self.kind {
            case .newlineDelimited:
                try writePayload(&buffer)
                try Self.checkLine(buffer, from: start)
                buffer.writeInteger(UInt8(ascii: "\n"))
            case .lengthPrefixed:
                buffer.writeInteger(UInt32(0))
                try writePayload(&buffer)
                let length = buffer.writerIndex - start - 4
                guard let prefix = UInt32(exactly: length) else {
                    throw ReactiveMessagingError(
                        code: .encodingFailed,
                        message: "a payload of \(length) bytes does not fit a 32-bit length prefix"
                    )
                }
                buffer.setInteger(prefix, at: start)
            case .fixedSize(let count):
                try writePayload(&buffer)
                let length = buffer.writerIndex - start
                guard length == count else {
                    throw ReactiveMessagingError(
                        code: .encodingFailed,
                        message: "a fixed-size frame holds \(count) bytes, but the payload has \(length)"
                    )
                }
            }
        } catch {
            buffer.moveWriterIndex(to: start)
            if let error = error as? ReactiveMessagingError { throw error }
            throw ReactiveMessagingError(
                code: .encodingFailed,
                message: "the message could not be encoded",
                cause: error
            )
        }
    }

    @inlinable
    static func checkLine(_ buffer: ByteBuffer, from start: Int) throws(ReactiveMessagingError) {
        let length = buffer.writerIndex - start
        guard length > 0 else {
            throw ReactiveMessagingError(
                code: .encodingFailed,
                message: "a newline-delimited payload must not be empty: the peer skips empty lines"
            )
        }
        let isValid = buffer.withUnsafeReadableBytes { bytes in
            let payload = UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - length)...])
            return payload.last != UInt8(ascii: "\r") && ByteScan.firstNewline(in: payload) == nil
        }
        guard isValid else {
            throw ReactiveMessagingError(
                code: .encodingFailed,
                message: "a newline-delimited payload must not contain '\\n' nor end with '\\r'"
            )
        }
    }
}
