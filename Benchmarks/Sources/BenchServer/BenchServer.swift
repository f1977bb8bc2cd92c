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
internal import NIOCore
internal import NIOPosix
internal import ReactiveMessaging
internal import Synchronization

/// The benchmark server of `../shared/bench` built on ReactiveMessaging: counts `data`, answers `ping` with
/// `pong(id, val + 1)` and `end` with `ack(count)`.
@main
struct BenchServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serves the wire protocol of ../shared/bench with ReactiveMessaging."
    )

    enum Framing: String, ExpressibleByArgument {
        case line
        case len
    }

    @Option(help: "line (op=ping id=1 v=2\\n) or len (UInt32 length + 24-byte binary frame), for --serde custom.")
    var framing: Framing = .line

    @Option(
        help: """
            custom: the shared protocol's own serializers (per --framing); or a built-in: textual, fixed (the \
            28-byte len frame as a FixedSizeMessage) or variable.
            """
    )
    var serde: String = "custom"

    @Option(
        name: .customLong("composite"),
        help: """
            none; handshake: a composite protocol, one line in a first state, then --serde; alternate: a composite             protocol whose every message switches state, between a line and a 28-byte frame.
            """
    )
    var compositeName: String = "none"

    /// The `--composite` option.
    var composite: BenchComposite { BenchComposite(rawValue: self.compositeName) ?? .none }

    func validate() throws {
        guard BenchComposite(rawValue: self.compositeName) != nil else {
            throw ValidationError("--composite is none, handshake or alternate")
        }
    }

    @Option(help: "The port to listen on, on 127.0.0.1.")
    var port: Int = 9000

    @Option(help: "How many event-loop threads serve the connections.")
    var threads: Int = 1

    @Option(name: .customLong("max-seconds"), help: "Stop after this many seconds.")
    var maxSeconds: Int = 600

    @Option(name: .customLong("tls-cert"), help: "TLS with this certificate chain (PEM), with --tls-key.")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "The private key of --tls-cert (PEM).")
    var tlsKey: String?

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        var transport = Server.Transport.tcp(host: "127.0.0.1", port: self.port)
        if let certificate = self.tlsCertificate, let key = self.tlsKey {
            transport = transport.tls(
                Server.TLS(identity: TLSIdentity(certificateChain: [.pemFile(certificate)], privateKey: .pemFile(key)))
            )
        }
        var configuration = Server.Configuration(backlog: 4_096)
        configuration.connection.idleTimeout = nil
        let server: Server
        switch (self.serde, self.framing, self.composite) {
        case (_, _, .alternate):
            server = Server(
                transport: transport,
                configuration: configuration,
                conversation: .composite(Self.alternating()),
                eventLoopGroup: group
            )
        case ("custom", .line, _): server = self.makeServer(transport, configuration, BenchLineSerializer(), group)
        case ("custom", .len, _): server = self.makeServer(transport, configuration, BenchBinarySerializer(), group)
        default:
            guard let serde = Serde(self.serde) else { throw ValidationError("--serde needs a name") }
            let serializer = try BuiltInSerializer<BenchMessage, BenchMessage>(validating: serde)
            server = self.makeServer(transport, configuration, serializer, group)
        }
        let maxSeconds = self.maxSeconds
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask { try await server.run() }
            tasks.addTask {
                try await Task.sleep(for: .seconds(maxSeconds))
                server.beginGracefulShutdown()
            }
            tasks.addTask {
                let address = try await server.listeningAddress
                print(
                    "BenchServer serde=\(self.serde) framing=\(self.framing.rawValue) composite=\(self.composite) "
                        + "threads=\(self.threads) tls=\(self.tlsCertificate != nil) listening on \(address)"
                )
            }
        }
        try await group.shutdownGracefully()
    }

    /// A server that counts in `serializer`, after a handshake line if `--composite handshake`.
    func makeServer<Serializer: MessageSerializer<BenchMessage, BenchMessage>>(
        _ transport: Server.Transport,
        _ configuration: Server.Configuration,
        _ serializer: Serializer,
        _ group: MultiThreadedEventLoopGroup
    ) -> Server {
        guard self.composite == .handshake else {
            return Server(
                transport: transport,
                configuration: configuration,
                conversation: .processor(serializer: serializer) { inbound, context in
                    var tally = Tally()
                    for try await message in inbound {
                        try await tally.handle(message, context)
                    }
                },
                eventLoopGroup: group
            )
        }
        var handshake = CompositeProtocol<Phase, Void>(initial: .handshake) { _ in }
        handshake.add(.handshake, serializer: BenchLineSerializer()) { inbound, _, _ in
            for try await _ in inbound {
                return .main
            }
            return nil
        }
        handshake.add(.main, serializer: serializer) { inbound, context, _ in
            var tally = Tally()
            for try await message in inbound {
                try await tally.handle(message, context)
            }
            return nil
        }
        return Server(
            transport: transport,
            configuration: configuration,
            conversation: .composite(handshake),
            eventLoopGroup: group
        )
    }

    /// A composite protocol whose every message switches state: a line, then a 28-byte frame, and so on.
    static func alternating() -> CompositeProtocol<Phase, SharedTally> {
        var alternating = CompositeProtocol<Phase, SharedTally>(initial: .handshake) { _ in SharedTally() }
        alternating.add(.handshake, serializer: BenchLineSerializer()) { inbound, context, shared in
            for try await message in inbound {
                try await shared.handle(message, context)
                return .main
            }
            return nil
        }
        alternating.add(.main, serializer: FixedSizeSerializer<BenchMessage, BenchMessage>()) {
            inbound,
            context,
            shared in
            for try await message in inbound {
                try await shared.handle(message, context)
                return .handshake
            }
            return nil
        }
        return alternating
    }
}

/// The states of the composite benchmark protocols.
enum Phase: Hashable, Sendable {
    case handshake
    case main
}

/// Counts `data` messages, answers `ping` with `pong` and `end` with `ack(count)`.
struct Tally {
    var count: UInt64 = 0

    mutating func handle(_ message: BenchMessage, _ context: ConnectionContext<BenchMessage>) async throws {
        switch message.op {
        case .data:
            self.count &+= 1
        case .ping:
            try await context.send(BenchMessage(op: .pong, id: message.id, val: message.val &+ 1))
        case .end:
            try await context.send(BenchMessage(op: .ack, id: self.count, val: 0))
            self.count = 0
        case .pong, .ack:
            break
        }
    }
}

/// A `Tally` kept in a composite connection's session, across its states.
final class SharedTally: Sendable {
    private let tally = Mutex(Tally())

    func handle(_ message: BenchMessage, _ context: ConnectionContext<BenchMessage>) async throws {
        // Only `end` and `ping` answer; the lock is not held across the send.
        let reply = self.tally.withLock { tally -> BenchMessage? in
            switch message.op {
            case .data:
                tally.count &+= 1
                return nil
            case .end:
                defer { tally.count = 0 }
                return BenchMessage(op: .ack, id: tally.count, val: 0)
            case .ping:
                return BenchMessage(op: .pong, id: message.id, val: message.val &+ 1)
            case .pong, .ack:
                return nil
            }
        }
        if let reply {
            try await context.send(reply)
        }
    }
}
