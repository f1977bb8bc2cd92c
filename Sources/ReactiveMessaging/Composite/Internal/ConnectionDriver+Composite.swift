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

extension ConnectionDriver {
    /// Runs the connections of a composite protocol.
    ///
    /// Not inlinable: the processors are specialised where `add` built their stages.
    @usableFromInline
    package init<State, Session>(composite: CompositeProtocol<State, Session>) {
        let plan = CompositePlan(composite)
        self.framings = plan.stages.map(\.framing)
        if plan.initial == nil {
            self.problem = ReactiveMessagingError(
                code: .invalidArgument,
                message: "the composite protocol has no state '\(composite.initial)', its initial state"
            )
        }
        self.run = { channel, setup in
            await runComposite(channel, setup: setup, plan: plan)
        }
    }
}
