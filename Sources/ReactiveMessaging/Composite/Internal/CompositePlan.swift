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

/// A composite protocol with its states numbered, built once per server or client.
///
/// A connection's bookkeeping and events then work on numbers: one dictionary lookup per switch (the next state's
/// number) and no generic code outside the processors, whose specialisation the profile asked for (a switch spent
/// a quarter of its time looking up generic metadata).
struct CompositePlan<State: Hashable & Sendable, Session: Sendable>: Sendable {
    let stages: [CompositeProtocol<State, Session>.Stage]
    let numbers: [State: Int]
    let initial: Int?
    let makeSession: @Sendable (ConnectionID) -> Session
    let releaseSession: @Sendable (Session) -> Void

    init(_ composite: CompositeProtocol<State, Session>) {
        let numbered = Array(composite.stages)
        self.stages = numbered.map(\.value)
        self.numbers = Dictionary(uniqueKeysWithValues: numbered.enumerated().map { ($1.key, $0) })
        self.initial = self.numbers[composite.initial]
        self.makeSession = composite.makeSession
        self.releaseSession = composite.releaseSession
    }
}
