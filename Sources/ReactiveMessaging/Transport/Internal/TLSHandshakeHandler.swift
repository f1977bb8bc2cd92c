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
internal import NIOSSL
internal import NIOTLS

/// Sits after NIOSSL's handler: bounds the handshake by its deadline, tells how it ended (the peer's verified
/// certificate, or a typed error), and turns NIOSSL's later errors into typed ones.
///
/// The handshake's outcome is a future that the server or client awaits before the connection's processor starts:
/// a connection that fails its handshake never runs one. After the handshake, a peer closing without TLS's
/// `close_notify` (a ragged end: many clients just close the socket) counts as the peer closing, not as an error:
/// every message is framed, so a cut message is still detected by its framing.
final class TLSHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Succeeds with the peer's certificate (`nil` if it presented none) once the handshake completes; fails with
    /// `tlsHandshakeFailed`, `certificateRejected` or `handshakeTimeout`.
    let handshake: EventLoopPromise<TLSPeerCertificate?>

    private let tlsHandler: NIOSSLHandler
    private let timeout: Duration
    /// Who is on the other end, for the errors' messages: `"client"` or `"server"`.
    private let peer: String
    private var deadline: Scheduled<Void>?
    private var isHandshakeOver = false

    init(tlsHandler: NIOSSLHandler, timeout: Duration, peer: String, eventLoop: any EventLoop) {
        self.tlsHandler = tlsHandler
        self.timeout = timeout
        self.peer = peer
        self.handshake = eventLoop.makePromise()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive {
            self.startDeadline(context: context)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.startDeadline(context: context)
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent, !self.isHandshakeOver {
            self.isHandshakeOver = true
            self.deadline?.cancel()
            self.handshake.succeed(self.tlsHandler.peerCertificate.map(TLSPeerCertificate.init))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if self.isHandshakeOver, case .uncleanShutdown? = error as? NIOSSLError {
            return  // the peer closed without `close_notify`: its end of input follows.
        }
        let failure = TLSFailure.error(error, peer: self.peer)
        self.endHandshake(failing: failure)
        context.fireErrorCaught(failure)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.endHandshake(
            failing: ReactiveMessagingError(
                code: .tlsHandshakeFailed,
                message: "the \(self.peer) closed the connection during the TLS handshake"
            )
        )
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.endHandshake(
            failing: ReactiveMessagingError(code: .tlsHandshakeFailed, message: "the connection closed")
        )
    }

    private func startDeadline(context: ChannelHandlerContext) {
        guard self.deadline == nil, !self.isHandshakeOver else { return }
        let timeout = self.timeout
        self.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            guard !self.isHandshakeOver else { return }
            self.endHandshake(
                failing: ReactiveMessagingError(
                    code: .handshakeTimeout,
                    message: "the TLS handshake with the \(self.peer) did not finish in \(timeout)"
                )
            )
            context.close(promise: nil)
        }
    }

    /// Fails the handshake, if it has not ended yet.
    private func endHandshake(failing failure: ReactiveMessagingError) {
        guard !self.isHandshakeOver else { return }
        self.isHandshakeOver = true
        self.deadline?.cancel()
        self.handshake.fail(failure)
    }
}

@available(*, unavailable)
extension TLSHandshakeHandler: Sendable {}
