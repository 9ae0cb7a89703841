"""Activity maps for Vietnamese local news: gazetteer, geocoder, article reader, records, map.

``import geo`` stays light: heavy libraries (geopandas, folium, playwright) are imported inside
the functions that need them.
"""

from geo.errors import (
    AmbiguousPlace,
    GeoError,
    InvalidDate,
    InvalidRecord,
    PlaceNotFound,
)


def __getattr__(name: str) -> str:
    """``geo.__version__``, looked up when asked (``importlib.metadata`` is slow to import)."""
    if name != "__version__":
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vn-activity-map")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "0+unknown"


__all__ = ["AmbiguousPlace", "GeoError", "InvalidDate", "InvalidRecord", "PlaceNotFound", "__version__"]
