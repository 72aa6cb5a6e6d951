"""HTTP for the obligations rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
