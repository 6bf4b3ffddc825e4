"""Navigation: a screen asks to go to a route (`gui/routes.py`); the router shows the
route's screen, lets it open what the route names, refreshes it if it is stale and
puts the keyboard in it. The window registers how each route lands; screens know the
router only (through `AppContext`), never each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from studyapp.gui.routes import Route

R = TypeVar("R", bound=Route)


class Router(QObject):
    arrived = Signal(object)  # the route now on screen

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: Route | None = None
        self._show: Callable[[str], QWidget] | None = None
        self._focus: Callable[[], None] = lambda: None
        self._landings: dict[type[Route], Callable[[Any], None]] = {}

    def attach(self, show: Callable[[str], QWidget], focus: Callable[[], None]) -> None:
        """The window: `show(key)` brings a screen forward and returns it; `focus()`
        puts the keyboard in the screen on show."""
        self._show, self._focus = show, focus

    def on(self, kind: type[R], land: Callable[[R], None]) -> None:
        """What the route's screen does on arrival (open a section, start a set)."""
        self._landings[kind] = land

    def go(self, route: Route) -> None:
        if self._show is None:
            return  # a screen on its own (no window): nowhere to go
        screen = self._show(route.screen)
        land = self._landings.get(type(route))
        if land is not None:
            land(route)
        refresh = getattr(screen, "refresh", None)
        if getattr(screen, "stale", False) and callable(refresh):
            refresh()
        self._focus()
        self.current = route
        self.arrived.emit(route)
