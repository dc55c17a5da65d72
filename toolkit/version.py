"""The tool's version, in a module of its own so any stage can stamp it without import cycles."""

__version__ = "0.1.0"
