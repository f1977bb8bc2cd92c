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

/// The baseline for TLS: the wire protocol of `../shared/bench` (its `len` framing) served by raw SwiftNIO handlers
/// behind NIOSSL's, in the two shapes `niobench server` has in plaintext:
///
/// - `--mode raw` (the yardstick of every earlier figure): a `ByteToMessageHandler` fires one pipeline event per
///   frame into a handler;
/// - `--mode raw-bytes`: one handler decodes every frame of a read in a loop.
///
/// Either way the replies to a read leave in one write when the read completes.
@main
struct NIOSSLBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serves the len framing of ../shared/bench over TLS with raw SwiftNIO and NIOSSL handlers."
    )

    @Option(help: "The port to listen on, on 127.0.0.1.")
    var port: Int = 9000

    @Option(help: "How many event-loop threads serve the connections.")
    var threads: Int = 1

    @Option(name: .customLong("max-seconds"), help: "Stop after this many seconds.")
    var maxSeconds: Int = 600

    enum Mode: String, ExpressibleByArgument {
        case raw
        case rawBytes = "raw-bytes"
    }

    @Option(help: "raw: a ByteToMessageHandler, one event per frame; raw-bytes: one handler, one loop per read.")
    var mode: Mode = .raw

    @Option(name: .customLong("tls-cert"), help: "The certificate chain (PEM).")
    var tlsCertificate: String

    @Option(name: .customLong("tls-key"), help: "The private key (PEM).")
    var tlsKey: String

    func run() throws {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(self.tlsCertificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: self.tlsKey, format: .pem))
        )
        tls.minimumTLSVersion = .tlsv12
        let context = try NIOSSLContext(configuration: tls)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        let mode = self.mode
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4_096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(NIOSSLServerHandler(context: context))
                    switch mode {
                    case .raw:
                        try pipeline.addHandler(ByteToMessageHandler(BenchFrameDecoder()))
                        try pipeline.addHandler(BenchFrameHandler())
                    case .rawBytes:
                        try pipeline.addHandler(BenchBytesHandler())
                    }
                }
            }
            .bind(host: "127.0.0.1", port: self.port)
            .wait()
        print(
            "NIOSSLBaseline mode=\(mode.rawValue) threads=\(self.threads) listening on \(channel.localAddress.map { "\($0)" } ?? "?")"
        )
        channel.eventLoop.scheduleTask(in: .seconds(Int64(self.maxSeconds))) { channel.close(promise: nil) }
        try channel.closeFuture.wait()
        try group.syncShutdownGracefully()
    }
}

/// A frame of the `len` framing: a 4-byte big-endian length (24), then op, flags, padding, id, val and the tag
/// `0xC0FFEE`.
struct BenchFrame {
    var op: UInt8
    var id: UInt64
    var value: UInt64

    struct Malformed: Error {}

    /// The next frame of `buffer`, or `nil` if it holds less than one.
    static func decode(_ buffer: inout ByteBuffer) throws -> Self? {
        guard buffer.readableBytes >= 28 else { return nil }
        guard
            let (length, op, _, _, id, value, tag) = buffer.readMultipleIntegers(
                as: (UInt32, UInt8, UInt8, UInt16, UInt64, UInt64, UInt32).self
            ),
            length == 24, tag == 0xC0FFEE
        else { throw Malformed() }
        return Self(op: op, id: id, value: value)
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(UInt32(24), self.op, UInt8(0), UInt16(0), self.id, self.value, UInt32(0xC0FFEE))
    }
}

/// What the server does with a frame: counts `data`, answers `ping` with `pong(id, val + 1)` and `end` with
/// `ack(count)`, into the replies of the current read.
struct BenchState {
    var count: UInt64 = 0
    var replies: ByteBuffer?

    mutating func handle(_ frame: BenchFrame, allocator: ByteBufferAllocator) {
        let reply: BenchFrame
        switch frame.op {
        case 1:
            self.count &+= 1
            return
        case 2:
            reply = BenchFrame(op: 3, id: frame.id, value: frame.value &+ 1)
        case 4:
            reply = BenchFrame(op: 5, id: self.count, value: 0)
            self.count = 0
        default:
            return
        }
        var replies = self.replies.take() ?? allocator.buffer(capacity: 256)
        reply.encode(into: &replies)
        self.replies = replies
    }

    /// Writes the replies of the read that completed, in one write.
    mutating func flush(_ context: ChannelHandlerContext) {
        if let replies = self.replies {
            self.replies = nil
            context.writeAndFlush(NIOAny(replies), promise: nil)
        }
    }
}

/// `niobench --mode raw`'s decoder: one pipeline event per frame.
struct BenchFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = BenchFrame

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try BenchFrame.decode(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        try self.decode(context: context, buffer: &buffer)
    }
}

/// Takes `BenchFrameDecoder`'s frames, one event each.
final class BenchFrameHandler: ChannelInboundHandler {
    typealias InboundIn = BenchFrame
    typealias OutboundOut = ByteBuffer

    private var state = BenchState()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.state.handle(Self.unwrapInboundIn(data), allocator: context.channel.allocator)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.state.flush(context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// `niobench --mode raw-bytes`: decodes every frame of a read in one loop.
final class BenchBytesHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var state = BenchState()
    private var received = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = Self.unwrapInboundIn(data)
        if self.received.readableBytes == 0 {
            self.received = chunk
        } else {
            self.received.writeBuffer(&chunk)
        }
        do {
            while let frame = try BenchFrame.decode(&self.received) {
                self.state.handle(frame, allocator: context.channel.allocator)
            }
        } catch {
            context.close(promise: nil)
            return
        }
        if self.received.readableBytes == 0 {
            self.received = ByteBuffer()
        } else {
            self.received.discardReadBytes()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.state.flush(context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
