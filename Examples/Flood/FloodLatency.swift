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

internal import Histogram

/// Percentiles of the replies' latencies, in microseconds; all zero when nothing was measured.
struct FloodLatency: Sendable, Codable, Equatable {
    /// The median.
    var p50: UInt64 = 0
    /// The 90th percentile.
    var p90: UInt64 = 0
    /// The 99th percentile.
    var p99: UInt64 = 0
    /// The 99.9th percentile.
    var p999: UInt64 = 0
    /// The largest latency.
    var max: UInt64 = 0

    /// No measurement.
    static var zero: Self { Self() }

    /// The percentiles of `histogram`.
    init(_ histogram: Histogram<UInt64>) {
        guard histogram.totalCount > 0 else { return }
        self.p50 = histogram.valueAtPercentile(50)
        self.p90 = histogram.valueAtPercentile(90)
        self.p99 = histogram.valueAtPercentile(99)
        self.p999 = histogram.valueAtPercentile(99.9)
        self.max = histogram.max
    }

    /// No measurement.
    init() {}

    /// An empty histogram of microseconds, 1 µs to a minute at 3 significant digits, growing if needed.
    static func makeHistogram() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: 1,
            highestTrackableValue: 60_000_000,
            numberOfSignificantValueDigits: .three
        )
        histogram.autoResize = true
        return histogram
    }
}
