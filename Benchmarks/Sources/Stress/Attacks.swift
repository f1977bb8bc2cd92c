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
internal import NIOPosix

/// A hostile peer's connection: bytes out, nothing read until it waits for the end.
///
/// Each write waits until NIO has handed its bytes to the socket, so a peer whose writes back up holds one write,
/// not a queue: the process's memory is the servers' to account for. (`NIOAsyncChannel`'s writer, used from a
/// task off the channel's event loop, let a peer that never reads queue hundreds of megabytes before the event
/// loop got round to marking the channel unwritable.)
struct RawPeer {
    let channel: any Channel

    /// Connects to `127.0.0.1:port` without reading, runs `body`, then closes.
    static func with(port: Int, _ body: (RawPeer) async throws -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
            .connect(host: "127.0.0.1", port: port)
            .get()
        do {
            try await body(RawPeer(channel: channel))
        } catch {
            channel.close(promise: nil)
            throw error
        }
        channel.close(promise: nil)
        try? await channel.closeFuture.get()
    }

    func write(_ bytes: some Sequence<UInt8>) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: Array(bytes))).get()
    }

    /// Drops the connection with a reset (`SO_LINGER` 0), not an orderly end.
    func reset() async throws {
        guard let options = self.channel as? any SocketOptionProvider else { return }
        try await options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        try await self.channel.close()
    }

    /// Starts reading, dropping what arrives, and waits for the server to close the connection.
    func waitForClose() async {
        try? await self.channel.setOption(.autoRead, value: true).get()
        self.channel.read()
        try? await self.channel.closeFuture.get()
    }
}

/// An attack on one of the stress servers: what the peer does, and how the server must end its connection.
struct Attack: Sendable {
    /// How the server must end an attacked connection.
    enum Outcome: String, Sendable, CaseIterable {
        case messageTooLarge
        case malformedMessage
        case idleTimeout
        /// The peer dropped the connection: the server saw its end (`peerClosed`) or a reset (`ioError`).
        case lost

        /// Whether a connection that ended with `label` (see `Tally.label(_:)`) ended as this outcome says.
        func accepts(_ label: String) -> Bool {
            switch self {
            case .lost: label == "peerClosed" || label == "ioError"
            default: label == self.rawValue
            }
        }
    }

    let name: String
    let outcome: Outcome
    /// Does the damage; a write may fail once the server has closed the connection, which is the point.
    let run: @Sendable (RawPeer) async throws -> Void

    /// Bytes that cover every value, the same on every run; the first (13) is no tag of the binary format.
    static func garbage(count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ 13) }
    }

    /// Writes `message` until the server closes the connection, reading nothing: the server must stop reading
    /// when its replies back up, and then drop the connection at its idle timeout. Gives up after `limit` bytes.
    static func floodWithoutReading(_ message: [UInt8], limit: Int) -> @Sendable (RawPeer) async throws -> Void {
        { peer in
            let burst = Array([[UInt8]](repeating: message, count: max(1, 16 * 1024 / message.count)).joined())
            var written = 0
            while written < limit {
                try await peer.write(burst)
                written += burst.count
            }
            throw StressFailure("a peer that never reads wrote \(written) bytes without the server stalling")
        }
    }

    /// The attacks on the server of JSON lines.
    static func lineAttacks(slowReaderLimit: Int) -> [Attack] {
        [
            Attack(name: "a line that never ends (1 MiB, no newline)", outcome: .messageTooLarge) { peer in
                let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 16 * 1024)
                for _ in 0..<64 { try await peer.write(chunk) }
            },
            Attack(name: "garbage on a line", outcome: .malformedMessage) { peer in
                try await peer.write(Self.garbage(count: 4_096).filter { $0 != UInt8(ascii: "\n") } + [10])
            },
            Attack(name: "half a line, then silence", outcome: .idleTimeout) { peer in
                try await peer.write(#"{"client":1,"rou"#.utf8)
            },
            Attack(name: "a connection that sends nothing", outcome: .idleTimeout) { _ in },
            Attack(name: "a reset in the middle of a line", outcome: .lost) { peer in
                try await peer.write(#"{"client":1,"round":2"#.utf8)
                try await peer.reset()
            },
            Attack(
                name: "requests without reading a reply",
                outcome: .idleTimeout,
                run: Self.floodWithoutReading(Array(#"{"client":7,"round":7}"#.utf8) + [10], limit: slowReaderLimit)
            ),
        ]
    }

    /// The attacks on the server of length-prefixed binary messages.
    static func binaryAttacks(ping: [UInt8], slowReaderLimit: Int) -> [Attack] {
        [
            Attack(name: "a length prefix of 4 GiB", outcome: .messageTooLarge) { peer in
                try await peer.write([0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3])
            },
            Attack(name: "garbage in a well-framed payload", outcome: .malformedMessage) { peer in
                try await peer.write([0, 0, 0, 64] + Self.garbage(count: 64))
            },
            Attack(name: "half a frame, then silence", outcome: .idleTimeout) { peer in
                try await peer.write([0, 0, 0, 100] + [UInt8](repeating: 9, count: 10))
            },
            Attack(name: "a connection that sends nothing", outcome: .idleTimeout) { _ in },
            Attack(name: "a reset in the middle of a frame", outcome: .lost) { peer in
                try await peer.write(ping.prefix(ping.count / 2))
                try await peer.reset()
            },
            Attack(
                name: "requests without reading a reply",
                outcome: .idleTimeout,
                run: Self.floodWithoutReading(ping, limit: slowReaderLimit)
            ),
        ]
    }
}

/// A check of the stress run that failed.
struct StressFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
