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

/// Sends one message to many connections: encodes it once per serializer, then offers it to each connection on
/// its event loop, one hop per loop, under one `SlowConsumerPolicy`.
enum FanOut {
    /// One connection's share of a fan-out.
    struct Send: Sendable {
        let shared: ConnectionShared
        let frames: ByteBuffer
    }

    /// The sends for the connections of one event loop.
    struct Batch: Sendable {
        let loop: any EventLoop
        var sends: [Send]
    }

    /// What a batch did: its counts, and the sends that must wait for their channel (policy `wait`).
    struct Outcome: Sendable {
        var delivery = Delivery()
        var waiting: [Send] = []

        mutating func add(_ other: Outcome) {
            self.delivery.add(other.delivery)
            self.waiting.append(contentsOf: other.waiting)
        }
    }

    /// Sends `message` to every member but `excluded`.
    ///
    /// - Returns: What became of it, summed over the members.
    /// - Throws: `encodingFailed` before anything is sent; `CancellationError` while waiting under `wait`.
    static func send<Outbound: Sendable>(
        _ message: Outbound,
        to members: some Collection<ConnectionPeer<Outbound>>,
        excluding excluded: ConnectionID?,
        whenFull policy: SlowConsumerPolicy
    ) async throws -> Delivery {
        let (unreachable, batches) = try Self.prepare(message, for: members, excluding: excluded)
        var outcome = unreachable
        var submitted: [EventLoopFuture<Outcome>] = []
        for batch in batches {
            if batch.loop.inEventLoop {
                outcome.add(Self.offer(batch.sends, policy: policy))
            } else {
                let sends = batch.sends
                submitted.append(batch.loop.submit { Self.offer(sends, policy: policy) })
            }
        }
        for future in submitted {
            outcome.add(try await future.get())
        }
        // Every member that took bytes has the message; now wait for the others, one after another.
        for send in outcome.waiting {
            do {
                try await send.shared.write(send.frames)
                send.shared.handler.metrics.sent(messages: 1)
                outcome.delivery.accepted += 1
            } catch let error as CancellationError {
                throw error
            } catch {
                outcome.delivery.unreachable += 1
            }
        }
        return outcome.delivery
    }

    /// Offers `message` to every member but `excluded` under a non-waiting `policy`, and returns without waiting
    /// for the other event loops to have done it.
    ///
    /// - Returns: How many members it was offered to (not counting members that had closed).
    /// - Throws: `encodingFailed` before anything is sent.
    static func post<Outbound: Sendable>(
        _ message: Outbound,
        to members: some Collection<ConnectionPeer<Outbound>>,
        excluding excluded: ConnectionID?,
        whenFull policy: SlowConsumerPolicy
    ) throws -> Int {
        let (_, batches) = try Self.prepare(message, for: members, excluding: excluded)
        var offered = 0
        for batch in batches {
            offered += batch.sends.count
            if batch.loop.inEventLoop {
                _ = Self.offer(batch.sends, policy: policy)
            } else {
                let sends = batch.sends
                batch.loop.execute { _ = Self.offer(sends, policy: policy) }
            }
        }
        return offered
    }

    /// Encodes `message` once per serializer and sorts the open members by event loop; the closed ones are counted
    /// `unreachable`.
    private static func prepare<Outbound: Sendable>(
        _ message: Outbound,
        for members: some Collection<ConnectionPeer<Outbound>>,
        excluding excluded: ConnectionID?
    ) throws -> (Outcome, [Batch]) {
        var outcome = Outcome()
        var encodings: [(encoder: OutboundEncoder<Outbound>, frames: ByteBuffer)] = []
        var batches: [Batch] = []
        for peer in members where peer.connectionID != excluded {
            guard (try? peer.checkOpen()) != nil else {
                outcome.delivery.unreachable += 1
                continue
            }
            let frames: ByteBuffer
            if let known = encodings.first(where: { $0.encoder === peer.encoder }) {
                frames = known.frames
            } else {
                frames = try peer.encoder.encodeFrames(
                    CollectionOfOne(message),
                    allocator: peer.shared.channel.allocator
                ).frames
                encodings.append((peer.encoder, frames))
            }
            let send = Send(shared: peer.shared, frames: frames)
            let loop = peer.shared.channel.eventLoop
            if let index = batches.firstIndex(where: { $0.loop === loop }) {
                batches[index].sends.append(send)
            } else {
                batches.append(Batch(loop: loop, sends: [send]))
            }
        }
        return (outcome, batches)
    }

    /// Offers each send to its connection, on their event loop.
    private static func offer(_ sends: [Send], policy: SlowConsumerPolicy) -> Outcome {
        var outcome = Outcome()
        for send in sends {
            switch send.shared.handler.offer(send.frames, messages: 1, policy: policy) {
            case .delivered(let delivery):
                outcome.delivery.add(delivery)
            case .mustWait:
                outcome.waiting.append(send)
            case .closed:
                outcome.delivery.unreachable += 1
            }
        }
        return outcome
    }
}
