"""`verksam admin create USER`: make the first site administrator (or make an existing user one).

Django is imported inside the command so that the rest of the CLI starts without it.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="Site administration of the web app.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="User name of the site administrator.")],
    email: Annotated[str, typer.Option("--email", help="E-mail address of a new user.")] = "",
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the new user's password from standard input."),
    ] = False,
) -> None:
    """Make USER a site administrator; a new user is created and asked for a password."""
    from verksam.web.commands import _setup

    _setup()
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.management import call_command

    from verksam.web.siteadmin.services import make_site_admin

    call_command("migrate", interactive=False, verbosity=0)
    user = User.objects.filter(username=username).first()
    if user is None:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        candidate = User(username=username, email=email)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            err.print("[red]The password was refused:[/red] " + " ".join(exc.messages))
            raise typer.Exit(1) from None
        user = User.objects.create_user(username, email=email, password=password)
        out.print(f"Created the user {username}.")
    elif user.is_superuser:
        out.print(f"{username} is already a site administrator.")
        return
    make_site_admin(user)
    out.print(f"{username} is a site administrator: sign in and open /site/ in the web app.")
