"""Setu's Qt (PySide6) user interface. Widgets stay thin: they call `studyapp.core`."""
