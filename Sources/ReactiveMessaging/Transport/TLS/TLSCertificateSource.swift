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

/// Where one or more certificates come from: a PEM file, PEM text, or DER bytes.
///
/// A PEM file or text may hold several certificates: a chain, leaf first, or a set of trusted roots.
///
/// ```swift
/// let chain = TLSCertificateSource.pemFile("/etc/greeter/server.pem")
/// let root = TLSCertificateSource.pem(caText)
/// ```
public struct TLSCertificateSource: Sendable, Hashable {
    enum Storage: Hashable {
        case pemFile(String)
        case pem(String)
        case der([UInt8])
    }

    let storage: Storage

    /// Certificates in a PEM file, read when the server or client starts.
    ///
    /// - Parameter path: The file's path.
    /// - Returns: The source.
    public static func pemFile(_ path: String) -> Self {
        Self(storage: .pemFile(path))
    }

    /// Certificates in PEM text (`-----BEGIN CERTIFICATE-----` blocks).
    ///
    /// - Parameter text: The PEM text.
    /// - Returns: The source.
    public static func pem(_ text: String) -> Self {
        Self(storage: .pem(text))
    }

    /// One certificate in DER bytes.
    ///
    /// - Parameter bytes: The DER encoding of the certificate.
    /// - Returns: The source.
    public static func der(_ bytes: [UInt8]) -> Self {
        Self(storage: .der(bytes))
    }
}
