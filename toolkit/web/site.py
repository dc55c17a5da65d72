"""What the server holds for its lifetime: the catalogue and the data file, read when it changes.

The catalogue is loaded once (restart the server to pick up edited templates); the data file is
read again whenever its modification time or size changes, so an entry saved from the browser or
edited in a text editor shows up on the next page.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.api import BUNDLED, load_catalogue, load_data
from toolkit.data.loading import LoadResult
from toolkit.data.models import JurisdictionBase
from toolkit.errors import DataError, PolicykitError, Problem
from toolkit.templating.catalogue import Catalogue
from toolkit.templating.policies import Policy
from toolkit.web.localized import PolicyTexts, Shown, in_language, policy_texts, shared_translations


@dataclass
class DataFile:
    """The server's jurisdictions file, cached until it changes on disk."""

    path: Path
    _stamp: tuple[int, int] | None = None
    _result: LoadResult = field(default_factory=lambda: LoadResult([], []))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def exists(self) -> bool:
        """Whether the file is there (a new `--data` file is created by the first save)."""
        return self.path.is_file()

    @property
    def bundled(self) -> bool:
        """Whether this is the copy shipped with policykit, which saves must not change."""
        return self.path.absolute().parent == BUNDLED

    @property
    def is_yaml(self) -> bool:
        """Whether entries can be saved into it (a CSV is a spreadsheet's to edit)."""
        return self.path.suffix.lower() in (".yaml", ".yml")

    @property
    def can_save(self) -> bool:
        """Whether "Save to data file" may write to it."""
        return self.is_yaml and not self.bundled

    def load(self) -> LoadResult:
        """The valid entries and the problems of the others; a file-level error is a problem."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return LoadResult([], [])
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._result = load_data(self.path)
                except DataError as exc:
                    self._result = LoadResult([], list(exc.problems))
                self._stamp = stamp
            return self._result

    def jurisdictions(self) -> list[JurisdictionBase]:
        """The valid entries, in file order."""
        return self.load().jurisdictions

    def problems(self) -> list[Problem]:
        """What is wrong in the file, for a notice on every page."""
        return self.load().problems


@dataclass
class Site:
    """The catalogue and data file one server works with."""

    catalogue: Catalogue
    data: DataFile
    save_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """One save at a time: each reads the file, changes one entry, and replaces it."""
    _texts: dict[str, dict[str, PolicyTexts]] = field(default_factory=dict, repr=False)
    _shared: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _texts_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, *, data: Path, templates: Path | None) -> Site:
        """Load the templates (raising `TemplateError` listing every problem) and the data."""
        catalogue = load_catalogue(templates)
        if not catalogue.policies:
            raise PolicykitError(f"no policies in the templates folder {catalogue.templates}")
        site = cls(catalogue, DataFile(data))
        site.data.load()
        return site

    def policies(self) -> list[Policy]:
        """Every policy, in the catalogue's order."""
        return list(self.catalogue.policies.values())

    def policy_texts(self, ui: str) -> dict[str, PolicyTexts]:
        """Each policy's title, summary and option labels in interface language `ui`.

        Read once, as the templates are.
        """
        with self._texts_lock:
            if ui not in self._texts:
                self._texts[ui] = policy_texts(self.catalogue, ui)
            return self._texts[ui]

    def in_language(self, english: str, ui: str) -> Shown:
        """A shared text of the templates (a state's warning) in `ui` where it is translated."""
        with self._texts_lock:
            if ui not in self._shared:
                self._shared[ui] = shared_translations(self.catalogue, ui)
            translations = self._shared[ui]
        return in_language(translations, english, ui)

    def default_policy(self) -> Policy:
        """The policy a first visit shows: ice-out when there is one, else the first."""
        policies = self.catalogue.policies
        return policies.get("ice-out") or next(iter(policies.values()))
