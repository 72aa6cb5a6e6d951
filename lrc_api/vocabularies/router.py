"""HTTP for the vocabularies: every code with its Chinese name, English gloss and citation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from lrc_api.core.errors import PROBLEM_RESPONSES
from lrc_api.vocabularies import service
from lrc_api.vocabularies.schemas import VocabulariesRead, VocabularyRead

router = APIRouter(prefix="/v1/vocabularies", tags=["vocabularies"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=VocabulariesRead, summary="Every code and its Chinese name (词汇表)")
def list_vocabularies() -> VocabulariesRead:
    """Each enumeration the service answers with (statuses, deadline keys, timeline kinds,
    coordinator types, identities, education, activity kinds, …): code, Chinese name, English
    gloss and the citation of the document that defines it."""
    return VocabulariesRead(vocabularies=service.list_vocabularies())


@router.get("/{vocabulary_id}", response_model=VocabularyRead, summary="One vocabulary")
def read_vocabulary(
    vocabulary_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=64,
            pattern=r"^[a-z_]+$",
            description="Vocabulary id, e.g. `case_status`.",
        ),
    ],
) -> VocabularyRead:
    """One enumeration with its codes; 404 for an unknown id (the message lists the known ones)."""
    return service.get(vocabulary_id=vocabulary_id)
