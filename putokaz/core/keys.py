"""Master key and data keys: creation, unwrapping, rotation and erasure."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from putokaz.core import crypto
from putokaz.core.models import DataKey


def current_master_key() -> bytes:
    return crypto.decode_master_key(settings.PUTOKAZ_MASTER_KEY)


def current_master_key_id() -> str:
    return crypto.master_key_id(current_master_key())


def data_key_create() -> DataKey:
    master = current_master_key()
    key = DataKey(master_key_id=crypto.master_key_id(master))
    key.wrapped = crypto.wrap_data_key(
        master_key=master, data_key=crypto.new_data_key(), key_ref=str(key.ref)
    )
    key.save()
    return key


def data_key_plaintext(key: DataKey) -> bytes:
    """The unwrapped key, cached on the instance for the rest of the request."""
    cached = getattr(key, "_plaintext", None)
    if cached is not None:
        return cached
    if key.wrapped is None:
        raise crypto.ErasedKey("this record was erased; its data can no longer be decrypted")
    master = current_master_key()
    expected = crypto.master_key_id(master)
    if key.master_key_id != expected:
        raise crypto.WrongMasterKey(
            f"PUTOKAZ_MASTER_KEY (key id {expected}) is not the key this data was wrapped with "
            f"(key id {key.master_key_id}); configure the right master key"
        )
    plaintext = crypto.unwrap_data_key(master_key=master, wrapped=key.wrapped, key_ref=str(key.ref))
    key._plaintext = plaintext  # type: ignore[attr-defined]
    return plaintext


def keys_rotate(*, new_master_key: str, old_master_key: str | None = None) -> int:
    """Re-wrap every live data key under a new master key, all or nothing.

    The sealed fields are untouched: only the small wrapped keys change, so a
    rotation of a large database takes seconds and old records still decrypt.
    """
    old = crypto.decode_master_key(old_master_key or settings.PUTOKAZ_MASTER_KEY)
    new = crypto.decode_master_key(new_master_key)
    old_id, new_id = crypto.master_key_id(old), crypto.master_key_id(new)
    count = 0
    with transaction.atomic():
        live = DataKey.objects.select_for_update().filter(wrapped__isnull=False)
        now = timezone.now()
        for key in live.iterator(chunk_size=2000):
            if key.master_key_id == new_id:
                continue
            if key.master_key_id != old_id:
                raise crypto.WrongMasterKey(
                    f"data key {key.ref} is wrapped with key id {key.master_key_id}, "
                    f"not the current master key (key id {old_id}); nothing was changed"
                )
            plaintext = crypto.unwrap_data_key(
                master_key=old, wrapped=key.wrapped, key_ref=str(key.ref)
            )
            key.wrapped = crypto.wrap_data_key(
                master_key=new, data_key=plaintext, key_ref=str(key.ref)
            )
            key.master_key_id = new_id
            key.rotated_at = now
            key.save(update_fields=["wrapped", "master_key_id", "rotated_at"])
            count += 1
    return count


def data_key_erase(key: DataKey) -> None:
    key.wrapped = None
    key.erased_at = timezone.now()
    key.save(update_fields=["wrapped", "erased_at"])
    if hasattr(key, "_plaintext"):
        del key._plaintext
