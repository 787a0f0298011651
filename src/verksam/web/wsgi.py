"""WSGI entry point for app servers (gunicorn, waitress, mod_wsgi): `verksam.web.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.web.settings")
application = get_wsgi_application()
