"""Activity maps for Vietnamese local news: gazetteer, geocoder, article reader, records, map.

``import geo`` stays light: heavy libraries (geopandas, folium, playwright) are imported inside
the functions that need them.
"""

from importlib.metadata import PackageNotFoundError, version

from geo.errors import (
    AmbiguousPlace,
    GeoError,
    InvalidDate,
    InvalidRecord,
    PlaceNotFound,
)

try:
    __version__ = version("vn-activity-map")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0+unknown"

__all__ = ["AmbiguousPlace", "GeoError", "InvalidDate", "InvalidRecord", "PlaceNotFound", "__version__"]
