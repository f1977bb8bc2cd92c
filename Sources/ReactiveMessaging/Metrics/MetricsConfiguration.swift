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

public import CoreMetrics

/// Where a server or client reports its metrics, through swift-metrics, and under which names.
///
/// The library never bootstraps a metrics backend: it reports to `factory`, or to `MetricsSystem.factory` (the
/// backend the program bootstrapped, or the one bound to the task with `withMetricsFactory`) as it is when the
/// server or client is created. Until a program bootstraps one, swift-metrics' default backend drops everything,
/// at the cost of a call per read and per write.
///
/// ```swift
/// var configuration = Server.Configuration()
/// configuration.metrics = MetricsConfiguration(dimensions: [("service", "chat")])
/// ```
///
/// Every metric's label starts with `labelPrefix`; the `dimensions` are added to every metric, beside the few the
/// library adds itself (`reason`, `code`, `action`, `policy`), each of which has a bounded set of values. No
/// connection id or address is ever a dimension. Book chapter 7 lists the metrics.
public struct MetricsConfiguration: Sendable {
    /// The backend to report to; `nil` for `MetricsSystem.factory` when the server or client is created.
    public var factory: (any MetricsFactory)?

    /// What every metric's label starts with. Defaults to `reactive_messaging_`.
    public var labelPrefix: String

    /// Dimensions added to every metric (the service's name, say); keep their values few and fixed.
    public var dimensions: [(String, String)]

    /// Creates a metrics configuration.
    ///
    /// - Parameters:
    ///   - factory: The backend to report to; `nil` for `MetricsSystem.factory` when the server or client is
    ///     created.
    ///   - labelPrefix: What every metric's label starts with.
    ///   - dimensions: Dimensions added to every metric.
    public init(
        factory: (any MetricsFactory)? = nil,
        labelPrefix: String = "reactive_messaging_",
        dimensions: [(String, String)] = []
    ) {
        self.factory = factory
        self.labelPrefix = labelPrefix
        self.dimensions = dimensions
    }
}
