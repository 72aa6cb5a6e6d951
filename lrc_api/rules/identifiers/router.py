"""HTTP for the identifiers rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
