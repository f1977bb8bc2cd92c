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

/// Settings every connection has, on a server and on a client.
///
/// ```swift
/// var configuration = Server.Configuration()
/// configuration.connection.maximumMessageSize = 64 * 1024
/// configuration.connection.idleTimeout = .seconds(30)
/// ```
public struct ConnectionConfiguration: Sendable {
    /// The largest message accepted from a peer, in bytes (the payload of one frame).
    ///
    /// A longer frame closes the connection with `ReactiveMessagingError.Code.messageTooLarge`; the check is made
    /// before the frame is buffered whole, so a peer can make the connection hold at most this much plus one read.
    /// Defaults to 1 MiB.
    public var maximumMessageSize: Int

    /// How long a connection may receive nothing before it is closed with
    /// `ReactiveMessagingError.Code.idleTimeout`; `nil` disables the check. Defaults to 120 seconds.
    public var idleTimeout: Duration?

    /// Whether `TCP_NODELAY` is set, so small messages leave at once instead of waiting to be coalesced.
    /// Defaults to `true`: writes are already batched per read. Unix domain sockets have no such delay, and ignore
    /// this setting.
    public var tcpNoDelay: Bool

    /// How long a closing connection may take to write what it still holds and to see the peer close its side,
    /// before its socket is closed regardless. Defaults to 2 seconds.
    public var closeTimeout: Duration

    /// The size of the buffer a connection reads into at first, in bytes, from 64 to 65,536. The buffer grows (up to
    /// 64 KiB) when reads fill it and shrinks when they do not. Defaults to 512.
    ///
    /// A connection keeps its last read buffer while it waits, so this is most of what an idle connection costs
    /// beyond its socket and its task: with NIO's default of 2,048 bytes, 10,000 idle connections held 15 MB more.
    /// A connection that reads a lot reaches large buffers after a read or two either way.
    public var initialReadBufferSize: Int

    /// The bounds of the send queue, which holds sends made under a non-waiting `SlowConsumerPolicy` while the
    /// peer does not read. Defaults to 1,024 messages and 1 MiB.
    public var sendQueue: SendQueueLimits

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - maximumMessageSize: The largest message accepted from a peer, in bytes.
    ///   - idleTimeout: How long a connection may receive nothing before it is closed; `nil` for never.
    ///   - tcpNoDelay: Whether `TCP_NODELAY` is set.
    ///   - closeTimeout: How long closing a connection may take.
    ///   - initialReadBufferSize: The size of a connection's first read buffer, in bytes.
    ///   - sendQueue: The bounds of a connection's send queue.
    public init(
        maximumMessageSize: Int = 1024 * 1024,
        idleTimeout: Duration? = .seconds(120),
        tcpNoDelay: Bool = true,
        closeTimeout: Duration = .seconds(2),
        initialReadBufferSize: Int = 512,
        sendQueue: SendQueueLimits = SendQueueLimits()
    ) {
        self.maximumMessageSize = maximumMessageSize
        self.idleTimeout = idleTimeout
        self.tcpNoDelay = tcpNoDelay
        self.closeTimeout = closeTimeout
        self.initialReadBufferSize = initialReadBufferSize
        self.sendQueue = sendQueue
    }

    /// The default configuration.
    public static var defaults: Self { Self() }

    /// The default configuration, changed by `configure`.
    ///
    /// - Parameter configure: Changes the defaults.
    /// - Returns: The configuration.
    public static func defaults(configure: (inout Self) -> Void) -> Self {
        var configuration = Self()
        configure(&configuration)
        return configuration
    }

    /// The sizes a read buffer may have: its first size is chosen from these, and it grows and shrinks within them.
    static let readBufferSizes = 64...65_536

    /// Checks the values against the serializer's framing.
    func validate(for framing: Framing) throws(ReactiveMessagingError) {
        guard self.maximumMessageSize >= 1 else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "maximumMessageSize must be at least 1")
        }
        if let size = framing.fixedByteCount, size > self.maximumMessageSize {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "fixed-size frames of \(size) bytes exceed maximumMessageSize (\(self.maximumMessageSize))"
            )
        }
        if let idle = self.idleTimeout, idle <= .zero {
            throw ReactiveMessagingError(code: .invalidArgument, message: "idleTimeout must be positive, or nil")
        }
        guard self.closeTimeout >= .zero else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "closeTimeout must not be negative")
        }
        guard Self.readBufferSizes.contains(self.initialReadBufferSize) else {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "initialReadBufferSize must be from \(Self.readBufferSizes.lowerBound) to "
                    + "\(Self.readBufferSizes.upperBound)"
            )
        }
        try self.sendQueue.validate()
    }
}
