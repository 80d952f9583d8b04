"""A package's public names, loaded on first use (PEP 562 module `__getattr__`).

A package `__init__` lists its public names and the module each lives in; importing one module of
the package (say `planner.simulation.defaults` for the command line's options) then does not load
the others and what they need (numpy, scipy, pandas, the benchmark catalogue).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` that finds `name` in `package.<exports[name]>`."""

    def __getattr__(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return __getattr__
