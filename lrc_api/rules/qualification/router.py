"""HTTP for the qualification rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
