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

import Foundation

/// How many of this process's open file descriptors are TCP sockets with `port` at either end: the sockets a
/// test's server and its clients left open. Other tests running at the same time use other ports, so they do not
/// count. Linux only (`/proc`).
func openSockets(port: Int) throws -> Int {
    let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
    var inodes = Set<Substring>()
    for descriptor in descriptors {
        // A socket's link reads "socket:[INODE]"; a descriptor closed meanwhile has no link.
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)"),
            target.hasPrefix("socket:[")
        else { continue }
        inodes.insert(target.dropFirst("socket:[".count).dropLast())
    }
    let hexPort = String(port, radix: 16, uppercase: true)
    var count = 0
    for table in ["/proc/self/net/tcp", "/proc/self/net/tcp6"] {
        guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
        for line in text.split(separator: "\n").dropFirst() {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9, inodes.contains(fields[9]) else { continue }
            let ports = [fields[1], fields[2]].compactMap { $0.split(separator: ":").last }
            if ports.contains(where: { $0.uppercased() == hexPort.leftPadded(to: 4) }) {
                count += 1
            }
        }
    }
    return count
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
