"""The acting user of the current request, for code that cannot be handed one.

Only security events use it (a tampered ciphertext is found deep inside a field);
everything else receives its actor explicitly.
"""

from __future__ import annotations

from contextvars import ContextVar

from putokaz.core.audit import Actor

_current: ContextVar[Actor | None] = ContextVar("putokaz_actor", default=None)


def current_actor() -> Actor | None:
    return _current.get()


def set_current_actor(actor: Actor | None) -> object:
    return _current.set(actor)


def reset_current_actor(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
