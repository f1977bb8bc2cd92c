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

/// A connection's send queue, as a state machine without I/O: what non-waiting sends hold while the socket is
/// above its high-water mark, and what each `SlowConsumerPolicy` does when the queue is full.
///
/// `ConnectionHandler` owns one and acts on what `offer(_:messages:writable:policy:)` returns.
struct OutboundQueue {
    /// One send: its encoded frames and how many messages they are.
    struct Item {
        var bytes: ByteBuffer
        var messages: Int
    }

    /// What to do with an offered send.
    enum Decision: Equatable {
        /// Write it now: the socket takes bytes and nothing is queued before it.
        case write
        /// It is queued; `dropped` older messages were dropped to make room.
        case queued(dropped: Int)
        /// The queue is full and the send is dropped (or larger than the queue could ever hold).
        case rejected
        /// The queue is full and the connection must be closed as a slow consumer.
        case disconnect
        /// The sender must wait until the channel is writable (`SlowConsumerPolicy/wait`), then write.
        case mustWait
    }

    let limits: SendQueueLimits
    private(set) var items = CircularBuffer<Item>()
    private(set) var queuedMessages = 0
    private(set) var queuedBytes = 0

    init(limits: SendQueueLimits) {
        self.limits = limits
    }

    var isEmpty: Bool { self.items.isEmpty }

    /// Decides what becomes of a send of `messages` messages in `bytes`, under `policy`; a send under `wait` is
    /// never queued: its sender waits for writability instead.
    mutating func offer(_ bytes: ByteBuffer, messages: Int, writable: Bool, policy: SlowConsumerPolicy) -> Decision {
        if writable, self.items.isEmpty { return .write }
        if policy == .wait { return .mustWait }
        let item = Item(bytes: bytes, messages: messages)
        if self.fits(item) {
            self.append(item)
            return .queued(dropped: 0)
        }
        switch policy.wrapped {
        case .wait, .dropNewest:
            return .rejected
        case .disconnect:
            return .disconnect
        case .dropOldest:
            guard self.couldEverHold(item) else { return .rejected }
            var dropped = 0
            while !self.fits(item), let oldest = self.items.popFirst() {
                self.remove(oldest)
                dropped += oldest.messages
            }
            self.append(item)
            return .queued(dropped: dropped)
        case .keepLatest:
            guard self.couldEverHold(item) else { return .rejected }
            let dropped = self.queuedMessages
            self.removeAll()
            self.append(item)
            return .queued(dropped: dropped)
        }
    }

    /// Takes everything queued, oldest first, to be written.
    mutating func takeAll() -> CircularBuffer<Item> {
        let items = self.items
        self.removeAll()
        return items
    }

    /// Drops everything queued (the connection closed).
    mutating func removeAll() {
        self.items.removeAll(keepingCapacity: false)
        self.queuedMessages = 0
        self.queuedBytes = 0
    }

    private func fits(_ item: Item) -> Bool {
        self.queuedMessages + item.messages <= self.limits.maximumMessages
            && self.queuedBytes + item.bytes.readableBytes <= self.limits.maximumBytes
    }

    private func couldEverHold(_ item: Item) -> Bool {
        item.messages <= self.limits.maximumMessages && item.bytes.readableBytes <= self.limits.maximumBytes
    }

    private mutating func append(_ item: Item) {
        self.items.append(item)
        self.queuedMessages += item.messages
        self.queuedBytes += item.bytes.readableBytes
    }

    private mutating func remove(_ item: Item) {
        self.queuedMessages -= item.messages
        self.queuedBytes -= item.bytes.readableBytes
    }
}
