"""Response models of the vocabulary listing."""

from __future__ import annotations

from pydantic import BaseModel, Field

from lrc_api.core.schemas import CitationOut


class TermRead(BaseModel):
    """One code of an enumeration and the words people read for it."""

    code: str = Field(description="The code responses carry, e.g. `in_progress`.")
    zh: str = Field(
        description="Chinese name (the document's words where it has them), e.g. 办理中."
    )
    en: str = Field(description="Short English gloss.")
    citation: CitationOut | None = Field(
        description="The clause that defines this code, when more precise than the vocabulary's."
    )


class VocabularyRead(BaseModel):
    """An enumeration with all its codes."""

    id: str = Field(description="Vocabulary id, e.g. `case_status`, `coordinator_type`.")
    zh: str = Field(description="Chinese name, e.g. 案件状态.")
    en: str = Field(description="Short English gloss.")
    citation: CitationOut | None = Field(
        description="The document that defines the codes; null for the platform's own codes."
    )
    note: str | None = Field(description="Remarks, e.g. why no document is cited.")
    terms: list[TermRead] = Field(description="The codes, in the order forms list them.")


class VocabulariesRead(BaseModel):
    """Every vocabulary the service uses."""

    vocabularies: list[VocabularyRead] = Field(description="Each enumeration, by id.")
