"""Envelope encryption for personal data. Pure: no Django import.

Every person (and every other key owner, such as a login device) has a random
256-bit data key. Data keys are stored only wrapped by the master key, which
lives outside the database. Each field is sealed with AES-256-GCM under the data
key, with the row and field as associated data, so a ciphertext copied into
another row or field fails authentication instead of decrypting there.

Sealed values are versioned: b"\x01" + 12-byte nonce + ciphertext-and-tag.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32


class CryptoError(Exception):
    """Base class; messages never contain plaintext or key material."""


class WrongMasterKey(CryptoError):
    pass


class TamperedCiphertext(CryptoError):
    pass


class ErasedKey(CryptoError):
    pass


def generate_master_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii").rstrip("=")


def decode_master_key(text: str) -> bytes:
    key = base64.urlsafe_b64decode(text.strip().encode("ascii") + b"==")
    if len(key) != KEY_BYTES:
        raise WrongMasterKey("the master key must be 32 bytes in URL-safe base64")
    return key


def master_key_id(key: bytes) -> str:
    """A short fingerprint stored beside each wrapped key, to name the key it needs."""
    return hashlib.sha256(b"putokaz-master-key-id\x00" + key).hexdigest()[:16]


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def _open(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[:1] != FORMAT_VERSION:
        raise TamperedCiphertext("the sealed value is truncated or of an unknown format")
    nonce = sealed[1 : 1 + NONCE_BYTES]
    return AESGCM(key).decrypt(nonce, sealed[1 + NONCE_BYTES :], associated)


def _wrap_binding(key_ref: str) -> bytes:
    return b"putokaz-data-key\x00" + key_ref.encode("utf-8")


def wrap_data_key(*, master_key: bytes, data_key: bytes, key_ref: str) -> bytes:
    """Wrap a data key; key_ref (the key row's UUID) binds it to its own row."""
    return _seal(master_key, data_key, _wrap_binding(key_ref))


def unwrap_data_key(*, master_key: bytes, wrapped: bytes, key_ref: str) -> bytes:
    try:
        return _open(master_key, bytes(wrapped), _wrap_binding(key_ref))
    except InvalidTag:
        raise WrongMasterKey(
            "a data key could not be unwrapped: the master key is wrong, or the key row was altered"
        ) from None


def field_binding(*, table: str, row_ref: str, field: str) -> bytes:
    return b"putokaz-field\x00" + f"{table}\x00{row_ref}\x00{field}".encode()


def seal_field(*, data_key: bytes, plaintext: str, table: str, row_ref: str, field: str) -> bytes:
    return _seal(
        data_key,
        plaintext.encode("utf-8"),
        field_binding(table=table, row_ref=row_ref, field=field),
    )


def open_field(*, data_key: bytes, sealed: bytes, table: str, row_ref: str, field: str) -> str:
    try:
        raw = _open(
            data_key, bytes(sealed), field_binding(table=table, row_ref=row_ref, field=field)
        )
    except InvalidTag:
        raise TamperedCiphertext(
            f"the value of {table}.{field} failed authentication (altered, or moved from another row)"
        ) from None
    return raw.decode("utf-8")
