"""Stage 4: the extractor components, one module each (see pipeline.document.extractor)."""
