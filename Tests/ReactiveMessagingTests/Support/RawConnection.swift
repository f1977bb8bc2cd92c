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

import NIOCore
import NIOPosix
import ReactiveMessagingTesting
import Testing

/// A plain TCP client that reads and writes bytes, to play a peer exactly, good or hostile.
final class RawConnection {
    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var received = ByteBuffer()

    private init(
        channel: any Channel,
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Connects to `127.0.0.1:port`, runs `body`, then closes.
    ///
    /// The connect timeout is NIO's usual 10 s, scaled by `TestTiming.scale`: a loaded machine (a sanitizer run)
    /// can leave a connection in the server's accept queue for seconds.
    static func with<Result>(
        port: Int,
        _ body: (RawConnection) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connectTimeout(TimeAmount(TestTiming.connectTimeout))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true)
                    )
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(
                RawConnection(channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound)
            )
        }
    }

    /// The port this end of the connection is bound to: the server sees it as the peer's port.
    var localPort: Int? {
        self.channel.localAddress?.port
    }

    func write(_ text: String) async throws {
        try await self.outbound.write(ByteBuffer(string: text))
    }

    func write(bytes: some Sequence<UInt8>) async throws {
        try await self.outbound.write(ByteBuffer(bytes: Array(bytes)))
    }

    /// Half-closes: the server sees the end of the stream, and can still answer.
    func finishWriting() {
        self.outbound.finish()
    }

    /// Drops the connection abruptly: the server sees a reset, not an orderly end.
    func reset() async throws {
        let options = try #require(self.channel as? any SocketOptionProvider)
        try await options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        try await self.channel.close()
    }

    /// The next line the server sent, without its newline; `nil` at the end of the stream.
    func readLine() async throws -> String? {
        while true {
            if let newline = self.received.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = newline - self.received.readerIndex
                let line = self.received.readString(length: length)
                self.received.moveReaderIndex(forwardBy: 1)
                return line
            }
            guard var chunk = try await self.inbound.next() else { return nil }
            self.received.writeBuffer(&chunk)
        }
    }

    /// The next `count` bytes the server sent; fewer only if the stream ends first.
    func readBytes(_ count: Int) async throws -> [UInt8] {
        while self.received.readableBytes < count, var chunk = try await self.inbound.next() {
            self.received.writeBuffer(&chunk)
        }
        return self.received.readBytes(length: min(count, self.received.readableBytes)) ?? []
    }

    /// Every line until the server closes the stream.
    func readLinesToEnd() async throws -> [String] {
        var lines: [String] = []
        while let line = try await self.readLine() {
            lines.append(line)
        }
        return lines
    }

    /// Waits for the server to close the stream; returns whether it ended cleanly (not reset).
    func waitForClose() async -> Bool {
        do {
            while try await self.inbound.next() != nil {}
            return true
        } catch {
            return false
        }
    }
}
