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

internal import ArgumentParser
internal import NIOCore
internal import NIOPosix
internal import ReactiveMessaging

/// The message of the stress run's ping-pong, on both servers.
struct Ping: Codable, Sendable, Equatable {
    var client: Int
    var round: Int
}

/// Hours of hostile peers and good clients against two live servers, checking what the tests check in seconds.
///
/// Two echo servers run in this process, one of JSON lines and one of length-prefixed binary messages, each with
/// a 64 KiB message limit and an idle timeout. Against each, good clients play ping-pong without a pause while
/// attack lanes open connection after connection, each doing one of six attacks. At the end the run checks that
/// every good client played without an error or a stall over the bound, that every attacked connection ended as
/// its attack must, that every connection the server saw open was seen closing, that the process's resident
/// memory grew no more than the bound after the warm-up, and that its open file descriptors are back to where
/// they were. It prints a progress line as it goes and a summary at the end; it exits 1 if a check failed.
@main
struct Stress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hostile peers and good clients against two live servers, for as long as asked, with checks."
    )

    @Option(help: "How long the load runs, in seconds.")
    var duration: Int = 60

    @Option(help: "Good clients per server, each playing ping-pong all along.")
    var clients: Int = 8

    @Option(help: "Attack lanes per server, each opening one hostile connection after another.")
    var lanes: Int = 16

    @Option(name: .customLong("idle-timeout"), help: "The servers' idle timeout, in seconds.")
    var idleTimeout: Int = 2

    @Option(name: .customLong("max-stall-ms"), help: "The longest round trip a good client may see.")
    var maxStallMilliseconds: Int = 2_000

    @Option(name: .customLong("rss-growth-mb"), help: "How far the resident memory may grow after the warm-up.")
    var rssGrowthMegabytes: Int = 64

    @Option(name: .customLong("warm-up"), help: "Seconds of load before the resident memory's baseline is taken.")
    var warmUp: Int = 10

    @Option(name: .customLong("report-every"), help: "Seconds between progress lines.")
    var reportEvery: Int = 10

    @Option(help: "Run only the attacks whose name contains this text.")
    var only: String?

    /// The servers' message limit: the most a peer can make a server hold for one message.
    static let maximumMessageSize = 64 * 1024

    func validate() throws {
        guard self.duration >= 1, self.clients >= 1, self.lanes >= 1, self.idleTimeout >= 1, self.reportEvery >= 1
        else {
            throw ValidationError(
                "--duration, --clients, --lanes, --idle-timeout and --report-every must be at least 1"
            )
        }
        guard self.warmUp < self.duration else {
            throw ValidationError("--warm-up must be shorter than --duration")
        }
    }

    func run() async throws {
        // The event loops' threads and descriptors (each loop's timer descriptor comes with its first scheduled
        // task) exist before the baseline is taken.
        for eventLoop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
            try await eventLoop.scheduleTask(in: .milliseconds(1)) {}.futureResult.get()
        }
        // So does the timer descriptor of the concurrency runtime's sleeps.
        try await Task.sleep(for: .milliseconds(1))
        let descriptorsAtStart = Probes.fileDescriptors()
        let descriptorsBefore = descriptorsAtStart.count
        let lineTally = Tally(name: "JSON lines")
        let binaryTally = Tally(name: "length-prefixed binary")
        let lineServer = self.echoServer(TextualSerializer<Ping, Ping>(), tally: lineTally)
        let binaryServer = self.echoServer(VariableSizeSerializer<Ping, Ping>(), tally: binaryTally)
        let pingFrame = try Self.frame(Ping(client: 7, round: 7), VariableSizeSerializer<Ping, Ping>())
        let slowReaderLimit = 256 * 1024 * 1024

        print(
            "stress: \(self.duration) s; per server \(self.clients) good clients and \(self.lanes) attack lanes;"
                + " idle timeout \(self.idleTimeout) s; \(descriptorsBefore) descriptors open"
        )
        let memory = try await withThrowingTaskGroup(of: Void.self) { servers in
            servers.addTask { try await lineServer.run() }
            servers.addTask { try await binaryServer.run() }
            let linePort = try await lineServer.listeningAddress.port ?? 0
            let binaryPort = try await binaryServer.listeningAddress.port ?? 0
            let deadline = ContinuousClock.now + .seconds(self.duration)

            let memory = try await withThrowingTaskGroup(of: Void.self) { load in
                for client in 0..<self.clients {
                    load.addTask {
                        await Self.play(
                            TextualSerializer<Ping, Ping>(),
                            port: linePort,
                            client: client,
                            until: deadline,
                            tally: lineTally
                        )
                    }
                    load.addTask {
                        await Self.play(
                            VariableSizeSerializer<Ping, Ping>(),
                            port: binaryPort,
                            client: client,
                            until: deadline,
                            tally: binaryTally
                        )
                    }
                }
                let lineAttacks = self.selected(Attack.lineAttacks(slowReaderLimit: slowReaderLimit))
                let binaryAttacks = self.selected(
                    Attack.binaryAttacks(ping: pingFrame, slowReaderLimit: slowReaderLimit)
                )
                for lane in 0..<self.lanes {
                    if !lineAttacks.isEmpty {
                        load.addTask {
                            await Self.attack(
                                lineAttacks,
                                port: linePort,
                                lane: lane,
                                until: deadline,
                                tally: lineTally
                            )
                        }
                    }
                    if !binaryAttacks.isEmpty {
                        load.addTask {
                            await Self.attack(
                                binaryAttacks,
                                port: binaryPort,
                                lane: lane,
                                until: deadline,
                                tally: binaryTally
                            )
                        }
                    }
                }
                let memory = await self.sample(until: deadline, tallies: [lineTally, binaryTally])
                try await load.waitForAll()
                return memory
            }
            lineServer.beginGracefulShutdown()
            binaryServer.beginGracefulShutdown()
            try await servers.waitForAll()
            return memory
        }

        // Sockets close on the event loops, a moment after the last task that used them.
        var descriptorsAfter = Probes.openFileDescriptors()
        for _ in 0..<50 where descriptorsAfter > descriptorsBefore {
            try await Task.sleep(for: .milliseconds(100))
            descriptorsAfter = Probes.openFileDescriptors()
        }
        if descriptorsAfter != descriptorsBefore {
            let now = Probes.fileDescriptors()
            for (descriptor, target) in now.sorted(by: { $0.key < $1.key })
            where descriptorsAtStart[descriptor] != target {
                print("descriptor \(descriptor) is open, and was not at the start: \(target)")
            }
        }
        let failures = self.report(
            tallies: [lineTally, binaryTally],
            memory: memory,
            descriptors: (descriptorsBefore, descriptorsAfter)
        )
        if !failures.isEmpty {
            throw ExitCode(1)
        }
    }

    // MARK: The servers and their peers

    /// The attacks that `--only` selects.
    func selected(_ attacks: [Attack]) -> [Attack] {
        guard let only = self.only else { return attacks }
        return attacks.filter { $0.name.contains(only) }
    }

    func echoServer<Serializer: MessageSerializer>(_ serializer: Serializer, tally: Tally) -> Server
    where Serializer.Inbound == Serializer.Outbound {
        var configuration = Server.Configuration()
        configuration.connection.maximumMessageSize = Self.maximumMessageSize
        configuration.connection.idleTimeout = .seconds(self.idleTimeout)
        return Server(
            transport: .tcp(host: "127.0.0.1", port: 0),
            configuration: configuration,
            conversation: .replying(serializer: serializer) { inbound, _ in
                inbound.map { $0 }
            },
            onEvent: tally.onEvent
        )
    }

    /// `message` as the length-prefixed wire carries it.
    static func frame<Serializer: MessageSerializer>(_ message: Ping, _ serializer: Serializer) throws -> [UInt8]
    where Serializer.Outbound == Ping {
        var payload = ByteBuffer()
        try serializer.encode(message, into: &payload)
        var frame = ByteBuffer()
        frame.writeInteger(UInt32(payload.readableBytes))
        frame.writeBuffer(&payload)
        return Array(frame.readableBytesView)
    }

    /// A good client: ping-pong until `deadline`, each reply checked, each round trip timed.
    static func play<Serializer: MessageSerializer>(
        _ serializer: Serializer,
        port: Int,
        client: Int,
        until deadline: ContinuousClock.Instant,
        tally: Tally
    ) async where Serializer.Inbound == Ping, Serializer.Outbound == Ping {
        do {
            try await Client.withConnection(
                transport: .tcp(host: "127.0.0.1", port: port),
                serializer: serializer
            ) { inbound, context in
                var replies = inbound.makeAsyncIterator()
                var round = 0
                var played = 0
                var longest = Duration.zero
                var over100ms = 0
                while ContinuousClock.now < deadline {
                    let sent = ContinuousClock.now
                    try await context.send(Ping(client: client, round: round))
                    guard let reply = try await replies.next() else {
                        throw StressFailure("good client \(client): the server closed the connection")
                    }
                    guard reply == Ping(client: client, round: round) else {
                        throw StressFailure("good client \(client): sent round \(round), got \(reply)")
                    }
                    let roundTrip = ContinuousClock.now - sent
                    longest = max(longest, roundTrip)
                    if roundTrip > .milliseconds(100) { over100ms += 1 }
                    round += 1
                    played += 1
                    if played == 1_000 {
                        tally.played(played, longest: longest, over100ms: over100ms)
                        (played, longest, over100ms) = (0, .zero, 0)
                    }
                }
                tally.played(played, longest: longest, over100ms: over100ms)
            }
        } catch {
            tally.fail("good client \(client): \(error)")
        }
    }

    /// An attack lane: one hostile connection after another until `deadline`, cycling through `attacks`.
    static func attack(
        _ attacks: [Attack],
        port: Int,
        lane: Int,
        until deadline: ContinuousClock.Instant,
        tally: Tally
    ) async {
        var next = lane
        while ContinuousClock.now < deadline {
            let attack = attacks[next % attacks.count]
            next += 1
            do {
                try await RawPeer.with(port: port) { peer in
                    do {
                        try await attack.run(peer)
                    } catch let failure as StressFailure {
                        tally.fail("\(attack.name): \(failure)")
                    } catch {
                        // A write failed: the server closed the connection first, as it may.
                    }
                    if attack.outcome != .lost {
                        await peer.waitForClose()
                    }
                }
            } catch {
                tally.fail("\(attack.name): \(error)")
                continue
            }
            tally.attacked(attack)
        }
    }

    // MARK: Watching and reporting

    /// The resident memory after the warm-up, and the most it reached after.
    struct Memory {
        var start = 0
        var warm = 0
        var peak = 0
        var end = 0
    }

    /// Samples the process every second until `deadline`, printing a progress line every `reportEvery` seconds.
    func sample(until deadline: ContinuousClock.Instant, tallies: [Tally]) async -> Memory {
        let start = ContinuousClock.now
        var memory = Memory(start: Probes.residentBytes())
        var second = 0
        while ContinuousClock.now < deadline {
            try? await Task.sleep(until: start + .seconds(second + 1))
            second += 1
            let resident = Probes.residentBytes()
            if second == self.warmUp { memory.warm = resident }
            if second >= self.warmUp { memory.peak = max(memory.peak, resident) }
            memory.end = resident
            guard second % self.reportEvery == 0 else { continue }
            let counts = tallies.map(\.snapshot)
            let open = counts.reduce(0) { $0 + $1.connected - $1.disconnected }
            let attacks = counts.reduce(0) { $0 + $1.attacks.values.reduce(0, +) }
            let roundTrips = counts.reduce(0) { $0 + $1.roundTrips }
            print(
                "\(second) s: resident \(Self.megabytes(resident)) MB, \(Probes.openFileDescriptors()) descriptors,"
                    + " \(open) connections open, \(roundTrips) round trips, \(attacks) attacks"
            )
        }
        return memory
    }

    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Prints the summary and the checks; returns the failed checks.
    func report(tallies: [Tally], memory: Memory, descriptors: (before: Int, after: Int)) -> [String] {
        var failures: [String] = []
        func check(_ holds: Bool, _ what: String) {
            print("  \(holds ? "ok  " : "FAIL") \(what)")
            if !holds { failures.append(what) }
        }
        print("\nsummary after \(self.duration) s")
        for tally in tallies {
            let counts = tally.snapshot
            let attacks = counts.attacks.values.reduce(0, +)
            print("\(tally.name):")
            print(
                "  \(counts.roundTrips) round trips by \(self.clients) good clients, longest \(counts.longestRoundTrip),"
                    + " \(counts.roundTripsOver100ms) over 100 ms"
            )
            print(
                "  \(attacks) attacks: "
                    + counts.attacksByName.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(
                        separator: ", "
                    )
            )
            print(
                "  connections ended: "
                    + counts.endings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            )
            for failure in counts.failures.prefix(10) {
                print("  seen: \(failure)")
            }
            check(
                counts.failures.isEmpty,
                "\(tally.name): no good client and no attack failed (\(counts.failures.count) did)"
            )
            check(
                counts.longestRoundTrip <= .milliseconds(self.maxStallMilliseconds),
                "\(tally.name): the longest round trip, \(counts.longestRoundTrip), is within \(self.maxStallMilliseconds) ms"
            )
            check(
                counts.connected == counts.disconnected && counts.connected == attacks + self.clients,
                "\(tally.name): \(counts.connected) connections opened, \(counts.disconnected) closed,"
                    + " \(attacks + self.clients) made"
            )
            for outcome in Attack.Outcome.allCases {
                let seen = counts.endings.filter { outcome.accepts($0.key) }.values.reduce(0, +)
                // Good clients end their connections themselves, as the peer closing.
                let expected = counts.attacks[outcome, default: 0] + (outcome == .lost ? self.clients : 0)
                check(
                    seen == expected,
                    "\(tally.name): \(seen) connections ended as \(outcome.rawValue), \(expected) expected"
                )
            }
        }
        print("process:")
        check(
            memory.peak - memory.warm <= self.rssGrowthMegabytes * 1024 * 1024,
            "resident memory \(Self.megabytes(memory.start)) MB at the start, \(Self.megabytes(memory.warm)) MB after"
                + " the warm-up, \(Self.megabytes(memory.peak)) MB at the most, \(Self.megabytes(memory.end)) MB at the"
                + " end: grew at most \(self.rssGrowthMegabytes) MB after the warm-up"
        )
        check(
            descriptors.after == descriptors.before,
            "open file descriptors back to \(descriptors.before) after the shutdown (\(descriptors.after))"
        )
        print(failures.isEmpty ? "all checks passed" : "\(failures.count) checks failed")
        return failures
    }
}
