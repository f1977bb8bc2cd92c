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

public import ReactiveMessaging
import ReactiveMessagingTesting

extension Server.TLS {
    /// A server's TLS for tests: its handshake deadline is 30 s, scaled with `TestTiming.scale` as every other
    /// bound of the tests is; a `handshakeTimeout` given is kept.
    ///
    /// Not the 10 s default: in a debug build an event loop decoding another test's 64 KiB read can be busy for
    /// over a second (measured beside the serializer matrix: 0.9 to 1.3 s at worst), and a handshake waits for its
    /// loop at each of its round trips, so a well-behaved peer missed 10 s about once in four full runs.
    public static func forTests(
        identity: TLSIdentity,
        clientAuthentication: ClientAuthentication = .none,
        handshakeTimeout: Duration? = nil
    ) -> Self {
        Self(
            identity: identity,
            clientAuthentication: clientAuthentication,
            handshakeTimeout: handshakeTimeout ?? .seconds(30 * TestTiming.scale)
        )
    }
}

extension Client.TLS {
    /// A client's TLS for tests, trusting `trustRoots`; its handshake deadline is the server's for tests (30 s,
    /// scaled with `TestTiming.scale`).
    public static func forTests(
        trustRoots: TLSTrustRoots,
        serverHostname: String? = nil,
        identity: TLSIdentity? = nil,
        handshakeTimeout: Duration? = nil
    ) -> Self {
        Self(
            trustRoots: trustRoots,
            serverHostname: serverHostname,
            identity: identity,
            handshakeTimeout: handshakeTimeout ?? .seconds(30 * TestTiming.scale)
        )
    }
}
