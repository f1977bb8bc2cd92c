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
internal import NIOPosix

#if canImport(Glibc)
private import Glibc
#elseif canImport(Musl)
private import Musl
#elseif canImport(Darwin)
private import Darwin
#endif

/// The file a Unix domain socket server binds: claimed before it listens, removed when it stops.
enum UnixSocketFile {
    /// What was at a path before a server claimed it.
    enum Claim: Equatable {
        /// Nothing: the path was free.
        case free
        /// A socket no server answered on, left by one that stopped without removing it; it was removed.
        case removedStale
    }

    /// Makes `path` free for a server to bind.
    ///
    /// A socket file that no server answers on is stale and is removed. A file that is not a socket, or a socket
    /// a server answers on, is left alone: removing it would destroy a user's file or silently steal another
    /// server's clients. Checking and binding are two steps, so two servers started at the same instant on one
    /// stale path may both remove it; the second bind then fails.
    ///
    /// - Throws: `ReactiveMessagingError` with code `addressInUse` if the path is taken, or `ioError` if it
    ///   cannot be examined or removed.
    static func claim(_ path: String, eventLoopGroup: any EventLoopGroup) async throws -> Claim {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            let error = errno
            guard error == ENOENT else {
                throw ReactiveMessagingError(
                    code: .ioError,
                    message: "cannot examine the Unix socket path '\(path)'",
                    cause: IOError(errnoCode: error, reason: "lstat")
                )
            }
            return .free
        }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw ReactiveMessagingError(
                code: .addressInUse,
                message: "'\(path)' exists and is not a socket; it was left as it is"
            )
        }
        if let answer = await Self.probe(path, eventLoopGroup: eventLoopGroup) {
            throw ReactiveMessagingError(
                code: .addressInUse,
                message: "another server listens on the Unix socket '\(path)', or may (it did not refuse)",
                cause: answer
            )
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ReactiveMessagingError(
                code: .ioError,
                message: "cannot remove the stale Unix socket '\(path)'",
                cause: IOError(errnoCode: errno, reason: "unlink")
            )
        }
        return .removedStale
    }

    /// Removes the socket file a server bound, once it has stopped listening.
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Connects to the socket at `path`: `nil` if the system refused (no server listens there), else why the
    /// socket may still be in use: a server accepted (`nil` cause in the error), or connecting failed otherwise
    /// (a full backlog answers `EAGAIN`), which is not taken as proof that the socket is stale.
    private static func probe(_ path: String, eventLoopGroup: any EventLoopGroup) async -> (any Error)? {
        do {
            let channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(.seconds(1))
                .connect(unixDomainSocketPath: path)
                .get()
            try? await channel.close()
            return ReactiveMessagingError(code: .addressInUse, message: "a server accepted a connection there")
        } catch let error as IOError where error.errnoCode == ECONNREFUSED || error.errnoCode == ENOENT {
            return nil
        } catch {
            return error
        }
    }
}
