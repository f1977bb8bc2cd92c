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

public import ArgumentParser
public import Logging
internal import Metrics
internal import Prometheus
public import ServiceLifecycle

/// The command-line options of an example server's metrics: `--metrics-port PORT` serves them in the
/// Prometheus text format at `http://127.0.0.1:PORT/metrics`.
public struct MetricsOptions: ParsableArguments {
    /// The port to serve `/metrics` on; no metrics endpoint when not given.
    @Option(help: "Serve Prometheus metrics at http://HOST:PORT/metrics.")
    public var metricsPort: Int?

    /// The address to serve metrics on.
    @Option(help: "The address to serve metrics on.")
    public var metricsHost = "127.0.0.1"

    /// Creates the options with their defaults (no endpoint).
    public init() {}

    /// With `--metrics-port`, bootstraps swift-metrics with a Prometheus registry and returns the endpoint that
    /// serves it, as a service to run beside the server; no service without.
    ///
    /// Call it before creating the server: a server reports to the metrics backend bootstrapped when it is created.
    /// The library itself never bootstraps one; a program does, once.
    public func bootstrap(logger: Logger) -> [any Service] {
        guard let port = self.metricsPort else { return [] }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return [MetricsEndpoint(host: self.metricsHost, port: port, registry: registry, logger: logger)]
    }

    public func validate() throws {
        if let port = self.metricsPort, !(0...65_535).contains(port) {
            throw ValidationError("--metrics-port must be between 0 and 65535")
        }
    }
}
