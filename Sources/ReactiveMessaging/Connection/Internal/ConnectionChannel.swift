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

package import NIOCore

/// A connection's channel and the `ConnectionHandler` that takes its reads. Servers, clients and the test kit
/// build it the same way.
@usableFromInline
package struct ConnectionChannel: Sendable {
    /// The NIO channel.
    let channel: any Channel

    /// The reads, and waiting for writability, from the pipeline's `ConnectionHandler`.
    let handler: ConnectionHandler

    /// The outcome of the TLS handshake, on a connection over TLS: the peer's verified certificate, or a typed
    /// error.
    let handshake: EventLoopFuture<TLSPeerCertificate?>?

    /// Builds a connection's pipeline and wraps it; called in the bootstrap's initializer, so no read can be lost
    /// before the handlers are in place.
    ///
    /// The channel reads into buffers of `initialReadBufferSize` at first. The pipeline: TLS's handlers (with
    /// `tls`), the idle-timeout handlers (if configured), then the `ConnectionHandler`. The handler is kept here
    /// rather than looked up in the pipeline later: a connection closed before its task starts (an idle timeout
    /// under load) has its handlers removed, and its handler must still tell why it ended.
    static func wrap(
        _ channel: any Channel,
        configuration: ConnectionConfiguration,
        tls: TLSChannelSetup?,
        metrics: ConnectionMetrics
    ) throws -> Self {
        let pipeline = channel.pipeline.syncOperations
        try channel.syncOptions?.setOption(
            .recvAllocator,
            value: AdaptiveRecvByteBufferAllocator(
                minimum: ConnectionConfiguration.readBufferSizes.lowerBound,
                initial: configuration.initialReadBufferSize,
                maximum: ConnectionConfiguration.readBufferSizes.upperBound
            )
        )
        let handshake = try tls?.addHandlers(to: channel)
        if let idleTimeout = configuration.idleTimeout {
            try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(idleTimeout)))
            try pipeline.addHandler(IdleTimeoutHandler(timeout: idleTimeout))
        }
        let handler = ConnectionHandler(channel: channel, sendQueue: configuration.sendQueue, metrics: metrics)
        try pipeline.addHandler(handler)
        return Self(channel: channel, handler: handler, handshake: handshake)
    }

    /// Builds a plaintext connection's pipeline and wraps it (see `wrap(_:configuration:tls:metrics:)`).
    package static func wrap(
        _ channel: any Channel,
        configuration: ConnectionConfiguration,
        metrics: MetricsConfiguration = MetricsConfiguration()
    ) throws -> Self {
        try Self.wrap(channel, configuration: configuration, tls: nil, metrics: ConnectionMetrics(metrics))
    }

    /// Waits for the TLS handshake to end; closes the connection if the task is cancelled first.
    ///
    /// - Returns: The peer's verified certificate (`nil` without TLS, or if the peer presented none), or the
    ///   typed error the handshake failed with.
    func completeHandshake() async -> Result<TLSPeerCertificate?, ReactiveMessagingError> {
        guard let handshake = self.handshake else { return .success(nil) }
        let channel = self.channel
        return await withTaskCancellationHandler {
            do {
                return .success(try await handshake.get())
            } catch {
                return .failure(TLSFailure.error(error, peer: "peer"))
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Closes the channel, if it is not closed already.
    func close() async {
        try? await self.channel.close()
    }
}
