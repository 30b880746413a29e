"""Public payment pages (stub: built next)."""

from nicegui import APIRouter

router = APIRouter()
