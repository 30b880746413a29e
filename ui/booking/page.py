"""The public Bookings Page (stub: built next)."""

from nicegui import APIRouter

router = APIRouter()
