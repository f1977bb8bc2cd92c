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

internal import Logging
internal import ReactiveMessaging

/// The flood server: counts each connection's messages, answers requests, and acknowledges the count.
enum FloodServer {
    /// How long a connection may send nothing before the server closes it, unless told otherwise: long, but
    /// bounded, so that silent connections cannot fill the server. A paced client sends on each connection about
    /// every `connections / rate` seconds; a run where that exceeds 300 s needs a longer `--idle-timeout`, or 0.
    static let defaultIdleTimeout = Duration.seconds(300)

    /// Makes a server for `wire`; it runs as a `Service` or with `Server/withRunning(_:)`.
    ///
    /// - Parameters:
    ///   - transport: Where to listen: TCP (port 0 picks a free one, `Server/listeningAddress` tells which), or a
    ///     Unix domain socket.
    ///   - wire: The serializer and payload size its clients use.
    ///   - idleTimeout: How long a connection may send nothing before it is closed; `nil` for never.
    ///   - logger: Where the server logs; per-connection events at debug level. Defaults to no logging.
    static func makeServer(
        transport: Server.Transport,
        wire: FloodWire,
        idleTimeout: Duration? = defaultIdleTimeout,
        logger: Logger = Logger(label: "Flood", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> Server {
        var configuration = Server.Configuration(backlog: 1_024)
        configuration.connection.idleTimeout = idleTimeout
        return try await wire.run(Factory(transport: transport, configuration: configuration, logger: logger))
    }

    /// The processor: counts `data` and `request`, answers each `request` with a `reply` that carries its
    /// sequence number and timestamp back, and `end` with `ack(count)`.
    ///
    /// Replies go through `ConnectionContext/send(_:)`, so the replies to one read leave in one write.
    static func serve<Payload: FloodPayload>(
        _ inbound: ConnectionInbound<FloodMessage<Payload>>,
        _ context: ConnectionContext<FloodMessage<Payload>>
    ) async throws {
        var count: UInt64 = 0
        for try await message in inbound {
            switch message.kind {
            case .data:
                count &+= 1
            case .request:
                count &+= 1
                var reply = message
                reply.kind = .reply
                try await context.send(reply)
            case .end:
                var ack = message
                ack.kind = .ack
                ack.sequence = count
                try await context.send(ack)
                count = 0
            case .reply, .ack:
                context.logger.debug(
                    "ignored a message only a server sends",
                    metadata: ["flood.kind": "\(message.kind)"]
                )
            }
        }
    }

    /// Builds the server once the serializer's type is known.
    private struct Factory: FloodWireBody {
        let transport: Server.Transport
        let configuration: Server.Configuration
        let logger: Logger

        func run<Payload: FloodPayload, Serializer: MessageSerializer<FloodMessage<Payload>, FloodMessage<Payload>>>(
            _ serializer: Serializer,
            payload: Payload
        ) async throws -> Server {
            Server(
                transport: self.transport,
                configuration: self.configuration,
                conversation: .processor(serializer: serializer, FloodServer.serve),
                logger: self.logger
            )
        }
    }
}
