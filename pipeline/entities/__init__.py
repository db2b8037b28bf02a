"""Stage 3: entities. One extractor per module, each a component with its spec:
provinces, organizations (grammar in :mod:`org_grammar`), officials (titles in
:mod:`titles`), numbered documents (:mod:`directives`), dates and the publication
dateline, bylines and headlines."""
