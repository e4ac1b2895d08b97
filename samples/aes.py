#!/usr/bin/env python3
"""Pure-Python AES-128, the T-table algorithm of samples/aes.c's
aes128_encrypt_block_ttable: four 256-entry uint32 tables (generated here
from the S-box), nine rounds of table lookups and XORs on four column words,
and a last round of plain S-box bytes.

    python3 samples/aes.py N         encrypt N blocks (ECB, in place, chained
                                     through a 64-block buffer like the C
                                     driver), print a checksum
    python3 samples/aes.py --check   check the FIPS-197 appendix C.1 vector

Used by `roofline measure` to show what interpreted code costs per block.
"""

import sys

CHUNK_BLOCKS = 64


def _xtime(x):
    """Multiplication by {02} in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1."""
    x <<= 1
    return (x ^ 0x11B) if x & 0x100 else x


def _make_sbox():
    """The S-box: multiplicative inverse in GF(2^8), then the affine map."""
    # Walk the field with generator 3 to get logarithms, hence inverses.
    exp = [0] * 255
    log = [0] * 256
    x = 1
    for i in range(255):
        exp[i] = x
        log[x] = i
        x ^= _xtime(x)  # x * 3
    sbox = [0] * 256
    for a in range(256):
        inv = 0 if a == 0 else exp[(255 - log[a]) % 255]
        s = inv
        for shift in range(1, 5):
            s ^= ((inv << shift) | (inv >> (8 - shift))) & 0xFF
        sbox[a] = s ^ 0x63
    return sbox


SBOX = _make_sbox()


def _make_tables():
    """Te0[x] is the MixColumns column ({02}S[x], S[x], S[x], {03}S[x]) as a
    big-endian word; Te1..Te3 are it rotated right by 8, 16, 24 bits."""
    te0 = []
    for x in range(256):
        s = SBOX[x]
        s2 = _xtime(s)
        te0.append((s2 << 24) | (s << 16) | (s << 8) | (s2 ^ s))
    rot = [lambda w, r=r: ((w >> r) | (w << (32 - r))) & 0xFFFFFFFF for r in (8, 16, 24)]
    return te0, [rot[0](w) for w in te0], [rot[1](w) for w in te0], [rot[2](w) for w in te0]


TE0, TE1, TE2, TE3 = _make_tables()


def expand_key(key):
    """The 44 round-key words of a 16-byte key (FIPS-197 section 5.2)."""
    rk = [int.from_bytes(key[4 * i:4 * i + 4], "big") for i in range(4)]
    rcon = 1
    for i in range(4, 44):
        t = rk[i - 1]
        if i % 4 == 0:
            t = ((t << 8) | (t >> 24)) & 0xFFFFFFFF  # RotWord
            t = ((SBOX[t >> 24] << 24) | (SBOX[(t >> 16) & 0xFF] << 16)
                 | (SBOX[(t >> 8) & 0xFF] << 8) | SBOX[t & 0xFF])  # SubWord
            t ^= rcon << 24
            rcon = _xtime(rcon)
        rk.append(rk[i - 4] ^ t)
    return rk


def encrypt_block(rk, block):
    """One 16-byte block, as aes128_encrypt_block_ttable does it."""
    te0, te1, te2, te3, sbox = TE0, TE1, TE2, TE3, SBOX
    s0 = int.from_bytes(block[0:4], "big") ^ rk[0]
    s1 = int.from_bytes(block[4:8], "big") ^ rk[1]
    s2 = int.from_bytes(block[8:12], "big") ^ rk[2]
    s3 = int.from_bytes(block[12:16], "big") ^ rk[3]
    for r in range(1, 10):
        k = 4 * r
        t0 = te0[s0 >> 24] ^ te1[(s1 >> 16) & 0xFF] ^ te2[(s2 >> 8) & 0xFF] ^ te3[s3 & 0xFF] ^ rk[k]
        t1 = te0[s1 >> 24] ^ te1[(s2 >> 16) & 0xFF] ^ te2[(s3 >> 8) & 0xFF] ^ te3[s0 & 0xFF] ^ rk[k + 1]
        t2 = te0[s2 >> 24] ^ te1[(s3 >> 16) & 0xFF] ^ te2[(s0 >> 8) & 0xFF] ^ te3[s1 & 0xFF] ^ rk[k + 2]
        t3 = te0[s3 >> 24] ^ te1[(s0 >> 16) & 0xFF] ^ te2[(s1 >> 8) & 0xFF] ^ te3[s2 & 0xFF] ^ rk[k + 3]
        s0, s1, s2, s3 = t0, t1, t2, t3
    u0 = ((sbox[s0 >> 24] << 24) | (sbox[(s1 >> 16) & 0xFF] << 16)
          | (sbox[(s2 >> 8) & 0xFF] << 8) | sbox[s3 & 0xFF]) ^ rk[40]
    u1 = ((sbox[s1 >> 24] << 24) | (sbox[(s2 >> 16) & 0xFF] << 16)
          | (sbox[(s3 >> 8) & 0xFF] << 8) | sbox[s0 & 0xFF]) ^ rk[41]
    u2 = ((sbox[s2 >> 24] << 24) | (sbox[(s3 >> 16) & 0xFF] << 16)
          | (sbox[(s0 >> 8) & 0xFF] << 8) | sbox[s1 & 0xFF]) ^ rk[42]
    u3 = ((sbox[s3 >> 24] << 24) | (sbox[(s0 >> 16) & 0xFF] << 16)
          | (sbox[(s1 >> 8) & 0xFF] << 8) | sbox[s2 & 0xFF]) ^ rk[43]
    return (u0.to_bytes(4, "big") + u1.to_bytes(4, "big")
            + u2.to_bytes(4, "big") + u3.to_bytes(4, "big"))


KEY = bytes(range(16))


def check():
    """FIPS-197 appendix C.1: AES-128 of 00112233..ff under key 000102..0f."""
    plain = bytes.fromhex("00112233445566778899aabbccddeeff")
    want = bytes.fromhex("69c4e0d86a7b0430d8cdb78070b4c55a")
    got = encrypt_block(expand_key(KEY), plain)
    if got != want:
        print("aes.py: FIPS-197 C.1 FAILED: got %s, want %s" % (got.hex(), want.hex()),
              file=sys.stderr)
        return 1
    print("aes.py: FIPS-197 C.1 ok: %s" % got.hex())
    return 0


def run(nblocks):
    """Encrypts nblocks blocks chunk after chunk in one 64-block buffer, as
    samples/drivers/aes_driver.c does, and prints a checksum."""
    rk = expand_key(KEY)
    buf = bytearray((i * 0x11) & 0xFF for i in range(CHUNK_BLOCKS * 16))
    checksum = 0
    while nblocks > 0:
        n = min(nblocks, CHUNK_BLOCKS)
        for b in range(n):
            buf[16 * b:16 * b + 16] = encrypt_block(rk, buf[16 * b:16 * b + 16])
        for i in range(0, n * 16, 8):
            checksum ^= int.from_bytes(buf[i:i + 8], "little")
        nblocks -= n
    print("checksum %016x" % checksum)
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--check":
        return check()
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: aes.py N | aes.py --check", file=sys.stderr)
        return 2
    return run(int(argv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
