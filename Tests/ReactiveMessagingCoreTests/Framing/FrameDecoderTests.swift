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
import ReactiveMessagingCore
import ReactiveMessagingTesting
import Testing

@Suite("FrameDecoder", .timeLimit(.minutes(1 * TestTiming.scale)))
struct FrameDecoderTests {
    /// Encodes payloads with `framing`, the way a peer would.
    static func wire(_ payloads: [[UInt8]], _ framing: Framing) throws -> [UInt8] {
        var buffer = ByteBuffer()
        for payload in payloads {
            try framing.writeFrame(into: &buffer) { $0.writeBytes(payload) }
        }
        return Array(buffer.readableBytesView)
    }

    /// Feeds `bytes` in the given chunk sizes (cycled), cutting every frame after each chunk as the connection does.
    static func decodeAll(
        _ bytes: [UInt8],
        framing: Framing,
        maximum: Int = 1024,
        chunkSizes: [Int]
    ) throws -> [[UInt8]] {
        var decoder = FrameDecoder(framing: framing, maximumFrameLength: maximum)
        var received = ByteBuffer()
        var frames: [[UInt8]] = []
        var offset = 0
        var chunk = 0
        while offset < bytes.count {
            let size = max(1, chunkSizes[chunk % chunkSizes.count])
            chunk += 1
            let end = min(bytes.count, offset + size)
            received.discardReadBytes()
            received.writeBytes(bytes[offset..<end])
            offset = end
            while let frame = try decoder.decodeFrame(from: &received) {
                frames.append(Array(frame.readableBytesView))
            }
        }
        #expect(received.readableBytes == 0, "a whole stream leaves no bytes behind")
        return frames
    }

    static let payloads: [[UInt8]] = [
        Array("hello".utf8), [], Array("a longer payload with spaces".utf8), [0x00, 0xFF, 0x7F], Array("é😀".utf8),
    ]

    static let framings: [Framing] = [.newlineDelimited, .lengthPrefixed]

    @Test("frames come out whole and in order, however the stream is split", arguments: framings)
    func everySplit(framing: Framing) throws {
        // Newline framing carries no empty payload (an empty line is skipped) and no newline inside one.
        let payloads = Self.payloads.filter { framing != .newlineDelimited || (!$0.isEmpty && !$0.contains(0x0A)) }
        let bytes = try Self.wire(payloads, framing)
        // One split point at every byte boundary, and every chunk size up to the whole stream.
        for split in 0...bytes.count {
            let frames = try Self.decodeAll(bytes, framing: framing, chunkSizes: [split, bytes.count])
            #expect(frames == payloads, "split at \(split)")
        }
        for size in 1...bytes.count {
            #expect(try Self.decodeAll(bytes, framing: framing, chunkSizes: [size]) == payloads, "chunks of \(size)")
        }
    }

    @Test("fixed-size frames come out whole and in order, however the stream is split")
    func fixedSizeEverySplit() throws {
        let payloads = (0..<20).map { index in (0..<7).map { UInt8(truncatingIfNeeded: index &* 7 &+ $0) } }
        let bytes = payloads.flatMap { $0 }
        for size in 1...bytes.count {
            #expect(try Self.decodeAll(bytes, framing: .fixedSize(7), chunkSizes: [size]) == payloads)
        }
    }

    @Test("a carriage return before the newline is dropped, one elsewhere is kept")
    func crlf() throws {
        let frames = try Self.decodeAll(Array("a\r\nb\rc\n\r\rd\n".utf8), framing: .newlineDelimited, chunkSizes: [100])
        #expect(frames == [Array("a".utf8), Array("b\rc".utf8), Array("\r\rd".utf8)])
    }

    @Test("empty lines, with or without \\r, are skipped however the stream is split")
    func emptyLinesSkipped() throws {
        let bytes = Array("\n\r\na\n\n\n\r\nb\r\n\n".utf8)
        for size in 1...bytes.count {
            let frames = try Self.decodeAll(bytes, framing: .newlineDelimited, chunkSizes: [size])
            #expect(frames == [Array("a".utf8), Array("b".utf8)], "chunks of \(size)")
        }
        // A megabyte of empty lines, in one read, then a line: one frame, in a loop, not a recursion per line.
        var many = FrameDecoder(framing: .newlineDelimited, maximumFrameLength: 8)
        var flood = ByteBuffer(repeating: UInt8(ascii: "\n"), count: 1 << 20)
        flood.writeString("a\n")
        #expect(try many.decodeFrame(from: &flood).map { String(buffer: $0) } == "a")
        #expect(flood.readableBytes == 0)
        // Only empty lines: no frame, and every byte is consumed.
        var decoder = FrameDecoder(framing: .newlineDelimited, maximumFrameLength: 8)
        var received = ByteBuffer(bytes: Array("\n\r\n\n".utf8))
        #expect(try decoder.decodeFrame(from: &received) == nil)
        #expect(received.readableBytes == 0)
    }

    @Test("an empty payload cannot be written as a line: the peer would skip it")
    func emptyLineRefusedOnWrite() throws {
        var buffer = ByteBuffer(bytes: [1, 2])
        #expect(throws: ReactiveMessagingError.self) {
            try Framing.newlineDelimited.writeFrame(into: &buffer) { _ in }
        }
        #expect(buffer.readableBytes == 2, "nothing is left of the refused frame")
    }

    @Test(
        "a line at the limit passes, with or without \\r; one byte more is messageTooLarge",
        arguments: [false, true]
    )
    func lineLimit(crlf: Bool) throws {
        let ending = crlf ? "\r\n" : "\n"
        let atLimit = String(repeating: "x", count: 10) + ending
        #expect(
            try Self.decodeAll(Array(atLimit.utf8), framing: .newlineDelimited, maximum: 10, chunkSizes: [3]).count == 1
        )

        let overLimit = String(repeating: "x", count: 11) + ending
        let error = #expect(throws: ReactiveMessagingError.self) {
            _ = try Self.decodeAll(Array(overLimit.utf8), framing: .newlineDelimited, maximum: 10, chunkSizes: [3])
        }
        #expect(error?.code == .messageTooLarge)
    }

    @Test("a line that never ends fails as soon as it passes the limit, without waiting for its end")
    func endlessLine() throws {
        var decoder = FrameDecoder(framing: .newlineDelimited, maximumFrameLength: 100)
        var received = ByteBuffer()
        var fed = 0
        let error = #expect(throws: ReactiveMessagingError.self) {
            while true {
                received.writeRepeatingByte(UInt8(ascii: "x"), count: 7)
                fed += 7
                _ = try decoder.decodeFrame(from: &received)
            }
        }
        #expect(error?.code == .messageTooLarge)
        #expect(fed <= 100 + 2 + 7, "fails within one chunk of the limit")
    }

    @Test("a length prefix above the limit fails before the payload arrives", arguments: [UInt32(101), .max])
    func announcedTooLarge(length: UInt32) throws {
        var decoder = FrameDecoder(framing: .lengthPrefixed, maximumFrameLength: 100)
        var received = ByteBuffer()
        received.writeInteger(length)
        let error = #expect(throws: ReactiveMessagingError.self) {
            _ = try decoder.decodeFrame(from: &received)
        }
        #expect(error?.code == .messageTooLarge)
        let hasFrame1 = decoder.hasFrame(in: received)
        #expect(hasFrame1, "hasFrame reports the pending error")
    }

    @Test(
        "a partial frame leaves the buffer untouched",
        arguments: [Framing.newlineDelimited, .lengthPrefixed, .fixedSize(8)]
    )
    func partialFrame(framing: Framing) throws {
        var decoder = FrameDecoder(framing: framing, maximumFrameLength: 64)
        var received = ByteBuffer()
        let whole = try Self.wire([Array("12345678".utf8)], framing)
        received.writeBytes(whole.dropLast())
        let before = received
        #expect(try decoder.decodeFrame(from: &received) == nil)
        let hasFrame2 = decoder.hasFrame(in: received)
        #expect(!hasFrame2)
        #expect(received == before)
        received.writeBytes(whole.suffix(1))
        let hasFrame3 = decoder.hasFrame(in: received)
        #expect(hasFrame3)
        let frame = try #require(try decoder.decodeFrame(from: &received))
        #expect(String(buffer: frame) == "12345678")
    }

    @Test("hasFrame remembers the newline it found, and decodeFrame uses it")
    func hasFrameThenDecode() throws {
        var decoder = FrameDecoder(framing: .newlineDelimited, maximumFrameLength: 64)
        var received = ByteBuffer(string: "first\nsecond\nthi")
        let hasFrame4 = decoder.hasFrame(in: received)
        #expect(hasFrame4)
        #expect(try decoder.decodeFrame(from: &received).map { String(buffer: $0) } == "first")
        let hasFrame5 = decoder.hasFrame(in: received)
        #expect(hasFrame5)
        let hasFrame6 = decoder.hasFrame(in: received)
        #expect(hasFrame6)
        #expect(try decoder.decodeFrame(from: &received).map { String(buffer: $0) } == "second")
        let hasFrame7 = decoder.hasFrame(in: received)
        #expect(!hasFrame7)
        #expect(try decoder.decodeFrame(from: &received) == nil)
        received.writeString("rd\n")
        #expect(try decoder.decodeFrame(from: &received).map { String(buffer: $0) } == "third")
    }
}
