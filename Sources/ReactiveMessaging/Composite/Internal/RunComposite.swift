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

/// Runs one connection of a composite protocol through its states, then closes it and releases its session.
///
/// - Returns: Why the connection ended.
func runComposite<State, Session>(
    _ channel: ConnectionChannel,
    setup: ConnectionSetup,
    plan: CompositePlan<State, Session>
) async -> DisconnectReason {
    guard let initial = plan.initial else {
        // The server and client refuse to run such a protocol; nothing to run.
        return .error(
            ReactiveMessagingError(code: .invalidArgument, message: "the composite protocol has no initial state")
        )
    }
    var machine = CompositeStateMachine(initial: initial)
    let session = plan.makeSession(setup.id)
    let (reason, _) = await withConnectionIO(channel, setup: setup, framing: plan.stages[initial].framing) { io in
        let reporter = StateReporter(
            setup: setup,
            remoteAddress: io.shared.channel.remoteAddress,
            plan.stages.map(\.name)
        )
        await reporter.report(machine.start())
        while let number = machine.current {
            let stage = plan.stages[number]
            io.switchFraming(to: stage.framing)
            guard let next = try await stage.run(io, setup, session) else {
                return
            }
            guard let nextNumber = plan.numbers[next] else {
                throw ReactiveMessagingError(
                    code: .invalidArgument,
                    message: "the composite protocol has no state '\(next)', which '\(stage.name)' named next"
                )
            }
            // Peer handles of the state just ended cannot speak the next one's serializer.
            io.shared.beginNextState()
            await reporter.report(machine.advance(to: nextNumber))
        }
    }
    // The server reports the end itself (`disconnected`, with the reason), once the session is released.
    if case .closed(_, let lastState)? = machine.close(reason).first {
        setup.logger.debug(
            "composite connection closed",
            metadata: ["rm.state": "\(lastState.map { plan.stages[$0].name } ?? "none")"]
        )
    }
    plan.releaseSession(session)
    return reason
}
