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
internal import NIOPosix

/// The lines of the standard input, read through an NIO pipe channel: no thread blocks on it, and a session that
/// ends stops reading at once. The standard input must be a pipe or a terminal (`cat FILE |` for a file).
enum StandardInput {
    /// The longest line kept; a longer one ends the input with `LineTooLong`.
    static let maximumLineBytes = 64 * 1024

    /// A line longer than `maximumLineBytes`.
    struct LineTooLong: Error, CustomStringConvertible {
        var description: String { "an input line is longer than \(StandardInput.maximumLineBytes) bytes" }
    }

    /// Calls `body` with each line of the standard input, without its line ending, until the input ends.
    static func forEachLine(_ body: (String) async throws -> Void) async throws {
        let input = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .takingOwnershipOfDescriptor(input: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, Never>(wrappingChannelSynchronously: channel)
                }
            }
        try await input.executeThenClose { chunks in
            var pending = ByteBuffer()
            for try await chunk in chunks {
                pending.writeImmutableBuffer(chunk)
                while let end = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending.readString(length: end - pending.readerIndex) ?? ""
                    pending.moveReaderIndex(forwardBy: 1)
                    try await body(line.hasSuffix("\r") ? String(line.dropLast()) : line)
                }
                guard pending.readableBytes <= Self.maximumLineBytes else { throw LineTooLong() }
                pending.discardReadBytes()
            }
            if pending.readableBytes > 0 {
                try await body(pending.readString(length: pending.readableBytes) ?? "")
            }
        }
    }
}
