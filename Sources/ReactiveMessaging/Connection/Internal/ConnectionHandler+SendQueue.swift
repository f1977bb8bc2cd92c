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

internal import NIOConcurrencyHelpers
internal import NIOCore

extension ConnectionHandler {
    /// What `offer(_:messages:policy:)` did with a send.
    enum Offered {
        /// The send was written, queued or dropped, as the delivery says.
        case delivered(Delivery)
        /// Under `SlowConsumerPolicy/wait`, the channel takes no bytes now: the sender must wait, then write.
        case mustWait
        /// The channel has closed: nothing was sent.
        case closed
    }

    /// Sends `bytes` (`messages` messages) under `policy`, on the channel's event loop: writes them if the channel
    /// takes bytes and nothing is queued, and otherwise queues them or applies the policy.
    ///
    /// On the event loop, so that writability is current: a write from elsewhere only reaches the channel, and
    /// changes its writability, later; deciding there would let a stalled peer's sends pile up past the queue.
    func offer(_ bytes: ByteBuffer, messages: Int, policy: SlowConsumerPolicy) -> Offered {
        self.channel.eventLoop.preconditionInEventLoop()
        let writable = self.channel.isWritable
        let (decision, queueChange) = self.state.withLockedValue {
            state -> (OutboundQueue.Decision?, (messages: Int, bytes: Int)) in
            guard !state.isClosed, self.channel.isActive else { return (nil, (0, 0)) }
            let before = (state.sendQueue.queuedMessages, state.sendQueue.queuedBytes)
            let decision = state.sendQueue.offer(bytes, messages: messages, writable: writable, policy: policy)
            return (
                decision,
                (state.sendQueue.queuedMessages - before.0, state.sendQueue.queuedBytes - before.1)
            )
        }
        self.metrics.sendQueueChanged(messages: queueChange.messages, bytes: queueChange.bytes)
        let delivery: Delivery
        switch decision {
        case nil:
            return .closed
        case .mustWait?:
            return .mustWait
        case .write?:
            self.channel.writeAndFlush(bytes, promise: nil)
            delivery = Delivery(accepted: messages)
        case .queued(let dropped)?:
            delivery = Delivery(accepted: messages, dropped: dropped)
        case .rejected?:
            delivery = Delivery(dropped: messages)
        case .disconnect?:
            self.disconnectSlowConsumer()
            delivery = Delivery(dropped: messages, disconnected: 1)
        }
        self.metrics.sent(messages: delivery.accepted)
        self.metrics.dropped(delivery.dropped, by: policy)
        return .delivered(delivery)
    }

    /// Writes what the send queue holds, oldest first, in one flush; when the channel became writable again.
    func writeQueuedSends(context: ChannelHandlerContext) {
        let items = self.state.withLockedValue { state in state.sendQueue.takeAll() }
        guard !items.isEmpty else { return }
        var written = (messages: 0, bytes: 0)
        for item in items {
            written.messages += item.messages
            written.bytes += item.bytes.readableBytes
            context.write(self.wrapOutboundOut(item.bytes), promise: nil)
        }
        context.flush()
        // Written from here, below this handler's own `write`: counted here.
        self.metrics.sent(bytes: written.bytes)
        self.metrics.sendQueueChanged(messages: -written.messages, bytes: -written.bytes)
    }

    /// Closes the connection because its send queue is full under `SlowConsumerPolicy/disconnect`: its input ends
    /// with `slowConsumer`, which is the reason its `disconnected` event gives.
    private func disconnectSlowConsumer() {
        self.finish(
            .failure(
                ReactiveMessagingError(
                    code: .slowConsumer,
                    message: "the peer does not read, and its send queue is full"
                )
            )
        )
        self.channel.close(promise: nil)
    }
}
