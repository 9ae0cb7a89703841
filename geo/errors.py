"""The exceptions of the package: one root, subclasses that also inherit the matching builtin.

Only the command line turns a :class:`GeoError` into ``Error: ...`` and an exit code; library code
raises them with a message that names the bad value, what was expected and how to fix it.
"""

from __future__ import annotations


class GeoError(Exception):
    """Root of every error this package raises on purpose."""

    code: str = ""  # the message's code in geo._messages, when it comes from there (for scripts)


class PlaceNotFound(GeoError, LookupError):
    """No administrative unit matches the place text."""


class AmbiguousPlace(GeoError, LookupError):
    """Several administrative units match the place text equally well."""


class InvalidRecord(GeoError, ValueError):
    """An activity record (or a field of one) is malformed."""


class InvalidDate(GeoError, ValueError):
    """A date is malformed or outside the period the data covers."""


class DataSourceError(GeoError, RuntimeError):
    """An installed data package is missing, unreadable or not what we expect."""


class AssetMissing(GeoError, RuntimeError):
    """A script, stylesheet or font needed to inline into the map is not installed."""


class RecordsFileError(GeoError, OSError):
    """An activity-records file cannot be read or written safely."""


class OutputFileError(GeoError, OSError):
    """An output file (a map, an export) cannot be written where it was asked for."""
