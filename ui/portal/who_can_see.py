"""Placeholder: being built (issue 20)."""

from nicegui import APIRouter

router = APIRouter()
