"""The one settings module of Putokaz, driven by environment variables.

PUTOKAZ_ENV selects development (the default: SQLite in var/, generated keys),
test (fast hashing, immediate tasks) or production (every secret must be given,
HTTPS only). See the README's "Configuration" section for every variable.
"""

from __future__ import annotations

import base64
import binascii
import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from putokaz import envconfig
from putokaz.envconfig import ConfigError

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PUTOKAZ_VAR_DIR") or BASE_DIR / "var")

try:
    ENVIRONMENT = envconfig.env_choice(
        os.environ,
        "PUTOKAZ_ENV",
        choices=("development", "production", "test"),
        # Under pytest the default is the test environment: a test run never touches var/.
        default="test" if "pytest" in sys.modules else "development",
    )
    PRODUCTION = ENVIRONMENT == "production"
    TESTING = ENVIRONMENT == "test"

    SECRET_KEY = envconfig.env_secret(os.environ, "PUTOKAZ_SECRET_KEY")
    _master_key = envconfig.env_secret(os.environ, "PUTOKAZ_MASTER_KEY")
    if PRODUCTION and not SECRET_KEY:
        raise ConfigError(
            "PUTOKAZ_SECRET_KEY (or PUTOKAZ_SECRET_KEY_FILE) must be set in production"
        )
    if PRODUCTION and not _master_key:
        raise ConfigError(
            "PUTOKAZ_MASTER_KEY (or PUTOKAZ_MASTER_KEY_FILE) must be set in production"
        )
    if TESTING and not SECRET_KEY:
        SECRET_KEY = envconfig.new_secret_key()
    if TESTING and not _master_key:
        from putokaz.core.crypto import generate_master_key

        _master_key = generate_master_key()
    if not SECRET_KEY:
        SECRET_KEY = envconfig.generated_secret(
            VAR_DIR / "secret_key", name="PUTOKAZ_SECRET_KEY", make=envconfig.new_secret_key
        )
    if not _master_key:
        from putokaz.core.crypto import generate_master_key  # pure module, no Django models

        _master_key = envconfig.generated_secret(
            VAR_DIR / "master.key", name="PUTOKAZ_MASTER_KEY", make=generate_master_key
        )
    try:
        if len(base64.urlsafe_b64decode(_master_key.encode("ascii") + b"==")) != 32:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raise ConfigError(
            "PUTOKAZ_MASTER_KEY is malformed: expected 32 bytes in URL-safe base64 "
            "(make one with `putokaz keys generate`)"
        ) from None
    PUTOKAZ_MASTER_KEY = _master_key

    ALLOWED_HOSTS = envconfig.env_list(
        os.environ,
        "PUTOKAZ_ALLOWED_HOSTS",
        default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"],
    )
    if PRODUCTION and not ALLOWED_HOSTS:
        raise ConfigError("PUTOKAZ_ALLOWED_HOSTS must list the host names served in production")

    # Debug pages would print decrypted personal data from local variables, so
    # DEBUG is off unless a developer turns it on explicitly.
    DEBUG = envconfig.env_bool(os.environ, "PUTOKAZ_DEBUG", default=False)
    if PRODUCTION and DEBUG:
        raise ConfigError("PUTOKAZ_DEBUG cannot be true in production")

    _db = envconfig.parse_database_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'putokaz.sqlite3'}"
    )
    EMAIL_BACKEND = os.environ.get("PUTOKAZ_EMAIL_BACKEND") or (
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_HOST = os.environ.get("PUTOKAZ_EMAIL_HOST", "localhost")
    EMAIL_PORT = envconfig.env_int(os.environ, "PUTOKAZ_EMAIL_PORT", default=25, minimum=1)
    DEFAULT_FROM_EMAIL = os.environ.get("PUTOKAZ_FROM_EMAIL", "putokaz@localhost")
    SITE_URL = os.environ.get("PUTOKAZ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    SESSION_IDLE_SECONDS = envconfig.env_int(
        os.environ, "PUTOKAZ_SESSION_IDLE_SECONDS", default=15 * 60, minimum=60
    )
    SESSION_ABSOLUTE_SECONDS = envconfig.env_int(
        os.environ, "PUTOKAZ_SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60, minimum=60
    )
    CACHE_URL = os.environ.get("PUTOKAZ_CACHE_URL", "")
    API_TOKEN_DAYS = envconfig.env_int(os.environ, "PUTOKAZ_API_TOKEN_DAYS", default=30, minimum=1)
except ConfigError as error:
    raise ImproperlyConfigured(str(error)) from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "putokaz.core",
    "putokaz.accounts",
    "putokaz.cases",
    "putokaz.referrals",
    "putokaz.api",
]
for _optional_app in ("screening", "legal", "justice", "matching"):
    # Domains land one issue at a time; an app joins once its package exists.
    if (BASE_DIR / "putokaz" / _optional_app / "apps.py").exists():
        INSTALLED_APPS.append(f"putokaz.{_optional_app}")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "putokaz.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "putokaz.core.csrf.SameOriginFetchMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "putokaz.accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "putokaz.urls"
WSGI_APPLICATION = "putokaz.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "putokaz" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "putokaz.core.context_processors.putokaz",
            ],
        },
    }
]

_database: dict[str, object] = {
    "ENGINE": _db.engine,
    "NAME": _db.name,
    "USER": _db.user,
    "PASSWORD": _db.password,
    "HOST": _db.host,
    "PORT": _db.port,
    "OPTIONS": dict(_db.options or {}),
}
if _db.engine.endswith("sqlite3"):
    Path(_db.name).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE takes the write lock at BEGIN, so two writers cannot both read the
    # audit chain's head before either appends to it.
    _database["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20, **_database["OPTIONS"]}  # type: ignore[dict-item]
else:
    _database["CONN_MAX_AGE"] = 60
    _database["TEST"] = {"NAME": f"test_{_db.name}"}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: server-side, a sliding idle timeout (the cookie age, renewed on every
# request) and an absolute limit checked by SessionPolicyMiddleware.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cache" if CACHE_URL else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "putokaz_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "putokaz.core.views.csrf_failure"

LANGUAGE_CODE = "en"
# Staff interface: English and Serbian; everything a migrant sees also in the
# languages of the people served. The Pashto entry is added to Django's LANG_INFO
# in CoreConfig.ready because Django does not ship it.
LANGUAGES = [
    ("en", "English"),
    ("sr-latn", "Srpski (latinica)"),
    ("sr", "Српски (ћирилица)"),
    ("ar", "العربية"),
    ("fa", "فارسی / دری"),
    ("ps", "پښتو"),
    ("ur", "اردو"),
    ("tr", "Türkçe"),
    ("fr", "Français"),
]
LANGUAGES_BIDI = ["ar", "fa", "ps", "ur", "he"]
LOCALE_PATHS = [BASE_DIR / "putokaz" / "locale"]
LANGUAGE_COOKIE_NAME = "putokaz_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Belgrade"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Security headers. The CSP allows nothing from other origins and no inline script.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = envconfig.env_bool(os.environ, "PUTOKAZ_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-putokaz_session"
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}

# Logs carry pseudonymous codes at most; request data is never logged, and the
# 500 mail to admins (which would include request details) is not configured.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "putokaz": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}
