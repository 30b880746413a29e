"""The Requests page (stub: built next)."""

from nicegui import APIRouter

router = APIRouter()
