"""The cache index's schema and analyzers. Bump SCHEMA_VERSION on any change: the index is a
cache, so an old one is rebuilt (emptied) on start, with a logged warning."""

from __future__ import annotations

import tantivy

SCHEMA_VERSION = 3  # 2: holdings carry their record; 3: item flags, 880, online links
# Swedish text: lower case, diacritics folded (a query typed without å ä ö still matches),
# Snowball Swedish stems (genitive and plural forms).
SWEDISH = "sv_stem"
# Words for suggestions: lower case only, so "strindberg" is offered as the catalogue spells it.
WORDS = "sv_words"


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("target", stored=True, tokenizer_name="raw", fast=True)
    builder.add_text_field("work_id", stored=False, tokenizer_name="raw")
    for field in ("title", "author", "subject", "any"):
        builder.add_text_field(field, stored=False, tokenizer_name=SWEDISH)
    builder.add_text_field("words", stored=False, tokenizer_name=WORDS)
    builder.add_text_field("isbn", stored=False, tokenizer_name="raw")
    builder.add_integer_field("year", stored=False, indexed=True, fast=True)
    builder.add_integer_field("fetched", stored=True, indexed=True, fast=True)
    builder.add_bytes_field("record", stored=True)
    return builder.build()


def _analyzer(*filters: tantivy.Filter) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    for item in filters:
        builder = builder.filter(item)
    return builder.build()


SWEDISH_ANALYZER = _analyzer(
    tantivy.Filter.remove_long(60),
    tantivy.Filter.lowercase(),
    tantivy.Filter.ascii_fold(),
    tantivy.Filter.stemmer("swedish"),
)
WORDS_ANALYZER = _analyzer(tantivy.Filter.remove_long(40), tantivy.Filter.lowercase())


def register_tokenizers(index: tantivy.Index) -> None:
    """Tokenizers are not persisted with the index: register them on every open."""
    index.register_tokenizer(SWEDISH, SWEDISH_ANALYZER)
    index.register_tokenizer(WORDS, WORDS_ANALYZER)
