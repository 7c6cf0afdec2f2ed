"""Explore a procopius store in a browser: an HTTP API (FastAPI) and one page with a map, a
time histogram, filters, event cards, actor pages and document views, all served locally."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db_path: Any, read_only: bool = True) -> FastAPI:
    """The FastAPI application over the store at `db_path`; see `procopius.web.app`."""
    from procopius.web.app import create_app as make

    return make(db_path, read_only=read_only)


def serve(db_path: Any, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the API and the page with uvicorn until interrupted."""
    from procopius.web.app import serve as run

    run(db_path, host=host, port=port)


__all__ = ["create_app", "serve"]
