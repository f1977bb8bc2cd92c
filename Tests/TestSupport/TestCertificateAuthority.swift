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

import Crypto
import Foundation
public import ReactiveMessaging
import SwiftASN1
import X509

/// A certificate authority made in process for one test, and the certificates it issues: no key is committed.
public struct TestCertificateAuthority: Sendable {
    /// A certificate and its key, as PEM text.
    public struct Issued: Sendable {
        /// The certificate.
        public let certificatePEM: String
        /// Its private key (PKCS #8).
        public let privateKeyPEM: String

        /// The certificate and key as an identity.
        public var identity: TLSIdentity {
            TLSIdentity(certificateChain: [.pem(self.certificatePEM)], privateKey: .pem(self.privateKeyPEM))
        }
    }

    /// The authority's common name.
    public let name: String
    private let key: P256.Signing.PrivateKey
    private let certificate: Certificate
    /// The authority's certificate.
    public let certificatePEM: String

    /// A new authority named `name`.
    public init(name: String = "ReactiveMessaging test CA") throws {
        self.name = name
        self.key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("ReactiveMessaging tests")
            CommonName(name)
        }
        let now = Date()
        self.certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(self.key.publicKey),
            notValidBefore: now.addingTimeInterval(-3_600),
            notValidAfter: now.addingTimeInterval(86_400),
            issuer: subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(self.key)
        )
        self.certificatePEM = try self.certificate.serializeAsPEM().pemString
    }

    /// The authority as trust roots.
    public var trustRoots: TLSTrustRoots {
        .certificates([.pem(self.certificatePEM)])
    }

    /// Issues a certificate for `commonName`, valid for `dnsNames` and `ipAddresses` (`localhost` and `127.0.0.1`
    /// by default), for servers and clients.
    ///
    /// - Parameter validity: When it is valid, relative to now, in seconds; an interval in the past makes an
    ///   expired certificate.
    public func issue(
        commonName: String,
        dnsNames: [String] = ["localhost"],
        ipAddresses: [[UInt8]] = [[127, 0, 0, 1]],
        validity: ClosedRange<Double> = -3_600...86_400
    ) throws -> Issued {
        let key = P256.Signing.PrivateKey()
        let now = Date()
        let names: [GeneralName] =
            dnsNames.map { .dnsName($0) } + ipAddresses.map { .ipAddress(ASN1OctetString(contentBytes: $0[...])) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(validity.lowerBound),
            notValidAfter: now.addingTimeInterval(validity.upperBound),
            issuer: self.certificate.subject,
            subject: try DistinguishedName {
                OrganizationName("ReactiveMessaging tests")
                CommonName(commonName)
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: Certificate.PrivateKey(self.key)
        )
        return Issued(
            certificatePEM: try certificate.serializeAsPEM().pemString,
            privateKeyPEM: key.pemRepresentation
        )
    }
}
