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
internal import BenchProtocol
internal import NIOConcurrencyHelpers
internal import NIOCore
internal import NIOPosix
internal import ReactiveMessaging

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Fan-out of each of M messages to N connections: `ConnectionGroups` against raw SwiftNIO writing the same frames
/// to the same channels. `server` serves the N connections of a `sink` (another process, so that the server's CPU
/// is its own) and reports the CPU it spent from the first message until the sink closed; the sink reports how long
/// it took from its first byte to its last. `fanout_ab.py` drives both.
@main
struct FanOutBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "FanOutBench",
        abstract: "Fan-out of messages to many connections, ours against raw SwiftNIO.",
        subcommands: [ServerCommand.self, SinkCommand.self]
    )

    /// Which server fans out.
    enum Implementation: String, ExpressibleByArgument, Sendable {
        /// `ConnectionGroups.send(_:to:whenFull: .wait)`: encoded once, one hop per event loop, back-pressure.
        case ours
        /// `ConnectionGroups.send(_:to:whenFull: .dropNewest)` with a send queue large enough never to drop: what
        /// the raw NIO loop does, buffering without bound.
        case queued
        /// `ConnectionGroups.post(_:to:whenFull: .dropNewest)`, with the same send queue: returns without waiting.
        case posted
        /// A loop over the channels, `writeAndFlush` of the same encoded frame to each.
        case nio
    }

    /// The frame of message `index`, as the benchmark's binary serializer writes it (28 bytes).
    static func message(_ index: Int) -> BenchMessage {
        BenchMessage(op: .data, id: UInt64(index), val: 0)
    }

    struct ServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "server")

        @Option var implementation: Implementation
        @Option var connections: Int
        @Option var messages: Int

        func run() async throws {
            switch self.implementation {
            case .ours: try await Self.runOurs(connections: self.connections, messages: self.messages, policy: .wait)
            case .queued:
                try await Self.runOurs(connections: self.connections, messages: self.messages, policy: .dropNewest)
            case .posted:
                try await Self.runOurs(
                    connections: self.connections,
                    messages: self.messages,
                    policy: .dropNewest,
                    posts: true
                )
            case .nio: try await Self.runNIO(connections: self.connections, messages: self.messages)
            }
        }

        static func runOurs(
            connections: Int,
            messages: Int,
            policy: SlowConsumerPolicy,
            posts: Bool = false
        ) async throws {
            let members = ConnectionGroups<Int, BenchMessage>()
            let (joins, joined) = AsyncStream.makeStream(of: Void.self)
            let (closes, closed) = AsyncStream.makeStream(of: Void.self)
            var configuration = Server.Configuration()
            if policy != .wait {
                configuration.connection.sendQueue = SendQueueLimits(maximumMessages: 1 << 30, maximumBytes: 1 << 40)
            }
            let server = Server(
                transport: .tcp(host: "127.0.0.1", port: 0),
                configuration: configuration,
                conversation: .processor(serializer: BenchBinarySerializer()) { inbound, context in
                    try members.join(0, context.peer)
                    joined.yield()
                    for try await _ in inbound {}
                },
                onEvent: { event in
                    if event.kind == .disconnected { closed.yield() }
                }
            )
            try await server.withRunning { address in
                say("port \(address.port ?? 0)")
                try await Self.await(connections, of: joins)
                let start = Self.cpuSeconds()
                for index in 0..<messages {
                    if posts {
                        try members.post(FanOutBench.message(index), to: 0, whenFull: policy)
                    } else {
                        try await members.send(FanOutBench.message(index), to: 0, whenFull: policy)
                    }
                }
                try await Self.await(connections, of: closes)
                say("cpu_s \(Self.cpuSeconds() - start)")
            }
        }

        static func runNIO(connections: Int, messages: Int) async throws {
            let (accepted, accept) = AsyncStream.makeStream(of: (any Channel).self)
            let (closes, closed) = AsyncStream.makeStream(of: Void.self)
            let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.closeFuture.whenComplete { _ in closed.yield() }
                    accept.yield(channel)
                    return channel.eventLoop.makeSucceededVoidFuture()
                }
                .bind(host: "127.0.0.1", port: 0).get()
            say("port \(listener.localAddress?.port ?? 0)")
            var channels: [any Channel] = []
            for await channel in accepted {
                channels.append(channel)
                if channels.count == connections { break }
            }
            let serializer = BenchBinarySerializer()
            let start = Self.cpuSeconds()
            for index in 0..<messages {
                var frame = ByteBuffer()
                try serializer.framing.writeFrame(into: &frame) { payload in
                    try serializer.encode(FanOutBench.message(index), into: &payload)
                }
                for channel in channels {
                    channel.writeAndFlush(frame, promise: nil)
                }
            }
            try await Self.await(connections, of: closes)
            say("cpu_s \(Self.cpuSeconds() - start)")
            try await listener.close()
        }

        /// Waits for `count` elements of `stream`.
        static func await(_ count: Int, of stream: AsyncStream<Void>) async throws {
            var seen = 0
            for await _ in stream {
                seen += 1
                if seen == count { return }
            }
        }

        /// The process's user and system CPU time, in seconds.
        static func cpuSeconds() -> Double {
            var usage = rusage()
            #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            #else
            getrusage(RUSAGE_SELF, &usage)
            #endif
            let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
            return user + system
        }
    }

    struct SinkCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sink")

        @Option var port: Int
        @Option var connections: Int
        @Option var messages: Int

        func run() async throws {
            let expected = self.connections * self.messages * (BenchMessage.wireSize)
            let counter = ByteCounter(expected: expected)
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            var channels: [any Channel] = []
            for _ in 0..<self.connections {
                let channel = try await ClientBootstrap(group: group)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(CountingHandler(counter))
                        }
                    }
                    .connect(host: "127.0.0.1", port: self.port).get()
                channels.append(channel)
            }
            let seconds = try await counter.done.futureResult.get()
            say("elapsed_s \(seconds)")
            for channel in channels {
                try? await channel.close()
            }
            try await group.shutdownGracefully()
        }
    }
}

/// Counts the bytes every connection of the sink received, and says how long they took from the first byte.
final class ByteCounter: Sendable {
    let expected: Int
    let done: EventLoopPromise<Double>
    private let state = NIOLockedValueBox<(received: Int, first: ContinuousClock.Instant?)>((0, nil))

    init(expected: Int) {
        self.expected = expected
        self.done = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Double.self)
    }

    func add(_ count: Int) {
        let finished = self.state.withLockedValue { state -> Duration? in
            let now = ContinuousClock.now
            if state.first == nil { state.first = now }
            state.received += count
            guard state.received >= self.expected, let first = state.first else { return nil }
            state.received = Int.min
            return now - first
        }
        if let finished {
            let (seconds, attoseconds) = finished.components
            self.done.succeed(Double(seconds) + Double(attoseconds) / 1e18)
        }
    }
}

final class CountingHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let counter: ByteCounter

    init(_ counter: ByteCounter) {
        self.counter = counter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.counter.add(self.unwrapInboundIn(data).readableBytes)
    }
}

/// Writes `line` and a newline to standard output at once (`print` holds what it writes to a pipe).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeBytes { buffer in
            write(1, buffer.baseAddress.map { $0 + written }, buffer.count - written)
        }
        guard count > 0 else { return }
        written += count
    }
}
