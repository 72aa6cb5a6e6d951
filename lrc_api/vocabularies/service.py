"""The vocabulary registry as response models (no database: the registry is code and pack data)."""

from __future__ import annotations

from lrc_api.core.errors import NotFound
from lrc_api.core.schemas import CitationOut
from lrc_api.core.vocabulary import Vocabulary, vocabularies
from lrc_api.vocabularies.schemas import TermRead, VocabularyRead


def _read(v: Vocabulary) -> VocabularyRead:
    return VocabularyRead(
        id=v.id,
        zh=v.zh,
        en=v.en,
        citation=CitationOut.of(v.citation) if v.citation else None,
        note=v.note,
        terms=[
            TermRead(
                code=t.code,
                zh=t.zh,
                en=t.en,
                citation=CitationOut.of(t.citation) if t.citation else None,
            )
            for t in v.terms
        ],
    )


def list_vocabularies() -> list[VocabularyRead]:
    """Every vocabulary, in the registry's order."""
    return [_read(v) for v in vocabularies().values()]


def get(*, vocabulary_id: str) -> VocabularyRead:
    """One vocabulary; 404 naming the known ids when there is none of that id."""
    found = vocabularies().get(vocabulary_id)
    if found is None:
        raise NotFound(f"no vocabulary {vocabulary_id!r}; known: {', '.join(vocabularies())}")
    return _read(found)
