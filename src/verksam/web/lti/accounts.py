"""The Verksam account of a learning platform's user (its `sub`, per platform)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import User

from verksam.web.lti.models import LtiUser, Platform


def lti_user(platform: Platform, data: dict[str, Any]) -> User:
    subject = str(data["sub"])
    link = LtiUser.objects.filter(platform=platform, subject=subject).select_related("user").first()
    if link is not None:
        user = link.user
    else:
        digest = hashlib.sha256(f"{platform.pk}:{subject}".encode()).hexdigest()[:12]
        user = User.objects.create_user(f"lti-{digest}")
        user.set_unusable_password()
        LtiUser.objects.create(platform=platform, subject=subject, user=user)
    # names and address follow the platform, which is where people keep them up to date
    user.first_name = str(data.get("given_name", user.first_name))[:150]
    user.last_name = str(data.get("family_name", user.last_name))[:150]
    user.email = str(data.get("email", user.email))[:254]
    user.save()
    return user
