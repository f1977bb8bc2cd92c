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

internal import Logging
internal import NIOCore

/// Reports a connection's state changes as `enteredState` and `leftState` events, and logs them at debug level.
struct StateReporter {
    let setup: ConnectionSetup
    let remoteAddress: SocketAddress?
    /// The states' names, by number.
    let names: [String]

    init(setup: ConnectionSetup, remoteAddress: SocketAddress?, _ names: [String]) {
        self.setup = setup
        self.remoteAddress = remoteAddress
        self.names = names
    }

    func report(_ events: [CompositeStateMachine<Int>.Event]) async {
        for event in events {
            let kind: ConnectionEvent.Kind
            let state: Int
            var next: Int?
            switch event {
            case .entered(let entered):
                (kind, state) = (.enteredState, entered)
            case .left(let left, let nextState):
                (kind, state, next) = (.leftState, left, nextState)
            case .closed:
                continue
            }
            let names = self.names
            self.setup.logger.debug(
                "composite state",
                metadata: ["rm.event": "\(kind) \(names[state])\(next.map { " -> \(names[$0])" } ?? "")"]
            )
            // With no handler, a switch makes no event: two async calls and two events were a third of its cost.
            guard let onEvent = self.setup.onEvent else { continue }
            await onEvent(
                ConnectionEvent(
                    kind: kind,
                    connectionID: self.setup.id,
                    remoteAddress: self.remoteAddress,
                    state: names[state],
                    nextState: next.map { names[$0] }
                )
            )
        }
    }
}
