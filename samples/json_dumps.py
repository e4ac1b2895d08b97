#!/usr/bin/env python3
"""json.dumps of the reference record N times: the Python counterpart of
samples/drivers/json_driver.c, for `roofline measure`.

    python3 samples/json_dumps.py N           the standard json.dumps (its C
                                              accelerator, _json, does the work)
    python3 samples/json_dumps.py --pure N    the pure-Python encoder: json.encoder
                                              with c_make_encoder disabled and the
                                              py_encode_basestring* string escapers
    python3 samples/json_dumps.py [--pure] --check
                                              check the output against the
                                              reference text

Prints a checksum of the output so that every record is really encoded.
"""

import json
import json.encoder
import sys
import zlib

RECORD = {"key1": 0, "key2": True, "key3": "value", "key4": "foo", "key5": "string"}
EXPECTED = '{"key1": 0, "key2": true, "key3": "value", "key4": "foo", "key5": "string"}'


def use_pure_python_encoder():
    """Makes json.dumps take the pure-Python path of json.encoder: without
    c_make_encoder, JSONEncoder.iterencode falls back to _make_iterencode,
    and the string escapers are looked up in the module at each call."""
    json.encoder.c_make_encoder = None
    json.encoder.encode_basestring = json.encoder.py_encode_basestring
    json.encoder.encode_basestring_ascii = json.encoder.py_encode_basestring_ascii


def run(nrecords):
    dumps = json.dumps
    record = RECORD
    checksum = 0
    for _ in range(nrecords):
        checksum = zlib.crc32(dumps(record).encode(), checksum)
    print("checksum %08x" % checksum)
    return 0


def check(pure):
    got = json.dumps(RECORD)
    if got != EXPECTED:
        print("json_dumps.py: FAILED: got %r, want %r" % (got, EXPECTED), file=sys.stderr)
        return 1
    if pure and json.encoder.c_make_encoder is not None:
        print("json_dumps.py: FAILED: the C encoder is still in use", file=sys.stderr)
        return 1
    print("json_dumps.py: %s encoder ok: %s" % ("pure-Python" if pure else "standard", got))
    return 0


def main(argv):
    args = argv[1:]
    pure = "--pure" in args
    args = [a for a in args if a != "--pure"]
    if pure:
        use_pure_python_encoder()
    if args == ["--check"]:
        return check(pure)
    if len(args) != 1 or not args[0].isdigit():
        print("usage: json_dumps.py [--pure] N | json_dumps.py [--pure] --check", file=sys.stderr)
        return 2
    return run(int(args[0]))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
