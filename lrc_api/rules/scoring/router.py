"""HTTP for the scoring rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
