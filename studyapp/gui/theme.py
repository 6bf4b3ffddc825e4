"""Light and dark themes (following the system unless the student picks one) and the
font size setting.

Every text size in the style sheet is a multiple of the base size the student chose
(9–20 pt, or the system's), so headings, stems and buttons grow with it; nothing is
drawn smaller than MIN_FONT_PT.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from studyapp.core.storage.paths import bundled_content

FONT_SIZES = tuple(range(9, 21))  # the choices offered in Settings, in points
MIN_FONT_PT = FONT_SIZES[0]


@dataclass(frozen=True)
class Colors:
    window: str
    panel: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    good: str
    bad: str
    good_bg: str
    bad_bg: str
    warn_bg: str
    nav: str
    nav_text: str
    mark: str  # "marked for review" in the mock-test palette
    warn: str  # middling figures in charts
    control: str  # edges of checkboxes and fields: visible against the panel
    name: str = "light"


LIGHT = Colors(
    window="#f7f5f2",
    panel="#ffffff",
    text="#1f2328",
    muted="#5b6470",
    accent="#c2410c",
    accent_text="#ffffff",
    border="#e3ded7",
    good="#15803d",
    bad="#b91c1c",
    good_bg="#ecfdf3",
    bad_bg="#fef2f2",
    warn_bg="#fff4e5",
    nav="#2b2f36",
    nav_text="#e8e6e3",
    mark="#7c3aed",
    warn="#b45309",
    control="#8a929c",
)
DARK = Colors(
    window="#1b1d21",
    panel="#24272c",
    text="#e8e6e3",
    muted="#a0a7b1",
    accent="#fb923c",
    accent_text="#1b1d21",
    border="#363a41",
    good="#4ade80",
    bad="#f87171",
    good_bg="#15301f",
    bad_bg="#3a1d1d",
    warn_bg="#3a2a17",
    nav="#121316",
    nav_text="#d6d3cf",
    mark="#a78bfa",
    warn="#fbbf24",
    control="#8a929c",
    name="dark",
)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def colors_for(theme: str) -> Colors:
    if theme == "dark" or (theme == "system" and system_prefers_dark()):
        return DARK
    return LIGHT


_current = LIGHT
_system_font: QFont | None = None  # the platform's font, before any size was chosen


def current_colors() -> Colors:
    """The colours of the theme in use (for widgets that paint or write HTML)."""
    return _current


def apply_theme(app: QApplication, theme: str = "system", font_size: int = 0) -> Colors:
    global _current
    colors = _current = colors_for(theme)
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: colors.window,
        QPalette.ColorRole.Base: colors.panel,
        QPalette.ColorRole.AlternateBase: colors.window,
        QPalette.ColorRole.Text: colors.text,
        QPalette.ColorRole.WindowText: colors.text,
        QPalette.ColorRole.Button: colors.panel,
        QPalette.ColorRole.ButtonText: colors.text,
        QPalette.ColorRole.Highlight: colors.accent,
        QPalette.ColorRole.HighlightedText: colors.accent_text,
        QPalette.ColorRole.ToolTipBase: colors.panel,
        QPalette.ColorRole.ToolTipText: colors.text,
        QPalette.ColorRole.PlaceholderText: colors.muted,
        QPalette.ColorRole.Link: colors.accent,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(colors.muted)
    )
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(colors.muted))
    app.setPalette(palette)
    base = base_font_size(app, font_size)
    font = QFont(platform_font(app))
    font.setPointSize(base)
    app.setFont(font)
    app.setStyleSheet(style_sheet(colors, base))
    return colors


def platform_font(app: QApplication) -> QFont:
    """The platform's font as it was before Setu changed its size."""
    global _system_font
    if _system_font is None:
        _system_font = QFont(app.font())
    return _system_font


def system_font_size(app: QApplication) -> int:
    """The platform's own text size in points (what "default" means in Settings)."""
    size = platform_font(app).pointSize()
    return min(max(size if size > 0 else 10, MIN_FONT_PT), FONT_SIZES[-1])


def base_font_size(app: QApplication, chosen: int) -> int:
    """The size in use: the student's choice (0 = the system's), kept within 9–20 pt
    (a size saved by an older release outside that range is brought back into it)."""
    if chosen <= 0:
        return system_font_size(app)
    platform_font(app)  # remember the platform's font before changing it
    return min(max(chosen, MIN_FONT_PT), FONT_SIZES[-1])


def style_sheet(c: Colors, base: int = 10) -> str:
    def pt(factor: float) -> str:
        return f"{max(MIN_FONT_PT, round(base * factor))}pt"

    check = (bundled_content().resources / "icons" / f"check-{c.name}.svg").as_posix()
    return f"""
    #NavList {{ background: {c.nav}; color: {c.nav_text}; border: none; padding-top: 8px;
               font-size: {pt(1.1)}; outline: 0; }}
    #NavList::item {{ padding: 10px 18px; border-left: 3px solid transparent; }}
    #NavList::item:selected {{ background: rgba(255,255,255,0.08); color: #ffffff;
                              border-left: 3px solid {c.accent}; }}
    #NavList::item:hover:!selected {{ background: rgba(255,255,255,0.04); }}
    #Brand {{ background: {c.nav}; color: #ffffff; font-size: {pt(1.6)}; font-weight: 600;
             padding: 18px 18px 6px 18px; }}
    #BrandTag {{ background: {c.nav}; color: {c.nav_text}; padding: 0 18px 12px 18px;
                font-size: {pt(0.9)}; }}
    #ScreenTitle {{ font-size: {pt(1.8)}; font-weight: 600; }}
    #Muted {{ color: {c.muted}; }}
    #SaveError {{ color: {c.bad}; background: {c.bad_bg}; border: 1px solid {c.bad};
        border-radius: 8px; padding: 8px 12px; }}
    #Card {{ background: {c.panel}; border: 1px solid {c.border}; border-radius: 10px; }}
    #CardValue {{ font-size: {pt(2.4)}; font-weight: 600; }}
    #CardLabel {{ color: {c.muted}; }}
    QPushButton {{ padding: 6px 14px; border-radius: 6px; border: 1px solid {c.border};
                  background: {c.panel}; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:checked {{ border: 1px solid {c.accent}; background: {c.warn_bg};
                          color: {c.accent}; }}
    QPushButton#Primary {{ background: {c.accent}; color: {c.accent_text}; border: none;
                          font-weight: 600; padding: 10px 22px; font-size: {pt(1.1)}; }}
    QPushButton#Primary:disabled {{ background: {c.border}; color: {c.muted}; }}
    QStatusBar {{ color: {c.muted}; }}
    #Stem {{ font-size: {pt(1.3)}; }}
    #Statement {{ font-size: {pt(1.2)}; padding-left: 12px; }}
    #QuestionLine {{ font-size: {pt(1.2)}; font-style: italic; }}
    #Option {{ background: {c.panel}; border: 1px solid {c.border}; border-radius: 8px; }}
    #Option:hover {{ border-color: {c.control}; }}
    #Option[state="selected"] {{ border: 2px solid {c.accent}; background: {c.warn_bg}; }}
    #Option[state="selected"] #OptionBadge {{ color: {c.accent}; }}
    #Option[state="correct"] {{ border: 2px solid {c.good}; background: {c.good_bg}; }}
    #Option[state="key"] {{ border: 2px dashed {c.good}; }}
    #Option[state="wrong"] {{ border: 2px solid {c.bad}; background: {c.bad_bg}; }}
    #OptionBadge {{ color: {c.muted}; font-weight: 600; }}
    #Feedback {{ background: {c.panel}; border: 1px solid {c.border}; border-radius: 10px; }}
    #Verdict {{ font-size: {pt(1.3)}; font-weight: 600; }}
    #Verdict[state="right"] {{ color: {c.good}; }}
    #Verdict[state="wrong"] {{ color: {c.bad}; }}
    QPushButton#RateButton {{ font-size: {pt(1.0)}; }}
    QPushButton#RateButton[suggested="true"] {{ border: 2px solid {c.accent}; font-weight: 600; }}
    #SummaryText {{ font-size: {pt(1.2)}; }}
    #SectionTitle {{ font-size: {pt(1.4)}; font-weight: 600; }}
    #CardTitle {{ font-size: {pt(1.1)}; font-weight: 600; }}
    #Banner {{ background: {c.warn_bg}; border: 1px solid {c.border}; border-radius: 8px; }}
    #Countdown {{ font-size: {pt(1.6)}; font-weight: 600; font-family: monospace; }}
    #Countdown[low="true"] {{ color: {c.bad}; }}
    #WordCount[over="true"] {{ color: {c.bad}; font-weight: 600; }}
    #AnswerEditor {{ font-size: {pt(1.2)}; padding: 8px; border: 1px solid {c.border};
                    border-radius: 8px; }}
    QTabBar::tab {{ padding: 8px 18px; }}
    QTabBar::tab:selected {{ border-bottom: 3px solid {c.accent}; font-weight: 600; }}
    #PaletteButton {{ border-radius: 6px; border: 1px solid {c.border}; background: {c.window};
                     font-weight: 600; padding: 0; }}
    #PaletteButton[status="not_answered"] {{ background: {c.bad}; color: #ffffff;
                                            border-color: {c.bad}; }}
    #PaletteButton[status="answered"] {{ background: {c.good}; color: #ffffff;
                                        border-color: {c.good}; }}
    #PaletteButton[status="marked"] {{ background: {c.mark}; color: #ffffff;
                                      border-color: {c.mark}; }}
    #PaletteButton[status="answered_marked"] {{ background: {c.mark}; color: #ffffff;
                                               border: 3px solid {c.good}; }}
    #PaletteButton[current="true"] {{ border: 3px solid {c.accent}; }}
    QCheckBox::indicator {{ width: 15px; height: 15px;
        border: 1px solid {c.control}; border-radius: 3px; background: {c.panel}; }}
    QCheckBox::indicator:hover {{ border-color: {c.accent}; }}
    QCheckBox::indicator:checked {{
        background: {c.accent}; border-color: {c.accent}; image: url("{check}"); }}
    QCheckBox::indicator:disabled {{ background: {c.window}; border-color: {c.border}; }}
    QSplitter::handle {{ background: transparent; }}
    QSplitter::handle:hover {{ background: {c.border}; }}
    QToolTip {{ color: {c.text}; background: {c.panel}; border: 1px solid {c.border}; }}
    """
