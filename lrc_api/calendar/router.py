"""HTTP for calendar (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
