from __future__ import annotations

import pytest
from django.db import connection

from putokaz.cases.models import Person
from putokaz.cases.services import person_erase
from putokaz.core import crypto
from putokaz.core.audit import Actor
from putokaz.core.keys import keys_rotate
from putokaz.core.models import AuditEvent
from tests.conftest import make_org, make_person

pytestmark = pytest.mark.django_db


def _raw_dump() -> bytes:
    """Every byte of every row the application wrote, as the database holds it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    chunks.append(value if isinstance(value, bytes) else str(value).encode())
    return b"\x00".join(chunks)


def test_the_database_holds_no_personal_data_in_plain_text() -> None:
    org = make_org("NGO")
    make_person(
        org,
        given_name="Zarghuna",
        family_name="Stanikzai",
        given_name_original="زرغونه",
        family_name_original="ستانکزۍ",
        date_of_birth="2001-04-17",
    )
    dump = _raw_dump()
    for secret in ("Zarghuna", "Stanikzai", "زرغونه", "ستانکزۍ", "2001-04-17"):
        assert secret.encode() not in dump, secret
    # The statistics attributes are deliberately in clear.
    assert b"AF" in dump


def test_a_ciphertext_moved_to_another_row_fails_authentication() -> None:
    org = make_org("NGO")
    first = make_person(org, given_name="Amal")
    second = make_person(org, given_name="Khadija")
    sealed = Person.objects.filter(pk=first.pk).values_list("given_name", flat=True).get()
    Person.objects.filter(pk=second.pk).update(given_name=bytes(sealed))
    moved = Person.objects.get(pk=second.pk)
    with pytest.raises(crypto.TamperedCiphertext):
        _ = moved.given_name
    assert AuditEvent.objects.filter(
        action="crypto.tampered_ciphertext", object_ref=second.code
    ).exists()


def test_a_ciphertext_moved_to_another_field_of_the_same_row_fails() -> None:
    person = make_person(make_org("NGO"))
    sealed = Person.objects.filter(pk=person.pk).values_list("given_name", flat=True).get()
    Person.objects.filter(pk=person.pk).update(family_name=bytes(sealed))
    with pytest.raises(crypto.TamperedCiphertext):
        _ = Person.objects.get(pk=person.pk).family_name


def test_a_flipped_bit_is_refused() -> None:
    person = make_person(make_org("NGO"))
    sealed = bytearray(
        Person.objects.filter(pk=person.pk).values_list("given_name", flat=True).get()
    )
    sealed[-1] ^= 1
    Person.objects.filter(pk=person.pk).update(given_name=bytes(sealed))
    with pytest.raises(crypto.TamperedCiphertext):
        _ = Person.objects.get(pk=person.pk).given_name


def test_key_rotation_keeps_every_record_readable(settings) -> None:
    org = make_org("NGO")
    people = [make_person(org, given_name=f"Person {i}") for i in range(3)]
    sealed_before = list(Person.objects.order_by("pk").values_list("given_name", flat=True))
    new_key = crypto.generate_master_key()
    assert keys_rotate(new_master_key=new_key) == 3
    settings.PUTOKAZ_MASTER_KEY = new_key
    for i, person in enumerate(people):
        assert Person.objects.get(pk=person.pk).given_name == f"Person {i}"
    # Only the wrapped keys changed; the sealed fields are untouched.
    assert list(Person.objects.order_by("pk").values_list("given_name", flat=True)) == sealed_before


def test_after_rotation_the_old_master_key_no_longer_opens_anything(settings) -> None:
    person = make_person(make_org("NGO"))
    old = settings.PUTOKAZ_MASTER_KEY
    keys_rotate(new_master_key=crypto.generate_master_key())
    settings.PUTOKAZ_MASTER_KEY = old
    with pytest.raises(crypto.WrongMasterKey, match="key id"):
        _ = Person.objects.select_related("data_key").get(pk=person.pk).given_name


def test_a_wrong_master_key_gives_a_clear_error_not_garbage(settings) -> None:
    person = make_person(make_org("NGO"))
    settings.PUTOKAZ_MASTER_KEY = crypto.generate_master_key()
    with pytest.raises(crypto.WrongMasterKey, match="PUTOKAZ_MASTER_KEY"):
        _ = Person.objects.get(pk=person.pk).given_name


def test_an_erased_person_can_never_be_decrypted_again() -> None:
    person = make_person(make_org("NGO"), given_name="Amal")
    person_erase(actor=Actor(label="test"), person=person)
    erased = Person.objects.select_related("data_key").get(pk=person.pk)
    assert erased.is_erased and erased.data_key.wrapped is None
    with pytest.raises(crypto.ErasedKey):
        _ = erased.given_name
    # Statistics attributes survive erasure.
    assert (erased.sex, erased.nationality) == ("female", "AF")


def test_plaintext_is_never_sent_in_a_query() -> None:
    make_person(make_org("NGO"))
    with pytest.raises(TypeError, match="unsealed"):
        list(Person.objects.filter(given_name="Fatemeh"))


def test_pure_crypto_binds_to_row_and_field() -> None:
    key = crypto.new_data_key()
    sealed = crypto.seal_field(data_key=key, plaintext="x", table="t", row_ref="1", field="f")
    assert crypto.open_field(data_key=key, sealed=sealed, table="t", row_ref="1", field="f") == "x"
    for other in ({"row_ref": "2", "field": "f"}, {"row_ref": "1", "field": "g"}):
        with pytest.raises(crypto.TamperedCiphertext):
            crypto.open_field(data_key=key, sealed=sealed, table="t", **other)
    with pytest.raises(crypto.TamperedCiphertext):
        crypto.open_field(data_key=key, sealed=b"\x01short", table="t", row_ref="1", field="f")


def test_the_system_check_refuses_a_master_key_that_does_not_open_the_data(settings) -> None:
    from django.core.checks import run_checks

    make_person(make_org("NGO"))
    assert not [m for m in run_checks(databases=["default"]) if m.id == "putokaz.E001"]
    settings.PUTOKAZ_MASTER_KEY = crypto.generate_master_key()
    errors = [m for m in run_checks(databases=["default"]) if m.id == "putokaz.E001"]
    assert errors and "does not match" in errors[0].msg


def test_erasure_removes_the_duplicate_detection_encoding_too() -> None:
    from putokaz.matching.models import PersonEncoding

    person = make_person(make_org("NGO"), given_name="Amal")
    assert PersonEncoding.objects.filter(person=person).exists()
    person_erase(actor=Actor(label="test"), person=person)
    assert not PersonEncoding.objects.filter(person=person).exists()
