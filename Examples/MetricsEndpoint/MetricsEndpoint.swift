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

public import Logging
public import NIOCore
internal import NIOHTTP1
internal import NIOPosix
public import Prometheus
public import ServiceLifecycle

/// Serves a Prometheus registry in the Prometheus text format at `GET /metrics`, over plain HTTP/1.1: what the
/// example servers run on `--metrics-port`.
///
/// Each connection gets one response and is closed (a scraper connects again for its next scrape): `200` with
/// the metrics for `GET /metrics`, `404` for any other path, `405` for any other method. A connection that sends
/// no request head within `requestTimeout` is closed; so is every connection at the graceful shutdown.
///
/// A `Service`: run it beside the server in the same `ServiceGroup`.
public struct MetricsEndpoint: Service {
    private let host: String
    private let port: Int
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger
    private let requestTimeout: TimeAmount
    private let onListening: @Sendable (SocketAddress) -> Void

    /// An endpoint that will listen on `host` and `port` (0 for a free one: `onListening` tells which).
    ///
    /// - Parameters:
    ///   - host: The address to listen on; loopback by default, so that only this machine can scrape.
    ///   - port: The port to listen on.
    ///   - registry: The registry whose metrics are served.
    ///   - requestTimeout: How long a connection may take to send its request head.
    ///   - logger: Where the endpoint logs.
    ///   - onListening: Called with the address once `run()` listens.
    public init(
        host: String = "127.0.0.1",
        port: Int,
        registry: PrometheusCollectorRegistry,
        requestTimeout: TimeAmount = .seconds(10),
        logger: Logger,
        onListening: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.registry = registry
        self.requestTimeout = requestTimeout
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves scrapes until the graceful shutdown, or until cancelled.
    ///
    /// - Throws: If the endpoint cannot listen (the port is in use, say).
    public func run() async throws {
        let requestTimeout = self.requestTimeout
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: self.host, port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: requestTimeout))
                    try channel.pipeline.syncOperations.addHandler(CloseWhenIdle())
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        let address = listener.channel.localAddress
        if let address { self.onListening(address) }
        let url = "http://\(address?.ipAddress ?? self.host):\(address?.port ?? self.port)/metrics"
        self.logger.info("serving metrics", metadata: ["url": "\(url)"])
        let registry = self.registry
        let logger = self.logger
        try await withGracefulShutdownHandler {
            try await listener.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask {
                            await cancelWhenGracefulShutdown {
                                await Self.serve(connection, registry: registry, logger: logger)
                            }
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            listener.channel.close(promise: nil)
        }
    }

    /// Answers one request, then closes the connection.
    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        registry: PrometheusCollectorRegistry,
        logger: Logger
    ) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await part in inbound {
                    guard case .head(let request) = part else { continue }
                    let (status, body) = Self.response(to: request, registry: registry)
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
                    headers.add(name: "Content-Length", value: "\(body.count)")
                    headers.add(name: "Connection", value: "close")
                    if status == .methodNotAllowed { headers.add(name: "Allow", value: "GET") }
                    try await outbound.write(
                        .head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))
                    )
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
                    try await outbound.write(.end(nil))
                    return
                }
            }
        } catch {
            logger.debug("a metrics request failed", metadata: ["error": "\(error)"])
        }
    }

    /// The status and body that answer `request`.
    static func response(
        to request: HTTPRequestHead,
        registry: PrometheusCollectorRegistry
    ) -> (HTTPResponseStatus, [UInt8]) {
        guard request.method == .GET || request.method == .HEAD else {
            return (.methodNotAllowed, Array("only GET /metrics is served\n".utf8))
        }
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        guard path == "/metrics" else {
            return (.notFound, Array("not found: the metrics are at /metrics\n".utf8))
        }
        return (.ok, request.method == .HEAD ? [] : registry.emitToBuffer())
    }
}

/// Closes a connection that sent nothing for the `IdleStateHandler`'s read timeout.
private final class CloseWhenIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .read? = event as? IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }
}
