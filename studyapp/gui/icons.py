"""Icons shipped in resources/icons."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from studyapp.core.storage.paths import bundled_content


def app_icon() -> QIcon:
    return QIcon(str(bundled_content().resources / "icons" / "setu.svg"))
