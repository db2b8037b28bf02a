"""Stage 4: numeric facts. Figures (:mod:`figures`, on :mod:`pipeline.rules.numbers`)
read as money, counts, percents and ratios, then :mod:`attribution` gives each its
subject (:mod:`subjects`), period (:mod:`periods`) and metric (:mod:`metrics`)."""
