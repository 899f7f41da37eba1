"""RSA PKCS#1 v1.5 with SHA-256 ("SHA256withRSA"), standard library only.

Antom signs with it. Python's standard library has no RSA, so this reads the PEM keys (PKCS#8 or
PKCS#1 private keys, SubjectPublicKeyInfo or PKCS#1 public keys) with a minimal DER reader and does
the arithmetic with pow(). Verification compares the whole encoded block, never a parsed part.
"""
import base64
import hashlib
import hmac

# DigestInfo prefix for SHA-256 (RFC 8017, section 9.2, note 1).
_SHA256_PREFIX = bytes.fromhex('3031300d060960864801650304020105000420')


def _read(der, pos):
    """One DER element at pos: (tag, content start, content end)."""
    tag = der[pos]
    length = der[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(der[pos:pos + count], 'big')
        pos += count
    return tag, pos, pos + length


def _children(der, start, end):
    items = []
    while start < end:
        tag, s, e = _read(der, start)
        items.append((tag, s, e))
        start = e
    return items


def _int(der, item):
    return int.from_bytes(der[item[1]:item[2]], 'big')


def _pem_body(pem):
    lines = [line.strip() for line in pem.strip().splitlines()]
    return base64.b64decode(''.join(line for line in lines if line and not line.startswith('-----')))


def load_private_key(pem):
    """(n, d) from a PKCS#8 or PKCS#1 PEM private key."""
    der = _pem_body(pem)
    _, s, e = _read(der, 0)
    items = _children(der, s, e)
    if 'BEGIN RSA PRIVATE KEY' not in pem:
        # PKCS#8: version, algorithm, OCTET STRING holding the PKCS#1 key.
        octet = items[2]
        inner = der[octet[1]:octet[2]]
        _, s, e = _read(inner, 0)
        der, items = inner, _children(inner, s, e)
    return _int(der, items[1]), _int(der, items[3])


def load_public_key(pem):
    """(n, e) from a SubjectPublicKeyInfo or PKCS#1 PEM public key."""
    der = _pem_body(pem)
    _, s, e = _read(der, 0)
    items = _children(der, s, e)
    if 'BEGIN RSA PUBLIC KEY' not in pem:
        bits = items[1]
        inner = der[bits[1] + 1:bits[2]]  # skip the unused-bits byte
        _, s, e = _read(inner, 0)
        der, items = inner, _children(inner, s, e)
    return _int(der, items[0]), _int(der, items[1])


def _encoded(message, size):
    digest_info = _SHA256_PREFIX + hashlib.sha256(message).digest()
    return b'\x00\x01' + b'\xff' * (size - len(digest_info) - 3) + b'\x00' + digest_info


def sign(message, key):
    n, d = key
    size = (n.bit_length() + 7) // 8
    block = int.from_bytes(_encoded(message, size), 'big')
    return pow(block, d, n).to_bytes(size, 'big')


def verify(message, signature, key):
    n, e = key
    size = (n.bit_length() + 7) // 8
    if len(signature) != size:
        return False
    value = int.from_bytes(signature, 'big')
    if value >= n:
        return False
    return hmac.compare_digest(pow(value, e, n).to_bytes(size, 'big'), _encoded(message, size))
