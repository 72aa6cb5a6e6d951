"""The terms of every enumeration the service answers with: code, Chinese name, English gloss, source.

Data only (read through :mod:`lrc_api.core.vocabulary`), one module per part of the work:
:mod:`.people` (regions, coordinators, qualifications, enterprises, staffing, identifiers),
:mod:`.work` (activities, scores, obligations, pay), :mod:`.cases` (cases, deadlines, figures),
:mod:`.early_warning` and :mod:`.platform` (roles, citations, imports, webhooks).

A vocabulary cites the document that defines its terms; a term cites its own clause where that is
more precise. A vocabulary without a citation is the platform's own (no document defines those
codes) and says so in ``note``. The Chinese names are the documents' words where a document has
them (the ledger's 协调员类型 are the groups 汶政字〔2024〕59号 三(三) lists); exports print these
names, never the codes. Terms the rules engine names itself (how a case concluded, whether on
time, the KPI indicators) are taken from it, not copied. The modules are long because they are
data: one line per code, nothing else.
"""

from __future__ import annotations

from lrc_api.core.vocabulary_terms import cases, early_warning, people, platform, work
from lrc_api.core.vocabulary_terms.sources import SIZE_TABLE, Row, cite

RAW: list[Row] = [*people.RAW, *work.RAW, *cases.RAW, *early_warning.RAW, *platform.RAW]
"""Every vocabulary but the industries (those come from the national pack's size table)."""

__all__ = ["RAW", "SIZE_TABLE", "Row", "cite"]
