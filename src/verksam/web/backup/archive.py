"""Writing and reading backups: a zip with ``backup.jsonl`` (a header line, then one line per
row in Django's serialised form, parents before children) and the uploaded files under
``files/``. Rows are read and written in chunks, so a backup's size only costs disk space.

A site backup keeps every primary key and restores only into an empty database (the move from
SQLite to PostgreSQL). An organisation's backup restores into any site that does not have the
organisation: every row gets a new key and every reference follows; users are matched by user
name and created when missing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from verksam.web.backup.registry import (
    EXTRA_FILES,
    Scoped,
    all_models,
    in_backup,
    label,
    ordered,
    rule,
)
from verksam.web.organisations.models import Organisation

FORMAT = "verksam-backup"
VERSION = 1
DATA = "backup.jsonl"
FILES = "files/"
CHUNK = 500
BATCH = 200
AUTO_KEYS = ("AutoField", "BigAutoField", "SmallAutoField")


class _Encoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why and what to do."""


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _models(site: bool) -> list[type[models.Model]]:
    return ordered(m for m in all_models() if in_backup(m, site))


def _rows(model: type[models.Model], organisation: Organisation | None) -> models.QuerySet[Any]:
    manager = model._default_manager
    if organisation is None:
        return manager.order_by("pk")
    found = rule(model)
    assert isinstance(found, Scoped)
    inner = manager.filter(**found.lookup(organisation)).values("pk")
    return manager.filter(pk__in=inner).order_by("pk")


def _referenced_users(organisation: Organisation, chosen: list[type[models.Model]]) -> set[int]:
    """Users the organisation's rows refer to (authors, creators...), members or not."""
    ids: set[int] = set()
    for model in chosen:
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is User and model is not User:
                ids.update(
                    v for v in _rows(model, organisation).values_list(f.attname, flat=True) if v
                )
    return ids


def _chunks(rows: models.QuerySet[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _files_of(row: Any) -> list[str]:
    names = [
        str(getattr(row, f.name).name)
        for f in row._meta.concrete_fields
        if isinstance(f, models.FileField) and getattr(row, f.name)
    ]
    extra = EXTRA_FILES.get(label(type(row)))
    return names + (list(extra(row)) if extra else [])


def write_backup(target: Path | IO[bytes], organisation: Organisation | None = None) -> Summary:
    """Write a backup of `organisation` (or, with None, of the whole site) to `target`."""
    site = organisation is None
    chosen = _models(site)
    summary = Summary()
    files: set[str] = set()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with archive.open(DATA, "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8")
            header = {
                "format": FORMAT,
                "version": VERSION,
                "scope": "site" if site else "organisation",
                "organisation": organisation.slug if organisation is not None else None,
                "models": [label(m) for m in chosen],
            }
            out.write(json.dumps(header) + "\n")
            for model in chosen:
                rows = _rows(model, organisation)
                if model is User and organisation is not None:
                    users = set(rows.values_list("pk", flat=True))
                    users |= _referenced_users(organisation, chosen)
                    rows = User.objects.filter(pk__in=users).order_by("pk")
                count = 0
                for chunk in _chunks(rows):
                    for row, data in zip(
                        chunk, serializers.serialize("python", chunk), strict=True
                    ):
                        if model is User:  # rights come from roles; permission numbers differ
                            data["fields"].pop("groups", None)
                            data["fields"].pop("user_permissions", None)
                        out.write(json.dumps(data, cls=_Encoder) + "\n")
                        files.update(_files_of(row))
                    count += len(chunk)
                summary.rows[label(model)] = count
            out.flush()
            out.detach()
        media = Path(settings.MEDIA_ROOT)
        for name in sorted(files):
            path = media / name
            if path.is_file():
                archive.write(path, FILES + name)
                summary.files += 1
    return summary


def read_header(source: Path | IO[bytes]) -> dict[str, Any]:
    with zipfile.ZipFile(source) as archive, archive.open(DATA) as raw:
        header: dict[str, Any] = json.loads(raw.readline())
    if header.get("format") != FORMAT:
        raise BackupError("This file is not a Verksam backup.")
    if header.get("version") != VERSION:
        raise BackupError("This backup was made by another version of Verksam.")
    return header


def _lines(archive: zipfile.ZipFile) -> Iterator[dict[str, Any]]:
    with archive.open(DATA) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        text.readline()
        for line in text:
            yield json.loads(line)


def _empty() -> bool:
    return not Organisation.objects.exists() and not User.objects.exists()


def restore_backup(source: Path | IO[bytes]) -> Summary:
    """Restore a site backup into an empty database, or an organisation's backup into a site
    without that organisation. Raises BackupError, restoring nothing, when that cannot be."""
    header = read_header(source)
    models_by_label = {label(m): m for m in all_models()}
    unknown = [m for m in header["models"] if m not in models_by_label]
    if unknown:
        raise BackupError(
            f"This backup holds data this site has no place for: {', '.join(unknown)}."
        )
    site = header["scope"] == "site"
    if site and not _empty():
        raise BackupError("A site backup is restored only into an empty database.")
    if not site and Organisation.objects.filter(slug=header["organisation"]).exists():
        raise BackupError(
            f"This site already has the organisation '{header['organisation']}'; "
            "a backup is restored into a site without it."
        )
    summary = Summary()
    with zipfile.ZipFile(source) as archive, transaction.atomic():
        loader = _Loader(models_by_label, keep_keys=site, summary=summary)
        for data in _lines(archive):
            loader.load(data)
        loader.finish()
        summary.files = _restore_files(archive)
        if site:
            _reset_sequences([models_by_label[m] for m in header["models"]])
    return summary


class _Loader:
    """Inserts rows in file order; with new keys, references are translated as it goes."""

    def __init__(self, models_by_label: dict[str, type[models.Model]], *, keep_keys: bool,
                 summary: Summary) -> None:  # fmt: skip
        self.models = models_by_label
        self.keep_keys = keep_keys
        self.summary = summary
        self.keys: dict[str, dict[Any, Any]] = {}
        self.later: list[tuple[type[models.Model], Any, str, Any]] = []  # self references
        self.pending: list[tuple[Any, models.Model, list[tuple[str, Any]]]] = []
        self.pending_model: type[models.Model] | None = None

    def _new_key(self, target: str, old: Any) -> Any:
        return self.keys.get(target, {}).get(old)

    def load(self, data: dict[str, Any]) -> None:
        name = data["model"]
        model = self.models[name]
        old = data.get("pk")
        deferred: list[tuple[str, Any]] = []
        if self.pending and self.pending_model is not model:
            self.flush()  # the keys of the previous model's rows are needed from here on
        if not self.keep_keys:
            existing = self._existing(model, data["fields"])
            if existing is not None:  # the same user or shared course: keep it as it is
                self.keys.setdefault(name, {})[old] = existing
                self.summary.rows[name] = self.summary.rows.get(name, 0) + 1
                return
            if not self._translate(model, name, data, deferred):
                self.summary.skipped[name] = self.summary.skipped.get(name, 0) + 1
                return
        for item in serializers.deserialize("python", [data]):
            if any((item.m2m_data or {}).values()) or not self.batched(model):
                self.flush()
                item.save()
                self._saved(model, old, item.object.pk, deferred)
            else:
                self.pending_model = model
                self.pending.append((old, item.object, deferred))
                if len(self.pending) >= BATCH:
                    self.flush()
        self.summary.rows[name] = self.summary.rows.get(name, 0) + 1

    def _saved(
        self, model: type[models.Model], old: Any, new: Any, deferred: list[tuple[str, Any]]
    ) -> None:
        self.keys.setdefault(label(model), {})[old] = new
        self.later.extend((model, new, attname, key) for attname, key in deferred)

    def batched(self, model: type[models.Model]) -> bool:
        """Rows of plain models go in one INSERT per batch (as raw as Model.save(raw=True):
        timestamps stay as they were); a new key per row needs the database to return them."""
        return not model._meta.parents and (
            self.keep_keys or connection.features.can_return_rows_from_bulk_insert
        )

    def flush(self) -> None:
        if not self.pending or self.pending_model is None:
            return
        model, pending = self.pending_model, self.pending
        self.pending = []
        meta = model._meta
        pk = meta.pk
        new_keys = not self.keep_keys and pk is not None and pk.get_internal_type() in AUTO_KEYS
        fields = [f for f in meta.concrete_fields if not (new_keys and f.primary_key)]
        returned = model._base_manager._insert(  # type: ignore[attr-defined]
            [obj for _old, obj, _deferred in pending],
            fields=fields,
            returning_fields=meta.db_returning_fields if new_keys else None,
            raw=True,
        )
        for index, (old, obj, deferred) in enumerate(pending):
            self._saved(model, old, returned[index][0] if new_keys else obj.pk, deferred)

    def _existing(self, model: type[models.Model], fields: dict[str, Any]) -> Any:
        """The key of a row this site already has with the same unique value (a user's name,
        a course's code), or None."""
        for f in model._meta.concrete_fields:
            if f.unique and not f.primary_key and not f.is_relation and fields.get(f.name):
                found = model._default_manager.filter(**{f.name: fields[f.name]}).values("pk")
                row = found.first()
                if row is not None:
                    return row["pk"]
        return None

    def _translate(
        self, model: type[models.Model], name: str, data: dict[str, Any],
        deferred: list[tuple[str, Any]],
    ) -> bool:  # fmt: skip
        """Rewrite keys for this site; False when a required reference points outside."""
        fields = data["fields"]
        pk = model._meta.pk
        if pk is not None and pk.get_internal_type() in AUTO_KEYS:
            data["pk"] = None
        for f in model._meta.concrete_fields:
            related = f.related_model
            if not isinstance(related, type) or fields.get(f.name) is None:
                continue
            target = label(related)
            new = self.keys.get(target, {}).get(fields[f.name])
            if new is None and target == name:  # a parent later in the file: set afterwards
                deferred.append((f.attname, fields[f.name]))
                fields[f.name] = None
            elif new is None and not f.null:
                return False
            else:
                fields[f.name] = new
        for f in model._meta.many_to_many:
            if f.name in fields:
                keys = self.keys.get(label(f.related_model), {})
                fields[f.name] = [keys[o] for o in fields[f.name] if o in keys]
        return True

    def finish(self) -> None:
        """Write the last batch; set the self references whose row came before its parent."""
        self.flush()
        for model, pk, attname, old in self.later:
            new = self.keys.get(label(model), {}).get(old)
            if new is not None:
                model._default_manager.filter(pk=pk).update(**{attname: new})


def _restore_files(archive: zipfile.ZipFile) -> int:
    media = Path(settings.MEDIA_ROOT).resolve()
    count = 0
    for info in archive.infolist():
        if not info.filename.startswith(FILES) or info.is_dir():
            continue
        target = (media / info.filename[len(FILES) :]).resolve()
        if not target.is_relative_to(media):
            raise BackupError(f"The backup names a file outside the upload folder: {info.filename}")
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        count += 1
    return count


def _reset_sequences(chosen: list[type[models.Model]]) -> None:
    """After rows came with their keys, new rows must get keys after them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
