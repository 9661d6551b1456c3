"""A model field that holds personal data sealed under its owner's data key.

The database column holds only ciphertext. On the instance the attribute reads
as plain text: it is decrypted on first access and sealed again on save. A model
using it must provide `encryption_data_key()` (the DataKey of the person the data
belongs to) and a stable `uuid` that binds each ciphertext to its row.

Reading is not audited here because the field cannot know why it is read: the
access-checked selectors that hand decrypted records to views and the API write
the audit event, with the purpose.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from putokaz.core import crypto


class _Sealed(bytes):
    """Marks a value as ciphertext loaded from the database, not yet decrypted."""


class EncryptedDescriptor:
    def __init__(self, field: EncryptedTextField) -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        data = instance.__dict__
        if self.field.attname not in data:
            # Deferred: load the ciphertext alone, without decrypting anything else.
            raw = (
                type(instance)
                ._base_manager.using(instance._state.db or "default")
                .filter(pk=instance.pk)
                .values_list(self.field.attname, flat=True)
                .get()
            )
            self.__set__(instance, raw)
        value = data[self.field.attname]
        if isinstance(value, _Sealed):
            value = self.field.decrypt(instance, bytes(value))
            data[self.field.attname] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        if isinstance(value, memoryview):
            value = value.tobytes()
        if isinstance(value, bytes) and not isinstance(value, _Sealed):
            value = _Sealed(value)
        if value is not None and not isinstance(value, (str, _Sealed)):
            value = str(value)
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.BinaryField):
    descriptor_class = EncryptedDescriptor  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = True
        super().__init__(*args, **kwargs)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only)
        setattr(cls, self.attname, EncryptedDescriptor(self))

    def _binding(self, instance: models.Model) -> dict[str, str]:
        return {
            "table": instance._meta.db_table,
            "row_ref": str(instance.uuid),  # type: ignore[attr-defined]
            "field": self.name,
        }

    def decrypt(self, instance: models.Model, sealed: bytes) -> str:
        from putokaz.core.keys import data_key_plaintext

        key = data_key_plaintext(instance.encryption_data_key())  # type: ignore[attr-defined]
        try:
            return crypto.open_field(data_key=key, sealed=sealed, **self._binding(instance))
        except crypto.TamperedCiphertext:
            from putokaz.core.audit import audit_security_event

            audit_security_event(
                action="crypto.tampered_ciphertext",
                object_type=instance._meta.label_lower,
                object_ref=str(getattr(instance, "code", "") or instance.pk),
                fields=[self.name],
            )
            raise

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or value == "":
            return None
        if isinstance(value, _Sealed):
            return bytes(value)
        from putokaz.core.keys import data_key_plaintext

        key = data_key_plaintext(model_instance.encryption_data_key())  # type: ignore[attr-defined]
        return crypto.seal_field(data_key=key, plaintext=value, **self._binding(model_instance))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if isinstance(value, str):
            # Only pre_save's output (bytes) may reach the database; a plain string
            # here would mean plaintext leaking into a query.
            raise TypeError(f"{self.name}: refusing to send an unsealed value to the database")
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj: models.Model) -> str:
        # Serialisers (dumpdata) get the ciphertext, never the plaintext.
        raw = obj.__dict__.get(self.attname)
        return "" if raw is None else bytes(raw).hex() if isinstance(raw, bytes) else "<unsaved>"

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.CharField(required=not self.blank, **kwargs)


class SealedFieldsMixin:
    """For models with encrypted fields: refreshing reloads ciphertext, decrypting nothing.

    Django's refresh_from_db copies every field through its descriptor, which
    would decrypt them all (and fail for an erased record).
    """

    def refresh_from_db(
        self, using: Any = None, fields: Any = None, from_queryset: Any = None
    ) -> None:
        sealed = {
            f.attname for f in self._meta.concrete_fields if isinstance(f, EncryptedTextField)
        }  # type: ignore[attr-defined]
        if fields is None:
            fields = [f.attname for f in self._meta.concrete_fields if f.attname not in sealed]  # type: ignore[attr-defined]
            for name in sealed:
                self.__dict__.pop(name, None)
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)  # type: ignore[misc]
