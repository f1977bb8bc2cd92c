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

/// Where a private key comes from: a PEM file or PEM text, unencrypted.
///
/// ```swift
/// let key = TLSPrivateKeySource.pemFile("/etc/greeter/server.key")
/// ```
public struct TLSPrivateKeySource: Sendable, Hashable {
    enum Storage: Hashable {
        case pemFile(String)
        case pem(String)
    }

    let storage: Storage

    /// A private key in a PEM file (PKCS #8, or a traditional RSA or EC key), read when the server or client
    /// starts.
    ///
    /// - Parameter path: The file's path.
    /// - Returns: The source.
    public static func pemFile(_ path: String) -> Self {
        Self(storage: .pemFile(path))
    }

    /// A private key in PEM text.
    ///
    /// - Parameter text: The PEM text (`-----BEGIN PRIVATE KEY-----`).
    /// - Returns: The source.
    public static func pem(_ text: String) -> Self {
        Self(storage: .pem(text))
    }
}
