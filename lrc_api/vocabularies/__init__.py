"""Vocabularies (词汇表): every code the service answers with, its Chinese name, gloss and source."""
