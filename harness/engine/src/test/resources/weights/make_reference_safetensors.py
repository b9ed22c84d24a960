#!/usr/bin/env python3
"""Writes reference.safetensors, a small file with F32, F16, BF16 and I64 tensors of known values.

Independent of the Java code on purpose: it uses only struct and json and follows the published format:
  - 8 bytes: N, the header length, unsigned 64-bit little-endian;
  - N bytes: a UTF-8 JSON object {name: {"dtype", "shape", "data_offsets": [begin, end]}}, plus an optional
    "__metadata__" object of string -> string; padded with spaces to a multiple of 8 bytes;
  - the data section; offsets are relative to its start, tensors are contiguous, little-endian, C order.
Tensors are laid out as the reference writer lays them out: by descending dtype alignment (I64, F32, BF16,
F16), then by name. The expected values and bit patterns below are written out by hand; the Java test
(ReferenceFileTest) checks every one.

Run from this directory: python3 make_reference_safetensors.py
"""
import json
import math
import struct

F16_VALUES = [0.0, -0.0, 2.0 ** -24, 1023 * 2.0 ** -24, 2.0 ** -14, 1.0, -2.0, 65504.0,
              math.inf, -math.inf, math.nan, 0.1]
# binary16 encodings of F16_VALUES, by hand: +0, -0, smallest subnormal, largest subnormal, smallest
# normal, 1, -2, largest finite, +inf, -inf, quiet NaN, 0.1 rounded to nearest (0.0999755859375).
F16_BITS = [0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0xC000, 0x7BFF, 0x7C00, 0xFC00, 0x7E00, 0x2E66]

# Values exactly representable in bfloat16, so truncating float32 to its upper 16 bits is exact.
BF16_VALUES = [1.0, -2.0, 0.15625, 256.0, 1.5, -0.0, math.inf, 2.0 ** -130]
BF16_BITS = [0x3F80, 0xC000, 0x3E20, 0x4380, 0x3FC0, 0x8000, 0x7F80, 0x0008]

F32_MATRIX = [0.0, 1.0, -2.5, 3.25, 0.001, -1e30]
I64_IDS = [0, 1, -1, 2 ** 62, -(2 ** 63)]

# Position of each dtype in the reference implementation's alignment-ordered enum.
ALIGNMENT_RANK = {"F16": 7, "BF16": 8, "F32": 11, "I64": 13}


def f16_bytes(values):
    return b"".join(struct.pack("<e", v) for v in values)


def bf16_bytes(values):
    out = b""
    for v in values:
        (bits,) = struct.unpack("<I", struct.pack("<f", v))
        out += struct.pack("<H", bits >> 16)
    return out


def main():
    assert list(struct.unpack("<12H", f16_bytes(F16_VALUES))) == F16_BITS
    assert list(struct.unpack("<8H", bf16_bytes(BF16_VALUES))) == BF16_BITS

    tensors = {
        "f32.matrix": ("F32", [2, 3], struct.pack("<6f", *F32_MATRIX)),
        "f32.scalar": ("F32", [], struct.pack("<f", 42.0)),
        "f32.empty": ("F32", [0], b""),
        "f16.specials": ("F16", [12], f16_bytes(F16_VALUES)),
        "bf16.values": ("BF16", [2, 4], bf16_bytes(BF16_VALUES)),
        "i64.ids": ("I64", [1, 5], struct.pack("<5q", *I64_IDS)),
    }
    metadata = {"format": "pt", "producer": "make_reference_safetensors.py"}

    order = sorted(tensors, key=lambda name: (-ALIGNMENT_RANK[tensors[name][0]], name.encode("utf-8")))
    header = {"__metadata__": dict(sorted(metadata.items()))}
    data = b""
    for name in order:
        dtype, shape, payload = tensors[name]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open("reference.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        f.write(data)


if __name__ == "__main__":
    main()
