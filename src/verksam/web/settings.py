"""Django settings for the Verksam web app, read from the environment.

`VERKSAM_HOME` (default ./var/) holds the SQLite database, uploads and the generated secret key;
`DATABASE_URL` switches to PostgreSQL; `VERKSAM_DEBUG=1` turns on Django's debug mode.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from verksam.limits import Limits

# Generic Django classes (ModelAdmin[Case], ModelForm[Course]) as the type checker wants them
# written, which plain Django cannot subscript at run time.
django_stubs_ext.monkeypatch()

WEB_DIR = Path(__file__).resolve().parent
REPO_ROOT = WEB_DIR.parents[2]
HOME = Path(os.environ.get("VERKSAM_HOME", "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key from the environment, or one generated once and kept under VERKSAM_HOME."""
    if key := os.environ.get("VERKSAM_SECRET_KEY"):
        return key
    path = HOME / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        HOME.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
        return key


DEBUG = _flag("VERKSAM_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get(
    "VERKSAM_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
).split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("VERKSAM_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
VERKSAM_DEMO = _flag(
    "VERKSAM_DEMO"
)  # set by `verksam serve --demo`: the sign-in page lists the demo users
MEDIA_ROOT = HOME / "uploads"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "verksam.web.organisations",
    "verksam.web.backup",
    "verksam.web.accounts",
    "verksam.web.cases",
    "verksam.web.jobs",
    "verksam.web.workbench",
    "verksam.web.mapping",
    "verksam.web.api",
    "verksam.web.courses",
    "verksam.web.community",
    "verksam.web.lti",
    "verksam.web.siteadmin",
    "verksam.web.words",
    "verksam.web.live",
    "verksam.web.sso",
    "verksam.web.signins",
    "verksam.web.interchange",
    "verksam.web.approval",
    "verksam.web.report",
    "verksam.web.indicators",
    "verksam.web.evaluation",
]

MIDDLEWARE = [
    "verksam.web.bodylimit.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "verksam.web.organisations.middleware.OrganisationMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "verksam.web.urls"
WSGI_APPLICATION = "verksam.web.wsgi.application"
ASGI_APPLICATION = "verksam.web.asgi.application"

# Live updates (verksam.web.live): the channel layer carries revisions and presence between the
# server processes. Redis when REDIS_URL is set (required for several processes); otherwise the
# in-memory layer, which only reaches the sockets of its own process (`verksam serve` then runs one).
REDIS_URL = os.environ.get("REDIS_URL", "")
# Pages open their live socket; off (VERKSAM_LIVE=0) behind a WSGI-only server, where they then
# simply say they are not live instead of trying to connect.
LIVE_UPDATES = _flag("VERKSAM_LIVE", default=True)
# A helper process makes the workspaces after edits (verksam.web.helper): `verksam serve` turns
# it on when it runs one server process, whose second core would otherwise stand idle.
HELPER_PROCESS = _flag("VERKSAM_HELPER_PROCESS", default=False)
CHANNEL_LAYERS: dict[str, dict[str, object]] = {
    "default": (
        {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # the read timeout must outlast channels-redis's 5 s blocking pop (redis-py 8
                # defaults to 5 s, which broke idle sockets every few seconds)
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "prefix": os.environ.get("VERKSAM_CHANNELS_PREFIX", "verksam"),
                "capacity": 500,
                "expiry": 30,
            },
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 500}}
    )
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "verksam.web.organisations.context_processors.organisation",
                # before the notification count: it may add reminders of due reviews
                "verksam.web.approval.context_processors.due_reviews",
                "verksam.web.community.context_processors.notifications",
            ],
        },
    },
]


def _database() -> dj_database_url.DBConfig:
    if url := os.environ.get("DATABASE_URL"):
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    HOME.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "verksam.web.sqlite",  # Django's, keeping connections for the next request
        "NAME": str(HOME / "verksam.sqlite3"),
        # IMMEDIATE takes the write lock when a transaction starts, so concurrent edits queue
        # instead of failing with "database is locked"; WAL lets readers go on meanwhile.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Passwords (Django's ModelBackend), and OpenID Connect through the identity provider the sign-in
# started with (verksam.web.sso.oidc; it answers only on its own callback); the throttle comes
# first and refuses while the account or address is locked out.
AUTHENTICATION_BACKENDS = [
    "verksam.web.accounts.throttle.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
    "verksam.web.sso.oidc.OrganisationBackend",
]
# Sign-in throttling (django-axes): after VERKSAM_SIGNIN_FAILURES failed sign-ins for one account,
# or from one address, that account / address waits VERKSAM_SIGNIN_LOCKOUT_MINUTES; every failure
# meanwhile starts the wait again, a successful sign-in clears the count. API tokens count per
# address. The address is the connection's (REMOTE_ADDR); behind a reverse proxy, set
# VERKSAM_PROXY_COUNT to the number of proxies so X-Forwarded-For is read instead.
AXES_FAILURE_LIMIT = int(os.environ.get("VERKSAM_SIGNIN_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("VERKSAM_SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = "verksam.web.accounts.throttle.lockout_parameters"
AXES_LOCKOUT_CALLABLE = "verksam.web.accounts.throttle.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "verksam.web.accounts.throttle.client_address"
VERKSAM_PROXY_COUNT = int(os.environ.get("VERKSAM_PROXY_COUNT", "0"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

if email_host := os.environ.get("VERKSAM_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = email_host
    EMAIL_PORT = int(os.environ.get("VERKSAM_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("VERKSAM_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("VERKSAM_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = True
else:  # development: mail is printed on the console
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("VERKSAM_FROM_EMAIL", "verksam@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("sv", _("Swedish")), ("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [WEB_DIR / "locale"]  # apps' own locale/ folders are found as well
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [WEB_DIR / "static"]
# Front-end packages come from npm (package.json + package-lock.json), served straight out of
# node_modules; verksam.web.organisations.checks warns when `npm ci` has not been run.
HTMX_DIR = REPO_ROOT / "node_modules" / "htmx.org" / "dist"
PANZOOM_DIR = REPO_ROOT / "node_modules" / "@panzoom" / "panzoom" / "dist"
for _prefix, _folder in (("vendor/htmx", HTMX_DIR), ("vendor/panzoom", PANZOOM_DIR)):
    if _folder.is_dir():
        STATICFILES_DIRS.append((_prefix, _folder))

MAX_UPLOAD_BYTES = int(os.environ.get("VERKSAM_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# What one upload may expand to and hold (verksam.limits; docs/limits.md).
_LIMITS = Limits.from_env()
MAX_UNCOMPRESSED_BYTES = _LIMITS.uncompressed_bytes
MAX_LOG_EVENTS = _LIMITS.events
MAX_MODEL_ACTIVITIES = _LIMITS.activities
# Background jobs (jobs.health): a running job beats every JOB_HEARTBEAT_SECONDS; one silent for
# JOB_LEASE_SECONDS, or whose worker process is gone, is marked failed; the supervisor of
# `verksam serve` / `verksam worker` stops a job after JOB_TIME_LIMIT seconds.
JOB_TIME_LIMIT = int(os.environ.get("VERKSAM_JOB_TIME_LIMIT", "3600"))
JOB_HEARTBEAT_SECONDS = 10
JOB_LEASE_SECONDS = 60
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# A case file, model or step list larger than this is imported by a background job, not in the
# request (a 6 MB YAML file took about 30 s).
IMPORT_IN_JOB_BYTES = int(os.environ.get("VERKSAM_IMPORT_IN_JOB_BYTES", str(512 * 1024)))
# The largest request body (a file upload with its form): 413 above it (verksam.web.bodylimit).
MAX_REQUEST_BYTES = int(
    os.environ.get("VERKSAM_MAX_REQUEST_BYTES", str(MAX_UPLOAD_BYTES + 1024 * 1024))
)

# HTTPS by default: Secure cookies and HSTS (sent on HTTPS requests only). VERKSAM_PLAIN_HTTP=1 is
# the switch for plain HTTP (`verksam serve` on localhost sets it); behind a proxy that ends TLS,
# VERKSAM_TRUST_X_FORWARDED_PROTO=1 lets Django see that the request came in over HTTPS.
PLAIN_HTTP = _flag("VERKSAM_PLAIN_HTTP")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not PLAIN_HTTP
CSRF_COOKIE_SECURE = not PLAIN_HTTP
SECURE_HSTS_SECONDS = 0 if PLAIN_HTTP else 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other services of the municipality may share the domain
if _flag("VERKSAM_TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own static files — no inline
# scripts, no event-handler attributes, no eval (docs/web.md). No form-action: an LTI deep-link
# answer posts a form to the learning platform. Inline style attributes stay
# allowed: the diagram viewer and charts size elements with them, and they cannot run code.
# 'self' in connect-src covers ws:// and wss:// of the same host (the live pages).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django_tasks": {"handlers": ["console"], "level": "INFO"},
        "verksam": {"handlers": ["console"], "level": "INFO"},
    },
}
