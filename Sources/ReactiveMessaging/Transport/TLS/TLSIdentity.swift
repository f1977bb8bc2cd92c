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

/// A certificate chain and its private key: who a server is, or who a client is under mutual TLS.
///
/// ```swift
/// let identity = TLSIdentity(
///     certificateChain: [.pemFile("/etc/greeter/server.pem")],
///     privateKey: .pemFile("/etc/greeter/server.key")
/// )
/// ```
public struct TLSIdentity: Sendable, Hashable {
    /// The certificates sent to the peer: the leaf first, then any intermediates.
    public var certificateChain: [TLSCertificateSource]

    /// The leaf certificate's private key.
    public var privateKey: TLSPrivateKeySource

    /// Creates an identity.
    ///
    /// - Parameters:
    ///   - certificateChain: The certificates sent to the peer: the leaf first, then any intermediates.
    ///   - privateKey: The leaf certificate's private key.
    public init(certificateChain: [TLSCertificateSource], privateKey: TLSPrivateKeySource) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }
}
