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
import Testing

@testable import ReactiveMessaging

/// The send queue's state machine, without I/O: what each slow-consumer policy does once the queue is full.
@Suite("Send queue")
struct OutboundQueueTests {
    static func bytes(_ count: Int) -> ByteBuffer {
        ByteBuffer(repeating: 0x61, count: count)
    }

    /// A queue with room for two one-byte sends, holding two.
    static func fullQueue() -> OutboundQueue {
        var queue = OutboundQueue(limits: SendQueueLimits(maximumMessages: 2, maximumBytes: 100))
        _ = queue.offer(Self.bytes(1), messages: 1, writable: false, policy: .dropNewest)
        _ = queue.offer(Self.bytes(1), messages: 1, writable: false, policy: .dropNewest)
        return queue
    }

    @Test("A writable channel with nothing queued writes at once")
    func writesWhenWritable() {
        var queue = OutboundQueue(limits: SendQueueLimits())
        #expect(queue.offer(Self.bytes(4), messages: 1, writable: true, policy: .dropNewest) == .write)
        #expect(queue.isEmpty)
    }

    @Test("Behind queued sends, a send queues even once the channel is writable")
    func keepsOrder() {
        var queue = Self.fullQueue()
        let decision = queue.offer(Self.bytes(1), messages: 1, writable: true, policy: .dropNewest)
        #expect(decision == .rejected)
        #expect(queue.queuedMessages == 2)
    }

    @Test("Each policy once the queue is full")
    func policies() {
        var dropNewest = Self.fullQueue()
        #expect(dropNewest.offer(Self.bytes(1), messages: 1, writable: false, policy: .dropNewest) == .rejected)
        #expect(dropNewest.queuedMessages == 2)

        var dropOldest = Self.fullQueue()
        let dropped = dropOldest.offer(Self.bytes(1), messages: 1, writable: false, policy: .dropOldest)
        #expect(dropped == .queued(dropped: 1))
        #expect(dropOldest.queuedMessages == 2)

        var keepLatest = Self.fullQueue()
        #expect(
            keepLatest.offer(Self.bytes(3), messages: 1, writable: false, policy: .keepLatest) == .queued(dropped: 2)
        )
        #expect(keepLatest.queuedMessages == 1)
        #expect(keepLatest.queuedBytes == 3)

        var disconnect = Self.fullQueue()
        #expect(disconnect.offer(Self.bytes(1), messages: 1, writable: false, policy: .disconnect) == .disconnect)
    }

    @Test("A send larger than the queue could ever hold is dropped, and drops nothing queued")
    func oversizedSend() {
        var queue = Self.fullQueue()
        #expect(queue.offer(Self.bytes(101), messages: 1, writable: false, policy: .dropOldest) == .rejected)
        #expect(queue.offer(Self.bytes(101), messages: 1, writable: false, policy: .keepLatest) == .rejected)
        #expect(queue.queuedMessages == 2)
    }

    @Test("Taking what is queued empties the queue, oldest first")
    func takeAll() {
        var queue = OutboundQueue(limits: SendQueueLimits())
        _ = queue.offer(Self.bytes(1), messages: 1, writable: false, policy: .dropNewest)
        _ = queue.offer(Self.bytes(2), messages: 1, writable: false, policy: .dropNewest)
        let items = queue.takeAll()
        #expect(items.map(\.bytes.readableBytes) == [1, 2])
        #expect(queue.isEmpty)
        #expect(queue.queuedBytes == 0)
    }
}
