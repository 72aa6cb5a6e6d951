"""HTTP for the staffing rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
