"""Light and dark themes (following the system unless the student picks one) and the
font size setting."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


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
)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def colors_for(theme: str) -> Colors:
    if theme == "dark" or (theme == "system" and system_prefers_dark()):
        return DARK
    return LIGHT


_current = LIGHT


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
    font = QFont(app.font())
    if font_size > 0:
        font.setPointSize(font_size)
    app.setFont(font)
    app.setStyleSheet(style_sheet(colors))
    return colors


def style_sheet(c: Colors) -> str:
    return f"""
    #NavList {{ background: {c.nav}; color: {c.nav_text}; border: none; padding-top: 8px;
               font-size: 11pt; outline: 0; }}
    #NavList::item {{ padding: 10px 18px; border-left: 3px solid transparent; }}
    #NavList::item:selected {{ background: rgba(255,255,255,0.08); color: #ffffff;
                              border-left: 3px solid {c.accent}; }}
    #NavList::item:hover:!selected {{ background: rgba(255,255,255,0.04); }}
    #Brand {{ background: {c.nav}; color: #ffffff; font-size: 16pt; font-weight: 600;
             padding: 18px 18px 6px 18px; }}
    #BrandTag {{ background: {c.nav}; color: {c.nav_text}; padding: 0 18px 12px 18px;
                font-size: 9pt; }}
    #ScreenTitle {{ font-size: 18pt; font-weight: 600; }}
    #Muted {{ color: {c.muted}; }}
    #SaveError {{ color: {c.bad}; background: {c.bad_bg}; border: 1px solid {c.bad};
        border-radius: 8px; padding: 8px 12px; }}
    #Card {{ background: {c.panel}; border: 1px solid {c.border}; border-radius: 10px; }}
    #CardValue {{ font-size: 24pt; font-weight: 600; }}
    #CardLabel {{ color: {c.muted}; }}
    QPushButton {{ padding: 6px 14px; border-radius: 6px; border: 1px solid {c.border};
                  background: {c.panel}; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:checked {{ border: 1px solid {c.accent}; background: {c.warn_bg};
                          color: {c.accent}; }}
    QPushButton#Primary {{ background: {c.accent}; color: {c.accent_text}; border: none;
                          font-weight: 600; padding: 10px 22px; font-size: 11pt; }}
    QPushButton#Primary:disabled {{ background: {c.border}; color: {c.muted}; }}
    QStatusBar {{ color: {c.muted}; }}
    #Stem {{ font-size: 13pt; }}
    #Statement {{ font-size: 12pt; padding-left: 12px; }}
    #QuestionLine {{ font-size: 12pt; font-style: italic; }}
    #Option {{ background: {c.panel}; border: 1px solid {c.border}; border-radius: 8px; }}
    #Option:hover {{ border-color: {c.accent}; }}
    #Option[state="selected"] {{ border: 2px solid {c.accent}; }}
    #Option[state="correct"] {{ border: 2px solid {c.good}; background: {c.good_bg}; }}
    #Option[state="key"] {{ border: 2px dashed {c.good}; }}
    #Option[state="wrong"] {{ border: 2px solid {c.bad}; background: {c.bad_bg}; }}
    #OptionBadge {{ color: {c.muted}; font-weight: 600; }}
    #Feedback {{ background: {c.panel}; border: 1px solid {c.border}; border-radius: 10px; }}
    #Verdict {{ font-size: 13pt; font-weight: 600; }}
    #Verdict[state="right"] {{ color: {c.good}; }}
    #Verdict[state="wrong"] {{ color: {c.bad}; }}
    QPushButton#RateButton {{ font-size: 10pt; }}
    QPushButton#RateButton[suggested="true"] {{ border: 2px solid {c.accent}; font-weight: 600; }}
    #SummaryText {{ font-size: 12pt; }}
    #SectionTitle {{ font-size: 14pt; font-weight: 600; }}
    #CardTitle {{ font-size: 11pt; font-weight: 600; }}
    #Banner {{ background: {c.warn_bg}; border: 1px solid {c.border}; border-radius: 8px; }}
    #Countdown {{ font-size: 16pt; font-weight: 600; font-family: monospace; }}
    #Countdown[low="true"] {{ color: {c.bad}; }}
    #WordCount[over="true"] {{ color: {c.bad}; font-weight: 600; }}
    #AnswerEditor {{ font-size: 12pt; padding: 8px; border: 1px solid {c.border};
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
    """
