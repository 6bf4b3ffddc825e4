"""Setu: an offline study and quiz app on India–Japan relations for UPSC aspirants."""

__version__ = "0.1.0"
APP_NAME = "Setu"
