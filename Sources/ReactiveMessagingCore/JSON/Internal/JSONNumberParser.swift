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

/// Converts JSON number text that `JSONParser` has already validated into Swift numbers.
///
/// Integers are exact: plain digits are accumulated with overflow checks, and forms with a fraction or exponent
/// are accepted only if they denote an integer exactly (`1.0`, `1e2`, `100e-2`), as Foundation's decoder does.
/// Floating-point values are correctly rounded: short inputs take the exact fast path (a mantissa below 2^53
/// scaled by an exactly representable power of ten is a single IEEE operation), everything else goes through the
/// standard library's parser.
enum JSONNumberParser {
    /// The parts of a number: sign, significant digits and decimal exponent.
    private struct Decomposed {
        var negative = false
        /// The offsets of the integer digits, then the fraction digits, without the decimal point.
        var integerDigits: Range<Int> = 0..<0
        var fractionDigits: Range<Int> = 0..<0
        /// The exponent after `e`, saturated far outside any representable range.
        var exponent = 0
    }

    /// The largest exponent magnitude kept exactly; beyond it every nonzero value overflows or underflows anyway.
    private static let exponentLimit = 100_000

    /// Parses `text` as an integer of type `Value`.
    ///
    /// - Parameter isIntegral: Whether the text is plain digits (no fraction or exponent).
    /// - Returns: `nil` if the text is malformed, does not denote an integer or does not fit in `Value`.
    static func integer<Value: FixedWidthInteger>(
        _ text: UnsafeRawBufferPointer,
        isIntegral: Bool,
        as type: Value.Type
    ) -> Value? {
        guard isIntegral else {
            return self.exactInteger(text, as: type)
        }
        guard !text.isEmpty else {
            return nil
        }
        let negative = text[0] == UInt8(ascii: "-")
        var position = negative ? 1 : 0
        guard position < text.count else {
            return nil
        }
        var value: Value = 0
        while position < text.count {
            let digit = text[position] &- UInt8(ascii: "0")
            guard digit < 10 else {
                return nil
            }
            guard let next = self.appending(digit: digit, to: value, negative: negative) else {
                return nil
            }
            value = next
            position += 1
        }
        return value
    }

    /// `value * 10 ± digit` with overflow checks (subtracting for negative numbers, so `min` is reachable).
    private static func appending<Value: FixedWidthInteger>(digit: UInt8, to value: Value, negative: Bool) -> Value? {
        let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
        guard !overflow else {
            return nil
        }
        let (result, overflow2) =
            negative
            ? shifted.subtractingReportingOverflow(Value(truncatingIfNeeded: digit))
            : shifted.addingReportingOverflow(Value(truncatingIfNeeded: digit))
        return overflow2 ? nil : result
    }

    /// Parses a number with a fraction or exponent as an integer, if it denotes one exactly.
    private static func exactInteger<Value: FixedWidthInteger>(
        _ text: UnsafeRawBufferPointer,
        as type: Value.Type
    ) -> Value? {
        guard let parts = self.decompose(text) else {
            return nil
        }
        // The significant digits: integer digits followed by fraction digits, leading and trailing zeros dropped.
        var digitPositions: [Int] = []
        digitPositions.reserveCapacity(parts.integerDigits.count + parts.fractionDigits.count)
        for position in parts.integerDigits { digitPositions.append(position) }
        for position in parts.fractionDigits { digitPositions.append(position) }
        var first = 0
        while first < digitPositions.count && text[digitPositions[first]] == UInt8(ascii: "0") {
            first += 1
        }
        var end = digitPositions.count
        var scale = parts.exponent - parts.fractionDigits.count
        while end > first && text[digitPositions[end - 1]] == UInt8(ascii: "0") {
            end -= 1
            scale += 1
        }
        guard first < end else {
            return 0
        }
        // A nonzero value with a negative scale has a fractional part; a huge one overflows every integer type.
        guard scale >= 0, end - first + scale <= 40 else {
            return nil
        }
        var value: Value = 0
        for index in first..<end {
            guard
                let next = self.appending(
                    digit: text[digitPositions[index]] &- UInt8(ascii: "0"),
                    to: value,
                    negative: parts.negative
                )
            else {
                return nil
            }
            value = next
        }
        for _ in 0..<scale {
            guard let next = self.appending(digit: 0, to: value, negative: parts.negative) else {
                return nil
            }
            value = next
        }
        return value
    }

    /// Splits validated number text into its parts.
    private static func decompose(_ text: UnsafeRawBufferPointer) -> Decomposed? {
        var parts = Decomposed()
        var position = 0
        if position < text.count && text[position] == UInt8(ascii: "-") {
            parts.negative = true
            position += 1
        }
        let integerStart = position
        while position < text.count && self.isDigit(text[position]) {
            position += 1
        }
        parts.integerDigits = integerStart..<position
        guard !parts.integerDigits.isEmpty else {
            return nil
        }
        if position < text.count && text[position] == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            while position < text.count && self.isDigit(text[position]) {
                position += 1
            }
            parts.fractionDigits = fractionStart..<position
        }
        if let exponent = self.exponent(text, &position) {
            parts.exponent = exponent
        }
        return position == text.count ? parts : nil
    }

    /// Reads an exponent part (`e`/`E`, an optional sign, digits) at `position`, if there is one there.
    private static func exponent(_ text: UnsafeRawBufferPointer, _ position: inout Int) -> Int? {
        guard position < text.count, text[position] == UInt8(ascii: "e") || text[position] == UInt8(ascii: "E") else {
            return nil
        }
        position += 1
        var negative = false
        if position < text.count && (text[position] == UInt8(ascii: "+") || text[position] == UInt8(ascii: "-")) {
            negative = text[position] == UInt8(ascii: "-")
            position += 1
        }
        var exponent = 0
        while position < text.count && self.isDigit(text[position]) {
            // Saturate rather than overflow: such exponents are far outside any representable range.
            exponent = min(exponent * 10 + Int(text[position] &- UInt8(ascii: "0")), self.exponentLimit)
            position += 1
        }
        return negative ? -exponent : exponent
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Powers of ten that are exactly representable as `Double`.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses `text` as a correctly rounded `Double`.
    ///
    /// - Returns: `nil` if the text is malformed, or its value overflows to infinity or underflows to zero
    ///   (Foundation's decoder rejects both).
    static func double(_ text: UnsafeRawBufferPointer) -> Double? {
        if let value = self.fastDouble(text) {
            return value
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)) else {
            return nil
        }
        return self.isRepresentable(value, text: text) ? value : nil
    }

    /// Parses `text` as a correctly rounded `Float`.
    ///
    /// - Returns: `nil` if the text is malformed, or its value overflows to infinity or underflows to zero.
    static func float(_ text: UnsafeRawBufferPointer) -> Float? {
        guard let value = Float(String(decoding: text, as: UTF8.self)) else {
            return nil
        }
        return self.isRepresentable(value, text: text) ? value : nil
    }

    /// Whether a parsed value is finite and, if zero, came from text whose digits are all zero.
    private static func isRepresentable<Value: BinaryFloatingPoint>(
        _ value: Value,
        text: UnsafeRawBufferPointer
    ) -> Bool {
        guard value.isFinite else {
            return false
        }
        guard value == 0 else {
            return true
        }
        for byte in text {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                break
            }
            if byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") {
                return false
            }
        }
        return true
    }

    /// The exact fast path: at most 19 significant digits forming a mantissa below 2^53 and a decimal scale
    /// within ±22, so the result is one correctly rounded multiplication or division of two exact doubles.
    private static func fastDouble(_ text: UnsafeRawBufferPointer) -> Double? {
        var position = 0
        var negative = false
        if position < text.count && text[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var mantissa: UInt64 = 0
        var digitCount = 0
        var scale = 0
        var sawDigit = false
        while position < text.count && self.isDigit(text[position]) {
            if mantissa != 0 || text[position] != UInt8(ascii: "0") {
                digitCount += 1
            }
            mantissa = mantissa &* 10 &+ UInt64(text[position] &- UInt8(ascii: "0"))
            sawDigit = true
            position += 1
        }
        if position < text.count && text[position] == UInt8(ascii: ".") {
            position += 1
            while position < text.count && self.isDigit(text[position]) {
                if mantissa != 0 || text[position] != UInt8(ascii: "0") {
                    digitCount += 1
                }
                mantissa = mantissa &* 10 &+ UInt64(text[position] &- UInt8(ascii: "0"))
                scale -= 1
                position += 1
            }
        }
        // Wrapping arithmetic above is harmless: with more than 19 significant digits the result is not used.
        guard sawDigit, digitCount <= 19, mantissa <= 1 << 53 else {
            return nil
        }
        if let exponent = self.exponent(text, &position) {
            scale += exponent
        }
        guard position == text.count else {
            return nil
        }
        var value = Double(mantissa)
        if mantissa != 0 {
            guard scale >= -22 && scale <= 22 else {
                return nil
            }
            if scale >= 0 {
                value *= self.exactPowersOfTen[scale]
            } else {
                value /= self.exactPowersOfTen[-scale]
            }
        }
        return negative ? -value : value
    }
}
