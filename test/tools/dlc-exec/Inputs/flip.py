"""Flips bit 0 of one byte of FILE in place: a damaged artifact for the
checksum to find. The byte is given as an offset (negative: from the end)
or as `at:TEXT`, the first byte of the first occurrence of TEXT, moved on
by an optional third argument."""
import sys

path, where = sys.argv[1], sys.argv[2]
data = bytearray(open(path, "rb").read())
if where.startswith("at:"):
    offset = data.index(where[3:].encode())
    offset += int(sys.argv[3]) if len(sys.argv) > 3 else 0
else:
    offset = int(where)
data[offset] ^= 1
open(path, "wb").write(bytes(data))
