"""AES-256-GCM encryption in pure Python, for the handouts' self-checks.

The browser decrypts with the Web Crypto API (``crypto.subtle.decrypt({name: "AES-GCM"})``);
this module only needs to produce what Web Crypto reads: ciphertext followed by the 16-byte
tag. It handles short texts (an exercise's explanation), so speed does not matter, and it
avoids a compiled dependency. Checked against the NIST and FIPS-197 test vectors
(tests/test_worksheets.py) and against Chromium's Web Crypto (tests/test_browser.py).
"""

from __future__ import annotations

import hashlib

_SBOX = bytes.fromhex(
    "637c777bf26b6fc53001672bfed7ab76ca82c97dfa5947f0add4a2af9ca472c0"
    "b7fd9326363ff7cc34a5e5f171d8311504c723c31896059a071280e2eb27b275"
    "09832c1a1b6e5aa0523bd6b329e32f8453d100ed20fcb15b6acbbe394a4c58cf"
    "d0efaafb434d338545f9027f503c9fa851a3408f929d38f5bcb6da2110fff3d2"
    "cd0c13ec5f974417c4a77e3d645d197360814fdc222a908846eeb814de5e0bdb"
    "e0323a0a4906245cc2d3ac629195e479e7c8376d8dd54ea96c56f4ea657aae08"
    "ba78252e1ca6b4c6e8dd741f4bbd8b8a703eb5664803f60e613557b986c11d9e"
    "e1f8981169d98e949b1e87e9ce5528df8ca1890dbfe6426841992d0fb054bb16")
_RCON = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1B, 0x36]


def _xtime(a: int) -> int:
    a <<= 1
    return (a ^ 0x11B) if a & 0x100 else a


def _expand(key: bytes) -> list[list[int]]:
    if len(key) != 32:
        raise ValueError("AES-256 needs a 32-byte key")
    words = [list(key[i:i + 4]) for i in range(0, 32, 4)]
    for i in range(8, 60):
        temp = list(words[i - 1])
        if i % 8 == 0:
            temp = [_SBOX[b] for b in temp[1:] + temp[:1]]
            temp[0] ^= _RCON[i // 8 - 1]
        elif i % 8 == 4:
            temp = [_SBOX[b] for b in temp]
        words.append([a ^ b for a, b in zip(words[i - 8], temp)])
    return [sum(words[r * 4:r * 4 + 4], []) for r in range(15)]


def _encrypt_block(round_keys: list[list[int]], block: bytes) -> bytes:
    state = [b ^ k for b, k in zip(block, round_keys[0])]
    for rnd in range(1, 15):
        state = [_SBOX[b] for b in state]
        # ShiftRows on a column-major 4x4 state.
        state = [state[(i + 4 * (i % 4)) % 16] for i in range(16)]
        if rnd != 14:
            mixed = []
            for c in range(4):
                a = state[4 * c:4 * c + 4]
                total = a[0] ^ a[1] ^ a[2] ^ a[3]
                mixed += [a[i] ^ total ^ _xtime(a[i] ^ a[(i + 1) % 4]) for i in range(4)]
            state = mixed
        state = [b ^ k for b, k in zip(state, round_keys[rnd])]
    return bytes(state)


def aes256_block(key: bytes, block: bytes) -> bytes:
    """Encrypt one 16-byte block (for the FIPS-197 test vector)."""
    return _encrypt_block(_expand(key), block)


def _gf_mult(x: int, y: int) -> int:
    r = 0xE1 << 120
    z = 0
    for i in range(127, -1, -1):
        if (y >> i) & 1:
            z ^= x
        x = (x >> 1) ^ r if x & 1 else x >> 1
    return z


def _ghash(h: int, aad: bytes, data: bytes) -> int:
    def blocks(b: bytes):
        padded = b + bytes(-len(b) % 16)
        return [int.from_bytes(padded[i:i + 16], "big") for i in range(0, len(padded), 16)]

    y = 0
    lengths = ((len(aad) * 8) << 64 | (len(data) * 8)).to_bytes(16, "big")
    for block in blocks(aad) + blocks(data) + [int.from_bytes(lengths, "big")]:
        y = _gf_mult(y ^ block, h)
    return y


def encrypt(key: bytes, iv: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """AES-256-GCM with a 12-byte IV; returns ciphertext + 16-byte tag (Web Crypto's layout)."""
    if len(iv) != 12:
        raise ValueError("use a 12-byte IV")
    round_keys = _expand(key)
    h = int.from_bytes(_encrypt_block(round_keys, bytes(16)), "big")
    j0 = iv + b"\x00\x00\x00\x01"
    out = bytearray()
    for n in range(0, len(plaintext), 16):
        counter = iv + (2 + n // 16).to_bytes(4, "big")
        stream = _encrypt_block(round_keys, counter)
        out += bytes(a ^ b for a, b in zip(plaintext[n:n + 16], stream))
    tag = _ghash(h, aad, bytes(out)) ^ int.from_bytes(_encrypt_block(round_keys, j0), "big")
    return bytes(out) + tag.to_bytes(16, "big")


def derive(secret: str, salt: bytes, iterations: int, length: int = 48) -> bytes:
    """PBKDF2-HMAC-SHA256, as ``crypto.subtle.deriveBits`` computes it."""
    return hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), salt, iterations, length)
