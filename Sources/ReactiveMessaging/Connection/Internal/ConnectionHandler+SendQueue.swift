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
        let decision = self.state.withLockedValue { state -> OutboundQueue.Decision? in
            guard !state.isClosed, self.channel.isActive else { return nil }
            return state.sendQueue.offer(bytes, messages: messages, writable: writable, policy: policy)
        }
        switch decision {
        case nil:
            return .closed
        case .write?:
            self.channel.writeAndFlush(bytes, promise: nil)
            return .delivered(Delivery(accepted: messages))
        case .queued(let dropped)?:
            return .delivered(Delivery(accepted: messages, dropped: dropped))
        case .rejected?:
            return .delivered(Delivery(dropped: messages))
        case .disconnect?:
            self.disconnectSlowConsumer()
            return .delivered(Delivery(dropped: messages, disconnected: 1))
        case .mustWait?:
            return .mustWait
        }
    }

    /// Writes what the send queue holds, oldest first, in one flush; when the channel became writable again.
    func writeQueuedSends(context: ChannelHandlerContext) {
        let items = self.state.withLockedValue { state in state.sendQueue.takeAll() }
        guard !items.isEmpty else { return }
        for item in items {
            context.write(self.wrapOutboundOut(item.bytes), promise: nil)
        }
        context.flush()
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
