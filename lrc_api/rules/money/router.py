"""HTTP for the money rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
