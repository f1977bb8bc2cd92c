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

internal import NIOConcurrencyHelpers
internal import ReactiveMessaging

/// The nicknames in use, each held by one connection: unique regardless of case.
final class Nicknames: Sendable {
    /// What `claim(_:for:)` did.
    enum Claim: Equatable {
        case claimed
        case invalid
        case taken
    }

    private struct State {
        var connections: [String: ConnectionID] = [:]
        var nicks: [ConnectionID: String] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Gives `name` to `connection`, if it is valid and no other connection has it.
    func claim(_ name: String, for connection: ConnectionID) -> Claim {
        guard ChatRules.isValidNick(name) else { return .invalid }
        let key = ChatRules.key(ofNick: name)
        return self.state.withLockedValue { state in
            guard state.connections[key] == nil else { return .taken }
            state.connections[key] = connection
            state.nicks[connection] = name
            return .claimed
        }
    }

    /// Frees the nickname of `connection`.
    func release(_ connection: ConnectionID) {
        self.state.withLockedValue { state in
            guard let name = state.nicks.removeValue(forKey: connection) else { return }
            state.connections[ChatRules.key(ofNick: name)] = nil
        }
    }

    /// The connection that has `name`, if any.
    func connection(named name: String) -> ConnectionID? {
        self.state.withLockedValue { state in state.connections[ChatRules.key(ofNick: name)] }
    }

    /// The nicknames of `connections`, sorted; connections without one are left out.
    func names(of connections: [ConnectionID]) -> [String] {
        self.state.withLockedValue { state in connections.compactMap { state.nicks[$0] } }.sorted()
    }

    /// How many nicknames are in use.
    var count: Int {
        self.state.withLockedValue { state in state.nicks.count }
    }
}
