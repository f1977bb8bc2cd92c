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
    /// The parts, behind one reference: a context, and every connection's memory, grow by a pointer, not by the
    /// hundred bytes of six strings and arrays.
    private final class Storage: Sendable {
        let subject: String
        let commonName: String?
        let issuer: String
        let dnsNames: [String]
        let ipAddresses: [String]
        let derBytes: [UInt8]

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
    }

    private let storage: Storage

    /// The subject's distinguished name, in the certificate's order: `CN=alice, O=Example`.
    public var subject: String { self.storage.subject }

    /// The subject's common name (`CN`), if it has one.
    public var commonName: String? { self.storage.commonName }

    /// The issuer's distinguished name, in the certificate's order.
    public var issuer: String { self.storage.issuer }

    /// The DNS names of the subject alternative name extension.
    public var dnsNames: [String] { self.storage.dnsNames }

    /// The IP addresses of the subject alternative name extension, as text (`127.0.0.1`, `::1`).
    public var ipAddresses: [String] { self.storage.ipAddresses }

    /// The certificate's DER encoding.
    public var derBytes: [UInt8] { self.storage.derBytes }

    init(
        subject: String,
        commonName: String?,
        issuer: String,
        dnsNames: [String],
        ipAddresses: [String],
        derBytes: [UInt8]
    ) {
        self.storage = Storage(
            subject: subject,
            commonName: commonName,
            issuer: issuer,
            dnsNames: dnsNames,
            ipAddresses: ipAddresses,
            derBytes: derBytes
        )
    }

    /// The subject, as `subject` says it.
    public var description: String {
        self.subject
    }

    /// Two certificates are equal when their DER encodings are.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.derBytes == rhs.derBytes
    }

    /// Hashes the DER encoding.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.derBytes)
    }
}
