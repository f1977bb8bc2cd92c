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

/// Turns `IdleStateHandler`'s read-idle event into a typed error on the connection's input, then closes.
///
/// The error reaches the processor through its inbound sequence, and the connection reports
/// `ReactiveMessagingError.Code.idleTimeout` as the reason it ended.
final class IdleTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: Duration

    init(timeout: Duration) {
        self.timeout = timeout
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        context.fireErrorCaught(
            ReactiveMessagingError(code: .idleTimeout, message: "nothing was received for \(self.timeout)")
        )
        context.close(promise: nil)
    }
}
