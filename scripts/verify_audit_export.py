#!/usr/bin/env python3
"""Verify an Earshot audit export (JSON Lines), written only from docs/audit-format.md.

Usage: python3 scripts/verify_audit_export.py EXPORT.jsonl... [--seal-key-hex HEX | --seal-key-file PATH]

Prints one line per export, "ok: N entries, head SEQ HASH (seal: valid|unchecked|absent)" or
"broken at seq N: REASON", and exits 0 when all verify, else 1 (2 for usage errors).
Python 3 standard library only.
"""

import argparse
import base64
import hashlib
import hmac
import json
import re
import sys

ZEROS = "0" * 64
HEADER = '{"format":"earshot-audit-export","version":1}'
HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_SAFE = 2**53 - 1
FORM1 = [
    "seq", "ts", "kind", "purpose", "destination", "method", "bytes",
    "payload_sha256", "payload", "status", "reason", "prev_hash", "hash",
]
FORM2 = FORM1 + ["recording_id", "payload_cipher"]
KINDS = {"attempt", "outcome", "blocked"}
PURPOSES = {"upload", "deletion", "analytics", "model-download", "mcp", "delivery"}
CIPHERS = {"none", "aes-256-gcm"}
SEALED_OVERHEAD = 28  # §4: 12-byte nonce and 16-byte tag


class Broken(Exception):
    pass


# --- §2 canonical JSON ------------------------------------------------------------------------

def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_SAFE <= value <= MAX_SAFE


def canonical_string(text):
    out = ['"']
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            raise ValueError("lone surrogate")
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20:
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def utf16_key(key):
    return key.encode("utf-16-be")


def canonical(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if is_int(value):
        return str(value)
    if isinstance(value, str):
        return canonical_string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value.keys(), key=utf16_key)
        return "{" + ",".join(canonical_string(k) + ":" + canonical(value[k]) for k in keys) + "}"
    raise ValueError("not representable in canonical JSON")


def no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError("duplicate key")
        result[key] = value
    return result


def reject_constant(name):
    raise ValueError("not JSON: " + name)


def parse_canonical(raw):
    """The parsed value if the line is valid UTF-8 and exactly its canonical JSON, else None."""
    try:
        text = raw.decode("utf-8", errors="strict")
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_float=lambda s: float(s),
                           parse_constant=reject_constant)
        return value if canonical(value) == text else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


# --- §3 entries -------------------------------------------------------------------------------

def hash_entry(record):
    hashed = {k: v for k, v in record.items() if k != "hash"}
    tag = "earshot-audit-v2\0" if "payload_cipher" in record else "earshot-audit-v1\0"
    return hashlib.sha256((tag + record["prev_hash"] + canonical(hashed)).encode("utf-8")).hexdigest()


def decode_payload(text):
    try:
        data = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        return None
    return data if base64.b64encode(data).decode("ascii") == text else None


def shape_problem(record):
    """§8 step 4.1: the field set of one form, each of its type."""
    if not isinstance(record, dict):
        return "not an entry"
    keys = set(record.keys())
    if keys != set(FORM1) and keys != set(FORM2):
        return "unexpected set of fields"
    r = record
    if not is_int(r["seq"]) or r["seq"] < 1:
        return "seq"
    if not isinstance(r["ts"], str):
        return "ts"
    if r["kind"] not in KINDS:
        return "kind"
    if r["purpose"] not in PURPOSES:
        return "purpose"
    for field in ("destination", "method", "prev_hash", "hash"):
        if not isinstance(r[field], str):
            return field
    if not is_int(r["bytes"]) or r["bytes"] < 0:
        return "bytes"
    if r["payload_sha256"] is not None and not isinstance(r["payload_sha256"], str):
        return "payload_sha256"
    if r["payload"] is not None and not isinstance(r["payload"], str):
        return "payload"
    if r["status"] is not None and not is_int(r["status"]):
        return "status"
    if r["reason"] is not None and not isinstance(r["reason"], str):
        return "reason"
    if "payload_cipher" in r:
        if r["recording_id"] is not None and not isinstance(r["recording_id"], str):
            return "recording_id"
        if r["payload_cipher"] not in CIPHERS:
            return "payload_cipher"
    return None


def payload_problem(record, payload):
    """§3.4."""
    if record.get("payload_cipher") == "aes-256-gcm":
        if payload is None or record["recording_id"] is None:
            return "sealed payload without its bytes or recording"
        if len(payload) != record["bytes"] + SEALED_OVERHEAD:
            return "bytes mismatch"
        if record["payload_sha256"] is None:
            return "payload_sha256 mismatch"
        return None
    if payload is None:
        if record["payload_sha256"] is not None or record["bytes"] != 0:
            return "payload_sha256 mismatch"
        return None
    if record["bytes"] != len(payload):
        return "bytes mismatch"
    if record["payload_sha256"] != hashlib.sha256(payload).hexdigest():
        return "payload_sha256 mismatch"
    return None


# --- §5 seal ----------------------------------------------------------------------------------

def seal_of(key, seq, hash_hex):
    message = "earshot-audit-seal-v1\0" + canonical({"hash": hash_hex, "seq": seq})
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_head_line(raw):
    """§8 step 3: the head, or None when the line is not a well-formed head line."""
    value = parse_canonical(raw)
    if not isinstance(value, dict) or list(value.keys()) != ["head"]:
        return None
    head = value["head"]
    if not isinstance(head, dict) or set(head.keys()) not in ({"hash", "seq"}, {"hash", "seal", "seq"}):
        return None
    if not is_int(head["seq"]) or head["seq"] < 0:
        return None
    if not isinstance(head["hash"], str) or not HEX64.match(head["hash"]):
        return None
    if "seal" in head and (not isinstance(head["seal"], str) or not HEX64.match(head["seal"])):
        return None
    return head


# --- §8 ----------------------------------------------------------------------------------------

def verify(data, seal_key=None):
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    if not lines or parse_canonical(lines[0]) is None or lines[0].decode("utf-8", "replace") != HEADER:
        return False, 1, "not an Earshot audit export (bad header line)"
    head = parse_head_line(lines[-1]) if len(lines) > 1 else None
    entry_lines = lines[1:] if head is None else lines[1:-1]
    expected_seq, prev = 1, ZEROS
    for raw in entry_lines:
        record = parse_canonical(raw)
        if record is None:
            return False, expected_seq, "malformed line: not canonical JSON"
        problem = shape_problem(record)
        if problem is not None:
            return False, expected_seq, "malformed entry: " + problem
        if record["seq"] != expected_seq:
            return False, expected_seq, "seq gap: expected %d, found %d" % (expected_seq, record["seq"])
        payload = None
        if record["payload"] is not None:
            payload = decode_payload(record["payload"])
            if payload is None:
                return False, expected_seq, "malformed line: payload is not base64"
        problem = payload_problem(record, payload)
        if problem is not None:
            return False, expected_seq, problem
        if record["prev_hash"] != prev:
            return False, expected_seq, "prev_hash does not link"
        if hash_entry(record) != record["hash"]:
            return False, expected_seq, "hash mismatch"
        prev = record["hash"]
        expected_seq += 1
    last_seq = expected_seq - 1
    if head is None:
        return False, last_seq + 1, "head line missing"
    if head["seq"] != last_seq or head["hash"] != prev:
        return False, min(head["seq"], last_seq) + (0 if head["seq"] < last_seq else 1), \
            "head line says seq %d but log ends at %d (or its hash differs)" % (head["seq"], last_seq)
    if "seal" not in head:
        seal = "absent"
    elif seal_key is None:
        seal = "unchecked"
    elif hmac.compare_digest(seal_of(seal_key, head["seq"], head["hash"]), head["seal"]):
        seal = "valid"
    else:
        return False, max(head["seq"], 1), "head line seal does not match the key"
    return True, last_seq, (prev, seal)


def main(argv):
    parser = argparse.ArgumentParser(description="Verify an Earshot audit export.")
    parser.add_argument("exports", nargs="+")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--seal-key-hex", help="the installation's audit-seal key, 64 hex digits")
    group.add_argument("--seal-key-file", help="a key file holding 64 hex digits")
    args = parser.parse_args(argv)
    key_hex = args.seal_key_hex
    if args.seal_key_file is not None:
        with open(args.seal_key_file, "r", encoding="ascii") as handle:
            key_hex = handle.read().strip()
    seal_key = None
    if key_hex is not None:
        if not HEX64.match(key_hex.lower()):
            print("the seal key must be 64 hex digits", file=sys.stderr)
            return 2
        seal_key = bytes.fromhex(key_hex)
    all_ok = True
    for path in args.exports:
        with open(path, "rb") as handle:
            data = handle.read()
        ok, seq, detail = verify(data, seal_key)
        if ok:
            head_hash, seal = detail
            print("ok: %d entries, head %d %s (seal: %s)" % (seq, seq, head_hash, seal))
        else:
            all_ok = False
            print("broken at seq %d: %s" % (seq, detail))
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
