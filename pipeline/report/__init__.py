"""The HTML report of an output folder: ``tintrich report OUTDIR`` -> ``OUTDIR/report.html``.

    >>> from pipeline.report import build_report, ReportSettings
    >>> build_report("out/", ReportSettings(per_page=50, max_articles=1000))
    PosixPath('out/report.html')

Modules: ``read`` (chunked tables, texts), ``stats`` (top tables, money sums),
``charts`` (matplotlib SVG), ``highlight`` (displaCy spans), ``page`` (Jinja2 templates), ``build``.
"""
from pipeline.report.build import ReportSettings, build_report

__all__ = ["ReportSettings", "build_report"]
