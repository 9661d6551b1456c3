"""Cross-agency duplicate detection: transliteration-aware, optionally privacy-preserving.

The engine (everything here except ``apps``, ``management``, and the Django layer's models,
services and selectors) imports nothing from Django.  Public entry points:

* :func:`putokaz.matching.engine.dedupe`, :func:`putokaz.matching.engine.link` and
  :func:`putokaz.matching.engine.explain_pair` on :class:`putokaz.matching.records.Record`;
* :func:`putokaz.matching.encoded.encode_records`, :func:`putokaz.matching.encoded.dice`,
  :func:`putokaz.matching.encoded.encoded_dedupe`, :func:`putokaz.matching.encoded.encoded_link`;
* :func:`putokaz.matching.normalise.normalise_name`, :func:`putokaz.matching.dates.parse_date`,
  :func:`putokaz.matching.dates.compare_dates`;
* :func:`putokaz.matching.cli.main` (``putokaz link``) and
  :func:`putokaz.matching.synthetic.demo_people`.

See docs/matching.md.
"""
