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

internal import ArgumentParser
internal import NIOCore
internal import NIOPosix
internal import NIOSSL
internal import NIOTLS

/// A one-connection flood of the shared protocol's `len` frames, over TLS or not, faster than any server it drives:
/// raw SwiftNIO with NIOSSL's handler, writing one 64 KiB batch of frames encoded once, again and again, while the
/// socket takes it; then `end`, and the `ack` with the count. Prints one JSON line with `msgs_per_s`.
///
/// BenchClient, built on this package's `Client`, tops out near 5.7M frames per second: below what the servers take,
/// so a flood it drives measures the client. This one does not.
@main
struct TLSFloodClient: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Floods one connection with len frames (TLS or not).")

    @Option(help: "The server's port, on 127.0.0.1.")
    var port: Int = 9000

    @Option(help: "How many data frames to send (rounded up to whole 64 KiB batches).")
    var count: Int = 20_000_000

    @Option(name: .customLong("tls-ca"), help: "TLS, trusting this CA (PEM); plaintext without it.")
    var tlsCA: String?

    func run() throws {
        let context = try self.tlsCA.map { ca in
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
            return try NIOSSLContext(configuration: configuration)
        }
        let perBatch = 64 * 1_024 / 28
        let batches = (self.count + perBatch - 1) / perBatch
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let done = group.next().makePromise(of: UInt64.self)
        let start = ContinuousClock.now
        let channel = try ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: context, serverHostname: nil)
                        )
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        FloodSender(batches: batches, perBatch: perBatch, overTLS: context != nil, done: done)
                    )
                }
            }
            .connect(host: "127.0.0.1", port: self.port)
            .wait()
        let acknowledged = try done.futureResult.wait()
        let elapsed = ContinuousClock.now - start
        try channel.close().wait()
        try group.syncShutdownGracefully()
        let sent = batches * perBatch
        guard acknowledged == UInt64(sent) else {
            throw ValidationError("the server acknowledged \(acknowledged) of \(sent) frames")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            #"{"tool":"TLSFloodClient","tls":\#(context != nil),"msgs":\#(sent),"msgs_per_s":\#(Double(sent) / seconds)}"#
        )
    }
}

/// Writes the batches while the channel is writable, then `end`; completes `done` with the `ack`'s count.
final class FloodSender: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let batch: ByteBuffer
    private var remaining: Int
    private let done: EventLoopPromise<UInt64>
    private var received = ByteBuffer()
    /// Over TLS, sending waits for the handshake: NIOSSL keeps what is written before it, whatever the socket takes.
    private var isReady: Bool

    init(batches: Int, perBatch: Int, overTLS: Bool, done: EventLoopPromise<UInt64>) {
        var batch = ByteBuffer()
        for id in 0..<perBatch {
            batch.writeMultipleIntegers(
                UInt32(24),
                UInt8(1),
                UInt8(0),
                UInt16(0),
                UInt64(id),
                UInt64(0),
                UInt32(0xC0FFEE)
            )
        }
        self.batch = batch
        self.remaining = batches
        self.done = done
        self.isReady = !overTLS
    }

    func channelActive(context: ChannelHandlerContext) {
        self.send(context)
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent {
            self.isReady = true
            self.send(context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.send(context)
        context.fireChannelWritabilityChanged()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = Self.unwrapInboundIn(data)
        self.received.writeBuffer(&chunk)
        if self.received.readableBytes >= 28,
            let (_, op, _, _, count, _, _) = self.received.readMultipleIntegers(
                as: (UInt32, UInt8, UInt8, UInt16, UInt64, UInt64, UInt32).self
            ), op == 5
        {
            self.done.succeed(count)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.done.fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.done.fail(error)
        context.close(promise: nil)
    }

    private func send(_ context: ChannelHandlerContext) {
        guard self.isReady, self.remaining > 0 else { return }
        while self.remaining > 0, context.channel.isWritable {
            self.remaining -= 1
            context.write(Self.wrapOutboundOut(self.batch), promise: nil)
            if self.remaining % 16 == 0 { context.flush() }
        }
        if self.remaining == 0 {
            var end = context.channel.allocator.buffer(capacity: 28)
            end.writeMultipleIntegers(UInt32(24), UInt8(4), UInt8(0), UInt16(0), UInt64(0), UInt64(0), UInt32(0xC0FFEE))
            context.write(Self.wrapOutboundOut(end), promise: nil)
        }
        context.flush()
    }
}
