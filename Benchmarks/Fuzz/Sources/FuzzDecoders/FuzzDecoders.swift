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

internal import NIOCore
internal import ReactiveMessaging

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A message with most of what Codable can express, for the textual and variable-size decoders.
struct Everything: Codable, Sendable {
    enum Shape: Codable, Sendable {
        case dot
        case circle(radius: Double)
        case polygon([Int16], closed: Bool)
        indirect case group(Shape, Shape?)
    }

    var id: UInt64
    var name: String
    var ratio: Float?
    var flags: [Bool]
    var labels: [String: Int]
    var shape: Shape
    var nested: [[UInt8]]?
}

/// A fixed-size message with tags, a Bool and padding, for the fixed-size decoder.
struct Fixed: FixedSizeMessage {
    enum Kind: UInt8 {
        case a = 1
        case b = 2
    }

    var kind: Kind
    var flag: Bool
    var value: Int64

    static var wireSize: Int { 12 }

    init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
        self.kind = try reader.read(Kind.self)
        self.flag = try reader.read(Bool.self)
        try reader.skipPadding(2)
        self.value = Int64(try reader.read(Int32.self))
    }

    func write(to writer: inout FixedSizeWriter) {
        writer.write(self.kind)
        writer.write(self.flag)
        writer.skipPadding(2)
        writer.write(Int32(truncatingIfNeeded: self.value))
    }
}

/// Which decoder the fuzzer drives: `RM_FUZZ_TARGET` = textual, fixed, variable or framing.
let target: String = {
    guard let value = getenv("RM_FUZZ_TARGET") else { return "variable" }
    return String(cString: value)
}()

/// libFuzzer's entry point for a program that has its own `main` (SwiftPM gives every executable one).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// Hands the command line to libFuzzer, which then calls `fuzzOneInput` with each input it makes.
@main
enum FuzzDecoders {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
    }
}

/// Feeds one input to the chosen decoder. Any error is fine; a crash, a hang or a sanitizer report is a bug.
func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    switch target {
    case "textual":
        var frame = input
        _ = try? TextualSerializer<Everything, Everything>().decode(&frame)
    case "fixed":
        var frame = input
        _ = try? FixedSizeSerializer<Fixed, Fixed>().decode(&frame)
    case "framing":
        // Every framing over the same bytes, cut the way a connection cuts them.
        for framing in [Framing.newlineDelimited, .lengthPrefixed, .fixedSize(7)] {
            var decoder = FrameDecoder(framing: framing, maximumFrameLength: 64)
            var buffer = input
            while let frame = try? decoder.decodeFrame(from: &buffer) {
                _ = frame.readableBytes
            }
        }
    default:
        var frame = input
        _ = try? VariableSizeSerializer<Everything, Everything>().decode(&frame)
    }
    return 0
}
