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

/// The certificate a TLS peer presented and this side verified: who is on the other end.
///
/// A server under mutual TLS reads its client's from `ConnectionContext/peerCertificate`; a client reads the
/// server's the same way.
///
/// ```swift
/// let conversation = Conversation.processor(serializer: serializer) { inbound, context in
///     guard let client = context.peerCertificate?.commonName else { return }
///     context.logger.info("player \(client) joined")
///     for try await move in inbound { ... }
/// }
/// ```
///
/// Only the leaf certificate is kept; to read more of it (extensions, the public key), parse `derBytes` with
/// swift-certificates' `Certificate(derEncoded:)`.
public struct TLSPeerCertificate: Sendable, Hashable, CustomStringConvertible {
    /// The subject's distinguished name, in the certificate's order: `CN=alice, O=Example`.
    public let subject: String

    /// The subject's common name (`CN`), if it has one.
    public let commonName: String?

    /// The issuer's distinguished name, in the certificate's order.
    public let issuer: String

    /// The DNS names of the subject alternative name extension.
    public let dnsNames: [String]

    /// The IP addresses of the subject alternative name extension, as text (`127.0.0.1`, `::1`).
    public let ipAddresses: [String]

    /// The certificate's DER encoding.
    public let derBytes: [UInt8]

    init(
        subject: String,
        commonName: String?,
        issuer: String,
        dnsNames: [String],
        ipAddresses: [String],
        derBytes: [UInt8]
    ) {
        self.subject = subject
        self.commonName = commonName
        self.issuer = issuer
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.derBytes = derBytes
    }

    /// The subject, as `subject` says it.
    public var description: String {
        self.subject
    }
}
