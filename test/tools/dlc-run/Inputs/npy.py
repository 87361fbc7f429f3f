"""Writes a .npy file with any header, right or wrong, for the reader's
tests: npy.py OUT HEADER DATA [VERSION [LENGTH]], where HEADER is the header
text as written (no padding is added; a backslash and n stand for a
newline), DATA the bytes of data after it (an integer: that many bytes
counting up from 0; `i64:V,...`: those 64-bit integers), VERSION the format
major version (1, 2; default 1) and LENGTH the header length to claim
instead of the true one."""
import struct
import sys

out, data = sys.argv[1], sys.argv[3]
header = sys.argv[2].replace("\\n", "\n").encode()
version = int(sys.argv[4]) if len(sys.argv) > 4 else 1
length = int(sys.argv[5]) if len(sys.argv) > 5 else len(header)
if data.startswith("i64:"):
    payload = b"".join(struct.pack("<q", int(v)) for v in data[4:].split(","))
else:
    payload = bytes(i % 256 for i in range(int(data)))
size = struct.pack("<H", length) if version == 1 else struct.pack("<I", length)
with open(out, "wb") as f:
    f.write(b"\x93NUMPY" + bytes([version, 0]) + size + header + payload)
