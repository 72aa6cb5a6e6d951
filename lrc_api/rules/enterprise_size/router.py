"""HTTP for the enterprise_size rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
