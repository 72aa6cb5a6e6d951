"""HTTP for the kpi rules (placeholder until the topic lands)."""

from fastapi import APIRouter

router = APIRouter()
