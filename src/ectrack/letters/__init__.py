"""The AB's letters and emails: statutory notices and the letters around them.

- ``fields``: every field a template can use, and each template's kind, recipient
  and the fields the law requires in it (the template check reads that list);
- ``defaults``: the plain templates ectrack ships, written as text and built into
  .docx files;
- ``facts``: one letter's field values, taken from an ECT's induction (pure);
- ``render``: checking an AB's template and filling one (docxtpl, sandboxed);
- ``drafts``: an unsent email (.eml) carrying a letter or a workbook.
"""
