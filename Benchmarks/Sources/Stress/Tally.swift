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

/// What one server of the stress run saw and what was done to it, counted as it happens.
final class Tally: Sendable {
    struct Counts: Sendable {
        var connected = 0
        var disconnected = 0
        /// How the server's connections ended, by `Tally.label(_:)`.
        var endings: [String: Int] = [:]
        /// Attacks completed, by the outcome they must end with.
        var attacks: [Attack.Outcome: Int] = [:]
        /// Attacks by name.
        var attacksByName: [String: Int] = [:]
        var roundTrips = 0
        var longestRoundTrip = Duration.zero
        var roundTripsOver100ms = 0
        /// Failures of the run's checks, as they were seen.
        var failures: [String] = []
    }

    let name: String
    private let counts = NIOLockedValueBox(Counts())

    init(name: String) {
        self.name = name
    }

    var snapshot: Counts {
        self.counts.withLockedValue { $0 }
    }

    /// A connection's end, as one word: the error's code, or the reason.
    static func label(_ reason: DisconnectReason?) -> String {
        guard let reason else { return "none" }
        if let error = reason.error { return "\(error.code)" }
        return "\(reason)"
    }

    /// The server's event handler.
    var onEvent: @Sendable (ConnectionEvent) async -> Void {
        { [counts] event in
            counts.withLockedValue { counts in
                switch event.kind {
                case .connected: counts.connected += 1
                case .disconnected:
                    counts.disconnected += 1
                    counts.endings[Self.label(event.reason), default: 0] += 1
                default: break
                }
            }
        }
    }

    func attacked(_ attack: Attack) {
        self.counts.withLockedValue { counts in
            counts.attacks[attack.outcome, default: 0] += 1
            counts.attacksByName[attack.name, default: 0] += 1
        }
    }

    /// Counts the round trips of a good client since its last report.
    func played(_ roundTrips: Int, longest: Duration, over100ms: Int) {
        self.counts.withLockedValue { counts in
            counts.roundTrips += roundTrips
            counts.longestRoundTrip = max(counts.longestRoundTrip, longest)
            counts.roundTripsOver100ms += over100ms
        }
    }

    func fail(_ failure: String) {
        self.counts.withLockedValue { $0.failures.append(failure) }
    }
}
