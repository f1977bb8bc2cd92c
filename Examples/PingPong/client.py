#!/usr/bin/env python3
#===----------------------------------------------------------------------===#
#
# This source file is part of the ReactiveMessaging open source project
#
# Copyright (c) 2026 the ReactiveMessaging project authors
# Licensed under Apache License v2.0
#
# SPDX-License-Identifier: Apache-2.0
#
#===----------------------------------------------------------------------===#
"""A PingPong client in Python, written from the protocol reference in README.md ("The protocol, byte by byte").

It speaks the pre-game in JSON lines, plays whole games in the `fixed` or `variable` serializer with its own umpire
and its own draws, checks every play of the server by replaying the server's draw, and endorses the final score.
Standard library only.

    python3 client.py --port 9002 --serde fixed --games 3 --score-limit 11
    python3 client.py --port 9002 --check-refusals     # bad pre-game messages: `refused`, then the end
    python3 client.py --port 9002 --check-endings      # quit, contest, cancel, a cheat, the rally timeout
    python3 client.py --port 9002 --check-shutdown     # waits mid-game for `serverShutdown` (stop the server)

Exit status: 0 if every game and check went as the reference says, 1 if one did not, 2 for bad arguments.
"""

import argparse
import json
import random
import socket
import struct
import sys
import time

PROTOCOL_VERSION = 1
MAXIMUM_MESSAGE_SIZE = 1024 * 1024  # the server's maximum message size: the library's default, 1 MiB
FIXED_FRAME_SIZE = 12

# Enum raw values: Player, Fault, CancelReason.
CLIENT, SERVER = 1, 2
PLAYER_NAMES = {CLIENT: "client", SERVER: "server"}
FAULTS = ["noBounce", "noRebate", "mishit", "preBounce", "netTouch", "netBlock", "ballOut"]
FAULT_VALUES = {name: value for value, name in enumerate(FAULTS, start=1)}
REASONS = ["wrongPlayer", "umpiresDisagree", "rallyTimeout", "protocolError", "gameAlreadyOver"]
REASON_VALUES = {name: value for value, name in enumerate(REASONS, start=1)}

# The anchor study's probabilities (MatchConfig.standard), in the order of the configuration's fields.
STANDARD_PROBABILITIES = [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007]


class ProtocolFailure(Exception):
    """The server did something the reference does not allow, or the game did not end as it should."""


def f32(value):
    """`value` rounded to the nearest Float32 (as a Python float, which holds it exactly)."""
    return struct.unpack("<f", struct.pack("<f", value))[0]


def f32_text(value):
    """The shortest decimal that reads back as the Float32 `value`."""
    for digits in range(1, 10):
        text = "%.*g" % (digits, value)
        if f32(float(text)) == value:
            return text
    return repr(value)


def describe_score(score):
    return "%d-%d" % tuple(score)


# MARK: Messages
#
# A game message is a tuple whose first item is its case name:
#   ("play", lucky, outcome)   ("endorsedScore", (client, server))   ("contestedScore", (client, server))
#   ("quit",)   ("cancelled", reason, (client, server))   ("goodbye",)   ("serverShutdown",)
# and an outcome is one of:
#   ("softFault", fault)   ("service",)   ("rebate",)   ("point", winner, fault)   ("gameOver", winner, fault)
#   ("cancelled", reason)
# Faults and reasons are their names; winners are the Player raw values.


def describe(message):
    kind = message[0]
    if kind == "play":
        return "play(lucky: %r, outcome: %s)" % (message[1], describe_outcome(message[2]))
    if kind in ("endorsedScore", "contestedScore"):
        return "%s(%s)" % (kind, describe_score(message[1]))
    if kind == "cancelled":
        return "cancelled(%s, %s)" % (message[1], describe_score(message[2]))
    return kind


def describe_outcome(outcome):
    kind = outcome[0]
    if kind in ("point", "gameOver"):
        return "%s(winner: %s, fault: %s)" % (kind, PLAYER_NAMES[outcome[1]], outcome[2])
    if kind in ("softFault", "cancelled"):
        return "%s(%s)" % (kind, outcome[1])
    return kind


# MARK: The fixed-size layout: 12 bytes, little endian


def encode_fixed(message):
    kind = message[0]
    if kind == "play":
        tag, fault, detail = outcome_bytes(message[2])
        return struct.pack("<BBBBf4x", 1, tag, fault, detail, message[1])
    if kind in ("endorsedScore", "contestedScore"):
        client, server = message[1]
        return struct.pack("<B3xII", 2 if kind == "endorsedScore" else 3, client, server)
    if kind == "cancelled":
        client, server = message[2]
        return struct.pack("<BB2xII", 5, REASON_VALUES[message[1]], client, server)
    tags = {"quit": 4, "goodbye": 6, "serverShutdown": 7}
    return struct.pack("<B11x", tags[kind])


def outcome_bytes(outcome):
    kind = outcome[0]
    if kind == "softFault":
        return 1, FAULT_VALUES[outcome[1]], 0
    if kind == "service":
        return 2, 0, 0
    if kind == "rebate":
        return 3, 0, 0
    if kind in ("point", "gameOver"):
        return 4 if kind == "point" else 5, FAULT_VALUES[outcome[2]], outcome[1]
    return 6, 0, REASON_VALUES[outcome[1]]


def decode_fixed(frame):
    if len(frame) != FIXED_FRAME_SIZE:
        raise ProtocolFailure("a fixed-size frame has %d bytes, not 12" % len(frame))

    def zeros(start, end):
        if any(frame[start:end]):
            raise ProtocolFailure("non-zero padding in %s" % frame.hex(" "))

    tag = frame[0]
    if tag == 1:
        outcome = decode_fixed_outcome(frame[1], frame[2], frame[3])
        (lucky,) = struct.unpack_from("<f", frame, 4)
        if not (0 <= lucky < 1):  # NaN fails both comparisons
            raise ProtocolFailure("a draw of %r is not in 0..<1" % lucky)
        zeros(8, 12)
        return ("play", lucky, outcome)
    if tag in (2, 3):
        zeros(1, 4)
        kind = "endorsedScore" if tag == 2 else "contestedScore"
        return (kind, struct.unpack_from("<II", frame, 4))
    if tag == 5:
        zeros(2, 4)
        if not 1 <= frame[1] <= len(REASONS):
            raise ProtocolFailure("unknown cancel reason %d" % frame[1])
        return ("cancelled", REASONS[frame[1] - 1], struct.unpack_from("<II", frame, 4))
    if tag in (4, 6, 7):
        zeros(1, 12)
        return ({4: "quit", 6: "goodbye", 7: "serverShutdown"}[tag],)
    raise ProtocolFailure("unknown game message tag %d" % tag)


def decode_fixed_outcome(tag, fault, detail):
    fault_name = FAULTS[fault - 1] if 1 <= fault <= len(FAULTS) else None
    if tag == 1 and fault_name and detail == 0:
        return ("softFault", fault_name)
    if tag in (2, 3) and fault == 0 and detail == 0:
        return ("service",) if tag == 2 else ("rebate",)
    if tag in (4, 5) and fault_name and detail in PLAYER_NAMES:
        return ("point" if tag == 4 else "gameOver", detail, fault_name)
    if tag == 6 and fault == 0 and 1 <= detail <= len(REASONS):
        return ("cancelled", REASONS[detail - 1])
    raise ProtocolFailure("no outcome %d/%d/%d" % (tag, fault, detail))


# MARK: The variable-size binary encoding (Book chapter 2)
#
# Binary values in Python: None, bools, ("int", n), ("f32", x), ("f64", x), str, lists, and maps as
# ("map", [(key, value), ...]) so that the order of the pairs is kept.


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_value(value):
    if value is None:
        return b"\x00"
    if value is False:
        return b"\x01"
    if value is True:
        return b"\x02"
    if isinstance(value, str):
        utf8 = value.encode("utf-8")
        return b"\x07" + varint(len(utf8)) + utf8
    if isinstance(value, list):
        return b"\x08" + varint(len(value)) + b"".join(encode_value(item) for item in value)
    kind, payload = value
    if kind == "int":
        return b"\x03" + varint(payload) if payload >= 0 else b"\x04" + varint(-1 - payload)
    if kind == "f32":
        return b"\x05" + struct.pack("<f", payload)
    if kind == "f64":
        return b"\x06" + struct.pack("<d", payload)
    if kind == "map":
        out = bytearray(b"\x09" + varint(len(payload)))
        for key, item in payload:
            utf8 = key.encode("utf-8")
            out += varint(len(utf8)) + utf8 + encode_value(item)
        return bytes(out)
    raise ValueError("no binary value %r" % (value,))


class BinaryReader:
    """Reads one binary value, as strictly as the Swift decoder: shortest varints, no bytes left over."""

    def __init__(self, data):
        self.data = data
        self.offset = 0

    def fail(self, why):
        raise ProtocolFailure("%s at byte %d of %s" % (why, self.offset, self.data.hex(" ")))

    def byte(self):
        if self.offset >= len(self.data):
            self.fail("the payload ends inside a value")
        self.offset += 1
        return self.data[self.offset - 1]

    def bytes(self, count):
        if count > len(self.data) - self.offset:
            self.fail("a length of %d that the payload cannot hold" % count)
        self.offset += count
        return self.data[self.offset - count : self.offset]

    def varint(self):
        start, n, shift = self.offset, 0, 0
        while True:
            byte = self.byte()
            n |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
            if shift >= 133:
                self.fail("a varint too wide")
        if self.offset - start > 1 and byte == 0:
            self.fail("a varint not in its shortest form")
        return n

    def value(self, depth=0):
        if depth > 64:
            self.fail("nesting deeper than 64")
        tag = self.byte()
        if tag == 0x00:
            return None
        if tag in (0x01, 0x02):
            return tag == 0x02
        if tag == 0x03:
            return ("int", self.varint())
        if tag == 0x04:
            return ("int", -1 - self.varint())
        if tag == 0x05:
            return ("f32", struct.unpack("<f", self.bytes(4))[0])
        if tag == 0x06:
            return ("f64", struct.unpack("<d", self.bytes(8))[0])
        if tag == 0x07:
            return self.text()
        if tag == 0x08:
            return [self.value(depth + 1) for _ in range(self.varint())]
        if tag == 0x09:
            return ("map", [(self.text(), self.value(depth + 1)) for _ in range(self.varint())])
        self.fail("reserved tag 0x%02X" % tag)

    def text(self):
        raw = self.bytes(self.varint())
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.fail("invalid UTF-8")


def decode_value(data):
    reader = BinaryReader(data)
    value = reader.value()
    if reader.offset != len(data):
        reader.fail("bytes after the value")
    return value


def as_map(value, what):
    if not (isinstance(value, tuple) and value[0] == "map"):
        raise ProtocolFailure("%s is not a map: %r" % (what, value))
    return dict(value[1])


def as_int(value, what):
    if not (isinstance(value, tuple) and value[0] == "int"):
        raise ProtocolFailure("%s is not an integer: %r" % (what, value))
    return value[1]


def as_case(value, what):
    """An enum with associated values: a map of one pair, the case's name and a map of its values."""
    pairs = as_map(value, what)
    if len(pairs) != 1:
        raise ProtocolFailure("%s has %d cases, not one: %r" % (what, len(pairs), value))
    ((name, fields),) = pairs.items()
    return name, as_map(fields, "%s.%s" % (what, name))


def score_value(score):
    return ("map", [("client", ("int", score[0])), ("server", ("int", score[1]))])


def outcome_value(outcome):
    kind = outcome[0]
    if kind == "softFault":
        fields = [("_0", ("int", FAULT_VALUES[outcome[1]]))]
    elif kind in ("point", "gameOver"):
        fields = [("winner", ("int", outcome[1])), ("fault", ("int", FAULT_VALUES[outcome[2]]))]
    elif kind == "cancelled":
        fields = [("_0", ("int", REASON_VALUES[outcome[1]]))]
    else:
        fields = []
    return ("map", [(kind, ("map", fields))])


def encode_variable(message):
    kind = message[0]
    if kind == "play":
        fields = [("lucky", ("f32", message[1])), ("outcome", outcome_value(message[2]))]
    elif kind in ("endorsedScore", "contestedScore"):
        fields = [("_0", score_value(message[1]))]
    elif kind == "cancelled":
        fields = [("_0", ("int", REASON_VALUES[message[1]])), ("_1", score_value(message[2]))]
    else:
        fields = []
    return encode_value(("map", [(kind, ("map", fields))]))


def decode_score(value, what):
    fields = as_map(value, what)
    return (as_int(fields["client"], what + ".client"), as_int(fields["server"], what + ".server"))


def named(table, raw, what):
    if not 1 <= raw <= len(table):
        raise ProtocolFailure("%s %d names no case" % (what, raw))
    return table[raw - 1]


def decode_outcome(value):
    kind, fields = as_case(value, "outcome")
    try:
        if kind == "softFault":
            return ("softFault", named(FAULTS, as_int(fields["_0"], "fault"), "fault"))
        if kind in ("service", "rebate"):
            return (kind,)
        if kind in ("point", "gameOver"):
            winner = as_int(fields["winner"], "winner")
            if winner not in PLAYER_NAMES:
                raise ProtocolFailure("winner %d names no player" % winner)
            return (kind, winner, named(FAULTS, as_int(fields["fault"], "fault"), "fault"))
        if kind == "cancelled":
            return ("cancelled", named(REASONS, as_int(fields["_0"], "reason"), "reason"))
    except KeyError as missing:
        raise ProtocolFailure("outcome %s has no %s" % (kind, missing))
    raise ProtocolFailure("no outcome %r" % kind)


def decode_variable(payload):
    kind, fields = as_case(decode_value(payload), "game message")
    try:
        if kind == "play":
            lucky = fields["lucky"]
            if not (isinstance(lucky, tuple) and lucky[0] == "f32"):
                raise ProtocolFailure("a draw is not a Float: %r" % (lucky,))
            return ("play", lucky[1], decode_outcome(fields["outcome"]))
        if kind in ("endorsedScore", "contestedScore"):
            return (kind, decode_score(fields["_0"], "score"))
        if kind == "cancelled":
            reason = named(REASONS, as_int(fields["_0"], "reason"), "reason")
            return ("cancelled", reason, decode_score(fields["_1"], "score"))
        if kind in ("quit", "goodbye", "serverShutdown"):
            return (kind,)
    except KeyError as missing:
        raise ProtocolFailure("%s has no %s" % (kind, missing))
    raise ProtocolFailure("no game message %r" % kind)


# MARK: The connection


class Connection:
    """A TCP connection with a read buffer: JSON lines first, then game frames, with no byte lost between."""

    def __init__(self, host, port, timeout):
        try:
            self.socket = socket.create_connection((host, port), timeout=timeout)
        except OSError as error:
            raise ProtocolFailure("cannot connect to %s:%d: %s" % (host, port, error))
        self.socket.settimeout(timeout)
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = bytearray()
        self.serde = None

    def close(self):
        self.socket.close()

    def fill(self, what):
        """Reads more bytes; b"" at the end of the stream."""
        try:
            chunk = self.socket.recv(65536)
        except socket.timeout:
            raise ProtocolFailure("no answer within %.1f s, waiting for %s" % (self.socket.gettimeout(), what))
        except OSError as error:
            raise ProtocolFailure("the connection failed, waiting for %s: %s" % (what, error))
        self.buffer += chunk
        return chunk

    def send(self, data):
        try:
            self.socket.sendall(data)
        except socket.timeout:
            raise ProtocolFailure("the server did not read for %.1f s" % self.socket.gettimeout())
        except OSError as error:
            raise ProtocolFailure("the connection failed while sending: %s" % error)

    def send_json(self, value):
        self.send(json.dumps(value, separators=(",", ":")).encode("utf-8") + b"\n")

    def read_json(self):
        """The next JSON line, or None at the end of the stream."""
        while True:
            newline = self.buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self.buffer[:newline])
                del self.buffer[: newline + 1]
                if line.endswith(b"\r"):
                    line = line[:-1]
                try:
                    return json.loads(line.decode("utf-8"))
                except ValueError as error:
                    raise ProtocolFailure("the server's line %r is not JSON: %s" % (line, error))
            if len(self.buffer) > MAXIMUM_MESSAGE_SIZE:
                raise ProtocolFailure("a line longer than 1 MiB")
            if not self.fill("a JSON line"):
                if self.buffer:
                    raise ProtocolFailure("the stream ended inside a line: %r" % bytes(self.buffer))
                return None

    def read_exactly(self, count, what):
        """`count` bytes, or None if the stream ends before the first; a stream that ends inside them fails."""
        while len(self.buffer) < count:
            if not self.fill(what):
                if self.buffer:
                    raise ProtocolFailure("the stream ended inside %s: %s" % (what, self.buffer.hex(" ")))
                return None
        data = bytes(self.buffer[:count])
        del self.buffer[:count]
        return data

    def send_game(self, message):
        self.send(self.frame(message))

    def frame(self, message):
        if self.serde == "fixed":
            return encode_fixed(message)
        payload = encode_variable(message)
        return struct.pack(">I", len(payload)) + payload

    def read_game(self):
        """The next game message, or None at the end of the stream. Each frame must be the canonical encoding of
        the message it decodes to: the reference gives exactly one encoding per message."""
        if self.serde == "fixed":
            frame = self.read_exactly(FIXED_FRAME_SIZE, "a 12-byte frame")
            if frame is None:
                return None
            message = decode_fixed(frame)
        else:
            prefix = self.read_exactly(4, "a length prefix")
            if prefix is None:
                return None
            (length,) = struct.unpack(">I", prefix)
            if length > MAXIMUM_MESSAGE_SIZE:
                raise ProtocolFailure("a length prefix of %d bytes, over 1 MiB" % length)
            payload = self.read_exactly(length, "a payload of %d bytes" % length)
            if payload is None:
                raise ProtocolFailure("the stream ended after a length prefix")
            frame = prefix + payload
            message = decode_variable(payload)
        if self.frame(message) != frame:
            raise ProtocolFailure(
                "%s arrived as %s, not as the reference encodes it: %s"
                % (describe(message), frame.hex(" "), self.frame(message).hex(" "))
            )
        return message

    def expect_end(self, what):
        """The server closes the connection next: no more bytes, then the end of the stream."""
        while not self.buffer:
            if not self.fill("the end of the connection after %s" % what):
                return
        raise ProtocolFailure("bytes after %s, where the connection should end: %s" % (what, self.buffer.hex(" ")))


# MARK: The umpire


class Umpire:
    """The rules, as the reference gives them: every comparison between Float32 values, a draw at or under a
    probability is that fault."""

    SERVICE_ATTEMPTS = 3

    def __init__(self, config):
        self.score_limit = config["scoreLimit"]
        self.p = {name: f32(config[name]) for name in FAULTS}
        self.state = ("waitingForService", CLIENT, 1)
        self.score = [0, 0]

    @property
    def turn(self):
        if self.state[0] == "waitingForService":
            return self.state[1]
        if self.state[0] == "rally":
            return self.state[1]
        return None

    def soft_fault(self, lucky):
        for name in ("mishit", "netTouch"):
            if lucky <= self.p[name]:
                return name
        return None

    def hard_fault(self, lucky):
        for name in ("noBounce", "noRebate", "mishit", "preBounce", "netBlock", "ballOut"):
            if lucky <= self.p[name]:
                return name
        return None

    def play(self, player, lucky):
        turn = self.turn
        if turn is None:
            return ("cancelled", "gameAlreadyOver")
        if player != turn:
            self.state = ("over",)
            return ("cancelled", "wrongPlayer")
        opponent = SERVER if player == CLIENT else CLIENT
        if self.state[0] == "waitingForService":
            attempt = self.state[2]
            if attempt < self.SERVICE_ATTEMPTS:
                soft = self.soft_fault(lucky)
                if soft:
                    self.state = ("waitingForService", player, attempt + 1)
                    return ("softFault", soft)
            fault = self.hard_fault(lucky)
            if fault:
                return self.point(opponent, fault)
            self.state = ("rally", opponent)
            return ("service",)
        fault = self.hard_fault(lucky)
        if fault:
            return self.point(opponent, fault)
        self.state = ("rally", opponent)
        return ("rebate",)

    def point(self, winner, fault):
        self.score[winner - 1] += 1
        if self.score[winner - 1] >= self.score_limit:
            self.state = ("over",)
            return ("gameOver", winner, fault)
        self.state = ("waitingForService", winner, 1)
        return ("point", winner, fault)

    def cancel(self):
        self.state = ("over",)

    @property
    def winner(self):
        for player in (CLIENT, SERVER):
            if self.score[player - 1] >= self.score_limit:
                return player
        return None


def draw(rng):
    """A draw in 0..<1 that is exactly a Float32: 24 random bits over 2^24."""
    return rng.getrandbits(24) / 16777216.0


# MARK: The pre-game


def make_config(args, serde, **changes):
    """The configuration the options give, with `changes` (any field, even the serializer) made to it."""
    config = {
        "scoreLimit": args.score_limit,
        "rallyTimeoutMillis": args.rally_timeout_ms,
        "serde": serde,
    }
    config.update(zip(FAULTS, (f32(p) for p in args.probabilities)))
    config.update(changes)
    return config


def config_json(config):
    """The configuration as JSON text, each probability as the shortest decimal of its Float32."""
    fields = []
    for key, value in config.items():
        if key in FAULTS and isinstance(value, float):
            fields.append("%s:%s" % (json.dumps(key), f32_text(value)))
        else:
            fields.append("%s:%s" % (json.dumps(key), json.dumps(value)))
    return '{"config":{"_0":{%s}}}' % ",".join(fields)


def pre_game(connection, config):
    """Version, then configuration; returns when the server accepts. Raises with the server's refusal."""
    connection.send_json({"version": {"_0": PROTOCOL_VERSION}})
    answer = connection.read_json()
    if answer != {"version": {"_0": PROTOCOL_VERSION}}:
        raise ProtocolFailure("the server answered the version with %r" % (answer,))
    connection.send(config_json(config).encode("utf-8") + b"\n")
    answer = connection.read_json()
    if answer != {"accepted": {}}:
        raise ProtocolFailure("the server answered the configuration with %r" % (answer,))
    connection.serde = config["serde"]


# MARK: A whole game


class GameStats:
    def __init__(self):
        self.plays = {CLIENT: 0, SERVER: 0}
        self.outcomes = {}

    def count(self, player, outcome):
        self.plays[player] += 1
        key = outcome[0] if outcome[0] in ("service", "rebate") else "%s(%s)" % (outcome[0], outcome[-1])
        self.outcomes[key] = self.outcomes.get(key, 0) + 1


def cancel_game(connection, reason, score, why):
    """Cancels the game for `reason`, hears the server's goodbye, and fails with `why`. Plays the server sent before
    it read the cancellation (its next turns) may come first."""
    connection.send_game(("cancelled", reason, tuple(score)))
    answer = connection.read_game()
    while answer is not None and answer[0] == "play":
        answer = connection.read_game()
    if answer != ("goodbye",):
        why += "; then the server answered the cancellation with %s" % (describe(answer) if answer else "nothing")
    raise ProtocolFailure("%s: cancelled(%s) at %s" % (why, reason, describe_score(score)))


def play_game(args, serde, rng, stats, verbose):
    """One game to the score limit: serves first, checks the server's plays, endorses, hears goodbye."""
    config = make_config(args, serde)
    connection = Connection(args.host, args.port, args.timeout)
    try:
        pre_game(connection, config)
        umpire = Umpire(config)

        def play_my_turns():
            while umpire.turn == CLIENT:
                lucky = draw(rng)
                outcome = umpire.play(CLIENT, lucky)
                stats.count(CLIENT, outcome)
                if verbose:
                    print("  client: %s" % describe(("play", lucky, outcome)))
                connection.send_game(("play", lucky, outcome))
            if umpire.winner is not None:
                connection.send_game(("endorsedScore", tuple(umpire.score)))

        play_my_turns()
        while True:
            message = connection.read_game()
            if message is None:
                raise ProtocolFailure("the connection ended at %s with no goodbye" % describe_score(umpire.score))
            if verbose:
                print("  server: %s" % describe(message))
            kind = message[0]
            if kind == "play":
                if umpire.turn is None:
                    raise ProtocolFailure("the server played after the game was over: %s" % describe(message))
                _, lucky, reported = message
                if not (0 <= lucky < 1):
                    umpire.cancel()
                    cancel_game(connection, "protocolError", umpire.score, "the server drew %r" % lucky)
                outcome = umpire.play(SERVER, lucky)
                stats.count(SERVER, outcome)
                if outcome[0] == "cancelled":
                    cancel_game(connection, outcome[1], umpire.score, "the server played %s" % describe(message))
                if outcome != reported:
                    umpire.cancel()
                    cancel_game(
                        connection,
                        "umpiresDisagree",
                        umpire.score,
                        "the umpires disagree: the server's draw %r is %s here, %s there"
                        % (lucky, describe_outcome(outcome), describe_outcome(reported)),
                    )
                play_my_turns()
            elif kind == "goodbye":
                if umpire.winner is None:
                    raise ProtocolFailure("goodbye at %s, before the score limit" % describe_score(umpire.score))
                connection.expect_end("goodbye")
                return umpire.winner, tuple(umpire.score)
            else:
                raise ProtocolFailure(
                    "the server ended the game at %s (this side's score): %s"
                    % (describe_score(umpire.score), describe(message))
                )
    finally:
        connection.close()


# MARK: Checks of the other paths


def expect_refusal(args, name, lines, reason=None):
    """Sends `lines` (the pre-game, by hand); the server must answer the last with `refused` and a reason, then
    close. The answers to the lines before it are read and ignored."""
    connection = Connection(args.host, args.port, args.timeout)
    try:
        for index, line in enumerate(lines):
            connection.send(line.encode("utf-8") + b"\n")
            answer = connection.read_json()
            if index < len(lines) - 1:
                continue
            if answer is None:
                raise ProtocolFailure("%s: the connection ended with no refusal" % name)
            refused = answer.get("refused") if isinstance(answer, dict) else None
            why = refused.get("_0") if isinstance(refused, dict) else None
            if not isinstance(why, str) or not why or len(answer) != 1 or len(refused) != 1:
                raise ProtocolFailure("%s: the server answered %r, not a refusal with a reason" % (name, answer))
            if reason is not None and why != reason:
                raise ProtocolFailure("%s: refused with %r, not %r" % (name, why, reason))
            connection.expect_end("the refusal")
            print("refused as it should be: %s: %r" % (name, why))
    finally:
        connection.close()


def expect_acceptance(args, name, config_line, silent=False):
    """A configuration at the edge of its ranges: accepted; then a quit, and the server's goodbye. Or, if `silent`,
    no quit: the rally timeout's `cancelled(rallyTimeout)`."""
    connection = Connection(args.host, args.port, args.timeout)
    try:
        connection.send_json({"version": {"_0": PROTOCOL_VERSION}})
        if connection.read_json() != {"version": {"_0": PROTOCOL_VERSION}}:
            raise ProtocolFailure("%s: the version was not agreed" % name)
        connection.send(config_line.encode("utf-8") + b"\n")
        answer = connection.read_json()
        if answer != {"accepted": {}}:
            raise ProtocolFailure("%s: the server answered %r, not accepted" % (name, answer))
        connection.serde = json.loads(config_line)["config"]["_0"]["serde"]
        if silent:
            expect_messages(connection, name, [("cancelled", "rallyTimeout", (0, 0))])
        else:
            connection.send_game(("quit",))
            expect_messages(connection, name, [("goodbye",)])
        print("accepted as it should be: %s" % name)
    finally:
        connection.close()


def check_refusals(args):
    """The pre-game's refusals: each bad message gets `refused` with a reason, then the connection ends. And the
    edges of each range are accepted."""
    version = '{"version":{"_0":1}}'

    def config(**changes):
        return config_json(make_config(args, changes.pop("serde", "fixed"), **changes))

    def raw_config(field, text):
        """A configuration whose `field` is the literal JSON `text`."""
        good = json.loads(config())
        marker = "__%s__" % field
        good["config"]["_0"][field] = marker
        return json.dumps(good, separators=(",", ":")).replace(json.dumps(marker), text)

    rally = "the rally timeout must be in 1...20000 ms"
    refusals = [
        ("another version", ['{"version":{"_0":2}}'], "this server speaks version 1, not 2"),
        ("a configuration before the version", [config()], "the version comes first"),
        ("a probability over 1", [version, config(netBlock=1.5)], "probabilities must be in 0...1"),
        ("a negative probability", [version, config(noBounce=-0.25)], "probabilities must be in 0...1"),
        ("a score limit of 0", [version, config(scoreLimit=0)], "the score limit must be in 1...1000000"),
        ("a score limit of 1000001", [version, config(scoreLimit=1000001)], "the score limit must be in 1...1000000"),
        ("a rally timeout of 0", [version, config(rallyTimeoutMillis=0)], rally),
        ("a rally timeout of 20001 ms", [version, config(rallyTimeoutMillis=20001)], rally),
        ('the serializer "banana"', [version, config(serde="banana")], None),
        ("a probability of 1e39 (over Float32's range)", [version, raw_config("mishit", "1e39")], None),
        ("a probability of 1e-46 (rounds to 0 in Float32)", [version, raw_config("ballOut", "1e-46")], None),
        ("a probability of NaN (not JSON)", [version, raw_config("netTouch", "NaN")], None),
        ("a configuration with a field missing", [version, config().replace('"netTouch":', '"netTouches":')], None),
        ("a version of 256 (not a UInt8)", ['{"version":{"_0":256}}'], None),
        ("an unknown message", ['{"hello":{}}'], None),
        ("a line that is not JSON", ["ping"], None),
    ]
    edges = [
        ("a rally timeout of 1 ms, then silence", config(rallyTimeoutMillis=1), True),
        (
            "a rally timeout of 20000 ms, a score limit of 1000000",
            config(rallyTimeoutMillis=20000, scoreLimit=1000000, serde="variable"),
            False,
        ),
        ("probabilities of 0 and 1", config(noBounce=0.0, ballOut=1.0), False),
        ("a probability of 1e-45 (Float32's smallest)", raw_config("noRebate", "1e-45"), False),
    ]
    checks = [(expect_refusal, refusal) for refusal in refusals] + [(expect_acceptance, edge) for edge in edges]
    failures = 0
    for check, arguments in checks:
        try:
            check(args, *arguments)
        except ProtocolFailure as failure:
            print("FAILED: %s" % failure)
            failures += 1
    print("%d pre-game checks, %d failed" % (len(checks), failures))
    return failures == 0


def started_game(args, serde, **changes):
    config = make_config(args, serde, **changes)
    connection = Connection(args.host, args.port, args.timeout)
    try:
        pre_game(connection, config)
    except BaseException:
        connection.close()
        raise
    return connection, Umpire(config)


def expect_messages(connection, name, expected):
    for message in expected:
        answer = connection.read_game()
        if answer != message:
            raise ProtocolFailure(
                "%s: the server sent %s, not %s" % (name, describe(answer) if answer else "nothing", describe(message))
            )
    connection.expect_end(describe(expected[-1]))


def check_endings(args, serde):
    """Every ending the client can cause, and what the server answers."""

    def serve(connection, umpire):
        """A good first service (a draw of 0.5 faults under no probability below 0.5), and the server's return."""
        connection.send_game(("play", 0.5, umpire.play(CLIENT, 0.5)))
        answer = connection.read_game()
        if not answer or answer[0] != "play":
            raise ProtocolFailure("the server did not return the service: %r" % (answer,))

    def quit_at_once(connection, umpire):
        connection.send_game(("quit",))
        expect_messages(connection, "quit", [("goodbye",)])

    def quit_after_a_rally(connection, umpire):
        serve(connection, umpire)
        connection.send_game(("quit",))
        expect_messages(connection, "quit", [("goodbye",)])

    def endorse_early(connection, umpire):
        connection.send_game(("endorsedScore", (0, 0)))
        expect_messages(connection, "endorsedScore", [("goodbye",)])

    def contest(connection, umpire):
        connection.send_game(("contestedScore", (3, 4)))
        expect_messages(connection, "contestedScore", [("goodbye",)])

    def cancel(connection, umpire):
        connection.send_game(("cancelled", "protocolError", (0, 0)))
        expect_messages(connection, "cancelled", [("goodbye",)])

    def cheat(connection, umpire):
        # A draw of 0.5 is a good service; reported as a point for the server, the server's umpire replays it,
        # finds a service, and cancels the game. The score is the server's: 0-0.
        connection.send_game(("play", 0.5, ("point", SERVER, "ballOut")))
        expect_messages(connection, "a cheat", [("cancelled", "umpiresDisagree", (0, 0)), ("goodbye",)])

    def say_goodbye(connection, umpire):
        connection.send_game(("goodbye",))
        expect_messages(connection, "a goodbye from the client", [("cancelled", "protocolError", (0, 0))])

    def draws_at_probabilities(connection, umpire):
        # Draws equal to a probability are that fault: a soft mishit and a soft net touch on the first two
        # attempts, a hard no-bounce on the third. An umpire that compared with `<` would see other outcomes and
        # cancel the game.
        for name in ("mishit", "netTouch", "noBounce"):
            lucky = umpire.p[name]
            outcome = umpire.play(CLIENT, lucky)
            expected = ("softFault", name) if name != "noBounce" else ("point", SERVER, "noBounce")
            if outcome != expected:
                raise ProtocolFailure("this umpire judged %r as %s" % (lucky, describe_outcome(outcome)))
            connection.send_game(("play", lucky, outcome))
        answer = connection.read_game()
        if not answer or answer[0] != "play":
            what = describe(answer) if answer else "nothing"
            raise ProtocolFailure("the server answered %s, not its service" % what)
        connection.send_game(("quit",))
        while answer is not None and answer[0] == "play":
            answer = connection.read_game()
        if answer != ("goodbye",):
            raise ProtocolFailure("the server answered the quit with %s" % (describe(answer) if answer else "nothing"))
        connection.expect_end("goodbye")

    def fall_silent(connection, umpire):
        started = time.monotonic()
        expect_messages(connection, "silence", [("cancelled", "rallyTimeout", (0, 0))])
        waited = time.monotonic() - started
        if not 0.2 <= waited <= 5:
            raise ProtocolFailure("the rally timeout of 300 ms fired after %.2f s" % waited)

    checks = [
        ("quit at once: goodbye", quit_at_once, {}),
        ("quit after a service and its return: goodbye", quit_after_a_rally, {}),
        ("endorsedScore before the end: goodbye", endorse_early, {}),
        ("contestedScore: goodbye", contest, {}),
        ("cancelled by the client: goodbye", cancel, {}),
        ("a cheat: cancelled(umpiresDisagree), goodbye", cheat, {}),
        ("draws equal to probabilities: faults (at or under), the umpires agree", draws_at_probabilities, {}),
        ("goodbye from the client: cancelled(protocolError), no goodbye", say_goodbye, {}),
        ("300 ms of silence: cancelled(rallyTimeout)", fall_silent, {"rallyTimeoutMillis": 300}),
    ]
    failures = 0
    for name, check, changes in checks:
        connection = None
        try:
            connection, umpire = started_game(args, serde, **changes)
            check(connection, umpire)
            print("%s (%s): as it should be" % (name, serde))
        except ProtocolFailure as failure:
            print("FAILED (%s): %s: %s" % (serde, name, failure))
            failures += 1
        finally:
            if connection:
                connection.close()
    print("%d ending checks in %s, %d failed" % (len(checks), serde, failures))
    return failures == 0


def check_shutdown(args, serde):
    """Starts a game, returns the service, then waits for the server to shut down: it must say serverShutdown."""
    try:
        connection, umpire = started_game(args, serde, rallyTimeoutMillis=20000)
    except ProtocolFailure as failure:
        print("FAILED: %s" % failure)
        return False
    try:
        lucky = 0.5
        connection.send_game(("play", lucky, umpire.play(CLIENT, lucky)))
        answer = connection.read_game()
        if not answer or answer[0] != "play":
            raise ProtocolFailure("the server did not return the service: %r" % (answer,))
        print("in a game (%s), waiting for the server to shut down" % serde, flush=True)
        connection.socket.settimeout(25)
        expect_messages(connection, "a shutdown", [("serverShutdown",)])
        print("serverShutdown heard, then the end of the connection")
        return True
    except ProtocolFailure as failure:
        print("FAILED: %s" % failure)
        return False
    finally:
        connection.close()


# MARK: Main


def probabilities(text):
    values = [float(part) for part in text.split(",")]
    if len(values) != 7:
        raise argparse.ArgumentTypeError("seven probabilities: " + ",".join(FAULTS))
    return values


def main():
    parser = argparse.ArgumentParser(description="A PingPong client in Python: whole games against the server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--serde", choices=["fixed", "variable"], default="fixed", help="the game's serializer")
    parser.add_argument("--games", type=int, default=3, help="games to play, one after the other")
    parser.add_argument("--score-limit", type=int, default=11)
    parser.add_argument("--rally-timeout-ms", type=int, default=5000)
    parser.add_argument(
        "--probabilities",
        type=probabilities,
        default=STANDARD_PROBABILITIES,
        help="seven fault probabilities, comma-separated, in the order " + ",".join(FAULTS),
    )
    parser.add_argument("--seed", type=int, help="seeds the client's draws (default: random)")
    parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for any answer")
    parser.add_argument("--verbose", action="store_true", help="print every play")
    parser.add_argument("--check-refusals", action="store_true", help="check the pre-game's refusals instead")
    parser.add_argument("--check-endings", action="store_true", help="check every ending instead")
    parser.add_argument("--check-shutdown", action="store_true", help="wait in a game for the server to stop")
    args = parser.parse_args()

    if args.check_refusals:
        return 0 if check_refusals(args) else 1
    if args.check_endings:
        return 0 if check_endings(args, args.serde) else 1
    if args.check_shutdown:
        return 0 if check_shutdown(args, args.serde) else 1

    seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(64)
    rng = random.Random(seed)
    print("%d games to %d in %s, seed %d" % (args.games, args.score_limit, args.serde, seed))
    played = 0
    started = time.monotonic()
    stats = GameStats()
    for game in range(1, args.games + 1):
        try:
            winner, score = play_game(args, args.serde, rng, stats, args.verbose)
        except ProtocolFailure as failure:
            print("game %d: FAILED: %s" % (game, failure))
            continue
        played += 1
        print("game %d: %s won %s, endorsed, goodbye" % (game, PLAYER_NAMES[winner], describe_score(score)))
    seconds = time.monotonic() - started
    plays = stats.plays[CLIENT] + stats.plays[SERVER]
    print(
        "%d games, %d played to the end with a goodbye; %d plays (client %d, server %d) in %.2f s, "
        "the umpires agreed on every one"
        % (args.games, played, plays, stats.plays[CLIENT], stats.plays[SERVER], seconds)
        if played == args.games
        else "%d games, %d played to the end" % (args.games, played)
    )
    if stats.outcomes:
        print("outcomes: " + ", ".join("%s %d" % item for item in sorted(stats.outcomes.items())))
    return 0 if played == args.games else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
