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
import NIOPosix
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The in-memory channel pair under the in-memory transport, driven through NIO's own API: order, reads on
/// demand, back-pressure at the water marks, half-close and close.
@Suite("In-memory channel pair", .timeLimit(.minutes(1 * TestTiming.scale)))
struct InMemoryChannelTests {
    /// What one end's pipeline saw.
    enum Seen: Equatable, Sendable {
        case read(String)
        case inputClosed
        case writable(Bool)
        case inactive
    }

    /// Records what its end's pipeline sees, in order.
    final class Recorder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer

        let seen: AsyncStream<Seen>
        private let continuation: AsyncStream<Seen>.Continuation

        init() {
            (self.seen, self.continuation) = AsyncStream.makeStream(of: Seen.self)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.continuation.yield(.read(String(buffer: self.unwrapInboundIn(data))))
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .inputClosed? = event as? ChannelEvent {
                self.continuation.yield(.inputClosed)
            }
        }

        func channelWritabilityChanged(context: ChannelHandlerContext) {
            self.continuation.yield(.writable(context.channel.isWritable))
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.continuation.yield(.inactive)
            self.continuation.finish()
        }
    }

    /// Two active ends on two event loops, each with a recorder; the second reads only when told to if
    /// `secondReads` is false. Each write is a read of its own unless `coalescesReads`.
    static func withPair(
        secondReads: Bool = true,
        coalescesReads: Bool = false,
        waterMark: ChannelOptions.Types.WriteBufferWaterMark? = nil,
        _ body: (InMemoryChannel, Recorder, InMemoryChannel, Recorder) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let (first, second) = InMemoryChannel.makePair(loops[0], loops[1], coalescesReads: coalescesReads)
        let (firstSeen, secondSeen) = (Recorder(), Recorder())
        try await first.eventLoop.submit {
            try first.pipeline.syncOperations.addHandler(firstSeen)
            first.activate()
        }.get()
        if let waterMark {
            try await first.setOption(.writeBufferWaterMark, value: waterMark).get()
        }
        try await second.setOption(.autoRead, value: secondReads).get()
        try await second.eventLoop.submit {
            try second.pipeline.syncOperations.addHandler(secondSeen)
            second.activate()
        }.get()
        try await body(first, firstSeen, second, secondSeen)
        first.close(promise: nil)
        second.close(promise: nil)
        try await group.shutdownGracefully()
    }

    static func next(_ iterator: inout AsyncStream<Seen>.Iterator) async throws -> Seen {
        try #require(await iterator.next())
    }

    @Test("each write arrives as one read, in order; a half-close arrives after them as the end of input")
    func orderAndHalfClose() async throws {
        try await Self.withPair { first, _, second, secondSeen in
            for word in ["one", "two", "three"] {
                first.write(ByteBuffer(string: word), promise: nil)
            }
            first.flush()
            first.writeAndFlush(ByteBuffer(string: "four"), promise: nil)
            try await first.close(mode: .output)
            var seen = secondSeen.seen.makeAsyncIterator()
            var reads: [Seen] = []
            for _ in 0..<5 { reads.append(try await Self.next(&seen)) }
            #expect(reads == [.read("one"), .read("two"), .read("three"), .read("four"), .inputClosed])
            // The half-closed end still reads.
            try await second.writeAndFlush(ByteBuffer(string: "back"))
            #expect(second.isActive && first.isActive)
        }
    }

    @Test("empty writes are not delivered: a socket never reads zero bytes")
    func emptyWritesSkipped() async throws {
        try await Self.withPair { first, _, _, secondSeen in
            try await first.writeAndFlush(ByteBuffer())
            try await first.writeAndFlush(ByteBuffer(string: "x"))
            var seen = secondSeen.seen.makeAsyncIterator()
            #expect(try await Self.next(&seen) == .read("x"))
        }
    }

    @Test("a writer turns unwritable at the high-water mark while its peer does not read, and writable once it does")
    func backPressure() async throws {
        let waterMark = ChannelOptions.Types.WriteBufferWaterMark(low: 100, high: 1_000)
        try await Self.withPair(secondReads: false, waterMark: waterMark) { first, firstSeen, second, secondSeen in
            let chunk = ByteBuffer(repeating: 0x61, count: 300)
            var written = 0
            while first.isWritable {
                try await first.writeAndFlush(chunk)
                written += 1
            }
            // 3 × 300 is under the mark; the fourth write reaches it.
            #expect(written == 4)
            var firstEvents = firstSeen.seen.makeAsyncIterator()
            #expect(try await Self.next(&firstEvents) == .writable(false))
            // Writes are still taken while unwritable, as on a socket; writability is the writer's signal.
            try await first.writeAndFlush(chunk)
            try await second.setOption(.autoRead, value: true).get()
            var reads = secondSeen.seen.makeAsyncIterator()
            for _ in 0..<5 { #expect(try await Self.next(&reads) == .read(String(repeating: "a", count: 300))) }
            #expect(try await Self.next(&firstEvents) == .writable(true))
            #expect(first.isWritable)
        }
    }

    @Test("coalescing, a read takes what the writes queued, up to 64 KiB, as a socket's read does")
    func coalescedReads() async throws {
        try await Self.withPair(secondReads: false, coalescesReads: true) { first, _, second, secondSeen in
            for word in ["one", "two", "three"] {
                try await first.writeAndFlush(ByteBuffer(string: word))
            }
            let large = String(repeating: "x", count: 64 * 1024)
            try await first.writeAndFlush(ByteBuffer(string: large))
            try await first.writeAndFlush(ByteBuffer(string: "after"))
            try await second.eventLoop.submit {}.get()
            try await second.setOption(.autoRead, value: true).get()
            var reads = secondSeen.seen.makeAsyncIterator()
            #expect(try await Self.next(&reads) == .read("onetwothree"))
            #expect(try await Self.next(&reads) == .read(large))
            #expect(try await Self.next(&reads) == .read("after"))
        }
    }

    @Test("a read is delivered only when the pipeline asks for one")
    func readsOnDemand() async throws {
        try await Self.withPair(secondReads: false) { first, _, second, secondSeen in
            try await first.writeAndFlush(ByteBuffer(string: "one"))
            try await first.writeAndFlush(ByteBuffer(string: "two"))
            // Both writes have reached the second end's loop; it holds them until asked.
            try await second.eventLoop.submit {}.get()
            try await second.setOption(.maxMessagesPerRead, value: 1).get()
            second.read()
            var reads = secondSeen.seen.makeAsyncIterator()
            #expect(try await Self.next(&reads) == .read("one"))
            second.read()
            #expect(try await Self.next(&reads) == .read("two"))
        }
    }

    @Test("a full close reaches the peer after what was sent; the peer's later writes fail with EPIPE and close it")
    func closeAndWritesAfter() async throws {
        try await Self.withPair { first, _, second, secondSeen in
            try await first.writeAndFlush(ByteBuffer(string: "last words"))
            try await first.close()
            var seen = secondSeen.seen.makeAsyncIterator()
            #expect(try await Self.next(&seen) == .read("last words"))
            #expect(try await Self.next(&seen) == .inputClosed)
            let error = await #expect(throws: IOError.self) {
                try await second.writeAndFlush(ByteBuffer(string: "too late"))
            }
            #expect(error?.errnoCode == EPIPE)
            #expect(try await Self.next(&seen) == .inactive)
            try await second.closeFuture.get()
            await #expect(throws: ChannelError.self) { try await first.writeAndFlush(ByteBuffer(string: "closed")) }
        }
    }

    @Test("a writer waiting on an unwritable channel is released when its peer closes")
    func peerCloseReleasesWriter() async throws {
        let waterMark = ChannelOptions.Types.WriteBufferWaterMark(low: 10, high: 20)
        try await Self.withPair(secondReads: false, waterMark: waterMark) { first, firstSeen, second, _ in
            try await first.writeAndFlush(ByteBuffer(repeating: 0x61, count: 50))
            var events = firstSeen.seen.makeAsyncIterator()
            #expect(try await Self.next(&events) == .writable(false))
            try await second.close()
            // Nothing will read the bytes in flight: the writer is writable again, and its writes fail.
            #expect(try await Self.next(&events) == .writable(true))
            #expect(try await Self.next(&events) == .inputClosed)
        }
    }

    @Test("options it does not have are refused, not ignored")
    func unsupportedOption() async throws {
        try await Self.withPair { first, _, _, _ in
            await #expect(throws: ChannelError.self) {
                try await first.setOption(.socketOption(.tcp_nodelay), value: 1).get()
            }
            let allowsHalfClosure = try await first.getOption(.allowRemoteHalfClosure).get()
            #expect(allowsHalfClosure)
        }
    }
}
