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

internal import NIOSSL

/// The typed errors of TLS: what NIOSSL's errors mean to a user, told from the side that sees them.
enum TLSFailure {
    /// The error a TLS failure ends a connection or a connection attempt with.
    ///
    /// - Parameters:
    ///   - error: What NIOSSL (or the socket) reported.
    ///   - peer: Who is on the other end: `"client"` or `"server"`.
    static func error(_ error: any Error, peer: String) -> ReactiveMessagingError {
        if let error = error as? ReactiveMessagingError { return error }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return ReactiveMessagingError(
                code: .certificateRejected,
                message: "the \(peer)'s certificate does not name the host connected to",
                cause: error
            )
        }
        // After the handshake, BoringSSL's errors come bare: a TLS 1.3 client learns that the server refused its
        // certificate on its first read.
        if let bare = error as? BoringSSLError, case .sslError(let stack) = bare {
            return Self.error(reasons: stack.map(\.description).joined(separator: "; "), peer: peer, cause: bare)
        }
        guard let error = error as? NIOSSLError else {
            return ReactiveMessagingError(
                code: .tlsHandshakeFailed,
                message: "the TLS handshake with the \(peer) failed",
                cause: error
            )
        }
        switch error {
        case .handshakeFailed(.sslError(let stack)), .shutdownFailed(.sslError(let stack)):
            return Self.error(reasons: stack.map(\.description).joined(separator: "; "), peer: peer, cause: error)
        case .uncleanShutdown:
            return ReactiveMessagingError(
                code: .tlsHandshakeFailed,
                message: "the \(peer) closed the connection during the TLS handshake",
                cause: error
            )
        default:
            return ReactiveMessagingError(
                code: .tlsHandshakeFailed,
                message: "the TLS handshake with the \(peer) failed",
                cause: error
            )
        }
    }

    /// The error for BoringSSL's reasons, matched by the names BoringSSL gives them (`CERTIFICATE_VERIFY_FAILED`,
    /// `TLSV1_ALERT_UNKNOWN_CA`): the same names across its versions, where the numeric codes are not.
    private static func error(reasons: String, peer: String, cause: any Error) -> ReactiveMessagingError {
        let rules: [(names: [String], code: ReactiveMessagingError.Code, message: String)] = [
            (
                ["PEER_DID_NOT_RETURN_A_CERTIFICATE"], .certificateRejected,
                "the client presented no certificate, and this server requires one (mutual TLS)"
            ),
            (
                ["CERTIFICATE_REQUIRED"], .certificateRejected,
                "the server requires a client certificate (mutual TLS), and this client has none"
            ),
            (
                ["CERTIFICATE_VERIFY_FAILED"], .certificateRejected,
                "the \(peer)'s certificate did not verify: it is not signed by a trusted authority, has expired, or is"
                    + " not yet valid"
            ),
            (
                ["ALERT_CERTIFICATE_EXPIRED"], .certificateRejected,
                "the \(peer) refused this side's certificate: it has expired"
            ),
            (
                [
                    "ALERT_UNKNOWN_CA", "ALERT_BAD_CERTIFICATE", "ALERT_CERTIFICATE_UNKNOWN",
                    "ALERT_UNSUPPORTED_CERTIFICATE",
                    "ALERT_CERTIFICATE_REVOKED", "ALERT_ACCESS_DENIED",
                ], .certificateRejected,
                "the \(peer) refused this side's certificate: it does not trust its issuer"
            ),
            (
                [
                    "WRONG_VERSION_NUMBER", "HTTP_REQUEST", "HTTPS_PROXY_REQUEST", "UNKNOWN_PROTOCOL",
                    "RECORD_TOO_LARGE",
                    "UNEXPECTED_RECORD", "PACKET_LENGTH_TOO_LONG",
                ], .tlsHandshakeFailed,
                "the \(peer) does not speak TLS (a plaintext peer on a TLS port, or TLS on a plaintext one)"
            ),
            (
                ["EOF during handshake"], .tlsHandshakeFailed,
                "the \(peer) closed the connection during the TLS handshake"
            ),
        ]
        for rule in rules where rule.names.contains(where: { reasons.contains($0) }) {
            return ReactiveMessagingError(code: rule.code, message: rule.message, cause: cause)
        }
        return ReactiveMessagingError(
            code: .tlsHandshakeFailed,
            message: "the TLS handshake with the \(peer) failed: \(reasons)",
            cause: cause
        )
    }
}
