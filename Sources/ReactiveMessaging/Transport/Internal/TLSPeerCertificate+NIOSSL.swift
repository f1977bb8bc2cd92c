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
internal import NIOSSL

extension TLSPeerCertificate {
    /// The parts of a verified NIOSSL certificate that a processor reads.
    init(_ certificate: NIOSSLCertificate) {
        var dnsNames: [String] = []
        var ipAddresses: [String] = []
        for name in certificate._subjectAlternativeNames() {
            switch name.nameType {
            case .dnsName:
                dnsNames.append(String(decoding: name.contents, as: UTF8.self))
            case .ipAddress:
                let packed = ByteBuffer(bytes: name.contents)
                if let address = try? SocketAddress(packedIPAddress: packed, port: 0).ipAddress {
                    ipAddresses.append(address)
                }
            default:
                break
            }
        }
        let subject = certificate.subjectName
        self.init(
            subject: Self.distinguishedName(subject),
            commonName: subject.last { $0.type == .commonName }?.value,
            issuer: Self.distinguishedName(certificate.issuerName),
            dnsNames: dnsNames,
            ipAddresses: ipAddresses,
            derBytes: (try? certificate.toDERBytes()) ?? []
        )
    }

    /// A name as `CN=alice, O=Example`, with the short names of RFC 4514 for the attributes NIOSSL names.
    private static func distinguishedName(_ names: [SSLCertificateName]) -> String {
        names.map { name in "\(Self.shortName(name.type))=\(name.value)" }.joined(separator: ", ")
    }

    private static func shortName(_ type: SSLCertificateNameType) -> String {
        switch type {
        case .commonName: "CN"
        case .organization: "O"
        case .organizationalUnit: "OU"
        case .country: "C"
        case .state: "ST"
        case .city: "L"
        case .emailAddress: "emailAddress"
        case .userId: "UID"
        default: "unknown"
        }
    }
}
