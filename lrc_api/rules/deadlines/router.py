"""HTTP for the deadlines rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
