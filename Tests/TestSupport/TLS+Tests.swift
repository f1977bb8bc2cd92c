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
    /// A server's TLS for tests: its handshake deadline scales with `TestTiming.scale`, as every other bound of the
    /// tests does; a `handshakeTimeout` given is kept (under the sanitizer, event loops busy with other tests' connections can hold a handshake for
    /// seconds).
    public static func forTests(
        identity: TLSIdentity,
        clientAuthentication: ClientAuthentication = .none,
        handshakeTimeout: Duration? = nil
    ) -> Self {
        Self(
            identity: identity,
            clientAuthentication: clientAuthentication,
            handshakeTimeout: handshakeTimeout ?? .seconds(10 * TestTiming.scale)
        )
    }
}

extension Client.TLS {
    /// A client's TLS for tests, trusting `trustRoots`; its handshake deadline scales with `TestTiming.scale`.
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
            handshakeTimeout: handshakeTimeout ?? .seconds(10 * TestTiming.scale)
        )
    }
}
