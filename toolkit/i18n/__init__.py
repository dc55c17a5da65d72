"""Translations: clause-level segments of the English sources, and their catalogs per language.

English is the source of truth. A template marks each translatable clause with
`{% seg "id" %}...{% endseg %}` (`segments`); each folder keeps one gettext catalog per language in
`locales/<lang>.po` (`catalog`), whose entries record the hash of the English they were made from
and their review status, so a changed English clause makes its translation stale (`status`).
Rendering substitutes the translation of each segment (`runtime`); `report` counts what a language
still needs; `exchange` exports and imports catalogs for translators, as PO or XLIFF.
"""
