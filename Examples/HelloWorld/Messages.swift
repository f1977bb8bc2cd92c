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

/// What a client says. Anything else it might send does not decode, and the server ignores it.
enum Greeting: Codable, Sendable {
    case hello
}

/// What the server answers.
enum Answer: Codable, Sendable {
    case world
}
