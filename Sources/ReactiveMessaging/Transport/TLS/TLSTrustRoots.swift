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

/// The certificate authorities a TLS peer's certificate must chain to.
///
/// ```swift
/// let publicServers = TLSTrustRoots.systemDefault
/// let ownCA = TLSTrustRoots.certificates([.pemFile("/etc/greeter/ca.pem")])
/// ```
public struct TLSTrustRoots: Sendable, Hashable {
    enum Storage: Hashable {
        case systemDefault
        case certificates([TLSCertificateSource])
    }

    let storage: Storage

    /// The system's trusted authorities (on Linux, the CA bundle of the distribution: Debian's `ca-certificates`).
    public static let systemDefault = Self(storage: .systemDefault)

    /// Only the given authorities: for a private CA, as mutual TLS usually has.
    ///
    /// - Parameter sources: The authorities' certificates.
    /// - Returns: The trust roots.
    public static func certificates(_ sources: [TLSCertificateSource]) -> Self {
        Self(storage: .certificates(sources))
    }
}
