"""kg: a knowledge-graph builder for geopolitical news.

from kg import api
built = api.build(["article.txt"], out_dir="output")
"""

from __future__ import annotations

import importlib.metadata

try:
    __version__ = importlib.metadata.version("kg")
except importlib.metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0+unknown"

__all__ = ["__version__"]
