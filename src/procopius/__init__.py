"""procopius: read articles and news about armed conflict into actors, events and claims."""

__version__ = "0.1.0"
