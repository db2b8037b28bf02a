"""Corpus-wide counts built chunk by chunk, in memory bounded by the number of distinct keys.

    >>> provinces = TopCounter(["name"])
    >>> for chunk in read_chunks(path, ["doc_id", "name"], 50_000):
    ...     provinces.update(chunk)
    >>> provinces.top(1)
    [{'key': ('Thái Nguyên',), 'mentions': 12, 'articles': 3, 'detail': None}]
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from pipeline.output.aggregate import (CHANGE, FLAGGED, RATE, REPEATED, UNKNOWN_PERIOD, UNKNOWN_SUBJECT, UNKNOWN_UNIT,
                                       UNKNOWN_VALUE, blank, exclusions, figure_keys, repeated)

#: a period that is one calendar year: "2022", "2022-12", "2022-12-05", "2022-Q4", "2022-H1"
ONE_YEAR = re.compile(r"^(\d{4})(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|H[12]))?$")

#: why a money row is left out of every chart, in the order they are checked
EXCLUDED = (UNKNOWN_VALUE, CHANGE, RATE, FLAGGED, UNKNOWN_SUBJECT, UNKNOWN_PERIOD, REPEATED)
#: why a row that is in the metric chart is left out of the subject-by-year chart
NOT_ONE_YEAR = "period is not one year"
NOT_A_PROVINCE = "subject is not a province (the country, several provinces, a place abroad or a body)"


class TopCounter:
    """Mentions (rows) and articles (distinct doc_id) per key of one span table.

    The writer puts one article's rows next to each other; an article whose rows
    are split over two chunks is still counted once, because the last article of
    the previous chunk is remembered. ``detail`` is a column whose most frequent
    value per key is reported (an official's title, a document's issuer).
    """

    def __init__(self, key: list[str], detail: str | None = None):
        self.key, self.detail = key, detail
        self.mentions: Counter = Counter()
        self.articles: Counter = Counter()
        self.details: Counter = Counter()
        self._last_doc = None
        self._last_keys: set = set()

    def update(self, chunk: pd.DataFrame) -> None:
        rows = chunk.dropna(subset=self.key)
        if rows.empty:
            return
        keys = list(zip(*(rows[column] for column in self.key)))
        self.mentions.update(keys)
        if self.detail:
            self.details.update((key, d) for key, d in zip(keys, rows[self.detail]) if d is not None)
        pairs = dict.fromkeys(zip(rows["doc_id"], keys))
        for doc_id, key in pairs:
            if not (doc_id == self._last_doc and key in self._last_keys):
                self.articles[key] += 1
        last = rows["doc_id"].iloc[-1]
        tail = {key for doc_id, key in pairs if doc_id == last}
        self._last_keys = tail | self._last_keys if last == self._last_doc else tail
        self._last_doc = last

    def top(self, n: int) -> list[dict]:
        """The ``n`` keys with most mentions (ties: more articles, then alphabetical)."""
        ranked = sorted(self.mentions.items(), key=lambda item: (-item[1], -self.articles[item[0]], item[0]))[:n]
        best: dict = {}
        for (key, detail), count in self.details.items():
            if key in best and best[key][1] >= count:
                continue
            best[key] = (detail, count)
        return [{"key": key, "mentions": mentions, "articles": self.articles[key],
                 "detail": best.get(key, (None, 0))[0]} for key, mentions in ranked]


class MoneyTotals:
    """Sums of money facts (``kind == "money"``) per currency, by subject and year and by metric.

    A row is summed only when its value, currency (``unit``), ``subject`` and
    ``period`` are known, and it is an amount (the rule of :mod:`pipeline.output.aggregate`): not a change ("tăng 4,9 triệu USD",
    ``change`` set) nor a rate ("1,2 triệu USD/năm", ``per`` set). The same amount
    stated twice in one article (same value, currency, subject and period: a
    headline and its body) is summed once, preferring the row that has a metric.
    The subject-by-year sums also need a period that is one calendar year
    (``2022``, ``2022-12``, ``2022-Q4``). Every row left out is counted under its
    reason, so a chart can say what it does not show. ``value`` is summed (for a
    range "từ 2 đến 3 tỷ đồng", its low end).
    """

    def __init__(self):
        self.by_subject_year: dict = defaultdict(lambda: [0.0, 0])   # (unit, subject, year) -> [sum, rows]
        self.by_metric: dict = defaultdict(lambda: [0.0, 0])         # (unit, metric) -> [sum, rows]
        self.counts: dict[str, Counter] = defaultdict(Counter)       # unit -> {"rows", reason...: n}
        self.unknown_unit = Counter()                                # reason -> rows without a currency
        self._last_doc = None                                        # amounts of the previous chunk's last article
        self._last_amounts: set = set()

    def update(self, chunk: pd.DataFrame) -> None:
        money = chunk[chunk["kind"].fillna("").str.lower() == "money"]
        if money.empty:
            return
        unit = money["unit"].fillna("")
        reason = exclusions(money)
        reason[self._repeats(money, reason)] = REPEATED
        self.unknown_unit.update(reason[unit == ""].fillna(UNKNOWN_UNIT))
        known_unit = unit != ""
        for (currency, why), n in pd.DataFrame({"unit": unit[known_unit], "why": reason[known_unit].fillna("")}) \
                .value_counts().items():
            self.counts[currency]["rows"] += n
            if why:
                self.counts[currency][why] += n
        summed = money[reason.isna()]
        metric = summed["metric"].where(~blank(summed["metric"]), "(no metric)")
        for key, (total, n) in summed.groupby([summed["unit"], metric])["value"].agg(["sum", "count"]).iterrows():
            self.by_metric[key][0] += total
            self.by_metric[key][1] += n
        year = summed["period"].str.strip().str.extract(ONE_YEAR, expand=False)
        for currency, n in summed.loc[year.isna(), "unit"].value_counts().items():
            self.counts[currency][NOT_ONE_YEAR] += n
        # the chart is of provinces: the country, places abroad, several provinces and bodies are not one
        province = summed["subject_scope"].fillna("") == "province" if "subject_scope" in summed else True
        for currency, n in summed.loc[year.notna() & ~province, "unit"].value_counts().items():
            self.counts[currency][NOT_A_PROVINCE] += n
        yearly = summed[year.notna() & province]
        grouped = yearly.groupby([yearly["unit"], yearly["subject"].str.strip(), year[year.notna()]])["value"]
        for key, (total, n) in grouped.agg(["sum", "count"]).iterrows():
            self.by_subject_year[key][0] += total
            self.by_subject_year[key][1] += n

    def _repeats(self, money: pd.DataFrame, reason: pd.Series) -> pd.Series:
        """Rows that repeat an amount already summed for the same article, in this chunk
        (:func:`pipeline.output.aggregate.repeated`) or at the end of the previous one."""
        candidates = money[reason.isna()]
        is_repeat = repeated(candidates) if len(candidates) else pd.Series(dtype=bool)
        keys = list(figure_keys(candidates).itertuples(index=False, name=None))
        seen_before = [key[0] == self._last_doc and key in self._last_amounts for key in keys]
        is_repeat = is_repeat | pd.Series(seen_before, index=candidates.index, dtype=bool)
        if keys:
            last = keys[-1][0]
            tail = {key for key in keys if key[0] == last}
            self._last_amounts = tail | self._last_amounts if last == self._last_doc else tail
            self._last_doc = last
        return is_repeat.reindex(money.index, fill_value=False)

    def currencies(self) -> list[str]:
        """Currencies that have summed rows, most rows first."""
        summed = Counter()
        for (currency, _), (_, n) in self.by_metric.items():
            summed[currency] += n
        return [currency for currency, _ in summed.most_common()]



#: the kinds of organizations.csv that give aid from abroad (a researcher's "donors")
DONOR_KINDS = ("foreign_ngo", "bilateral_donor", "multilateral")
#: columns of facts.csv that name an amount's donor, once the attribution issue adds them:
#: ``donor_id`` (org_ids, "; "-separated) is joined on ``organizations.org_id``; else ``donor``
#: (names, "; "-separated) is joined on the donor's most frequent name
DONOR_COLUMNS = ("donor_id", "donor")


class DonorCounter:
    """Foreign NGOs and donors (organizations.csv rows of a :data:`DONOR_KINDS` kind) by
    ``org_id``: articles and mentions, the name most often written, kind and country; and,
    when facts.csv has a :data:`DONOR_COLUMNS` column, the money attributed to each.

    >>> donors = DonorCounter()
    >>> donors.update(organizations_chunk); donors.update_money(facts_chunk)
    >>> donors.top(20)[0]["articles"]
    """

    def __init__(self):
        self.counter = TopCounter(["org_id"], "name")
        self.described: dict[str, tuple] = {}                     # org_id -> (kind, country)
        self.money: dict = defaultdict(lambda: [0.0, 0])          # (org_id or name, currency) -> [sum, rows]
        self.money_column: str | None = None

    def update(self, chunk: pd.DataFrame) -> None:
        if "kind" not in chunk or "org_id" not in chunk:
            return
        donors = chunk[chunk["kind"].isin(DONOR_KINDS)]
        if donors.empty:
            return
        self.counter.update(donors)
        for org_id, kind, country in zip(donors["org_id"], donors["kind"], donors["country"]):
            self.described.setdefault(org_id, (kind, country))

    def update_money(self, facts: pd.DataFrame) -> None:
        """Money per donor and currency (the hook for ``facts.donor``; nothing until it exists)."""
        column = next((c for c in DONOR_COLUMNS if c in facts and facts[c].notna().any()), None)
        if column is None:
            return
        self.money_column = column
        money = facts[(facts["kind"].fillna("").str.lower() == "money") & facts[column].notna()
                      & exclusions(facts).isna()]
        for donors, currency, value in zip(money[column], money["unit"], money["value"]):
            names = [d.strip() for d in str(donors).split(";") if d.strip()]
            for name in names:   # an amount of several donors is counted whole for each, and said so
                self.money[(name, currency)][0] += float(value)
                self.money[(name, currency)][1] += 1

    def top(self, n: int) -> list[dict]:
        """The ``n`` donors named in most articles (ties: more mentions), with their money if known."""
        ranked = sorted(self.counter.mentions, key=lambda key: (-self.counter.articles[key], -self.counter.mentions[key], key))
        names = {entry["key"]: entry["detail"] for entry in self.counter.top(len(self.counter.mentions))}
        rows = []
        for key in ranked[:n]:
            org_id, name = key[0], names.get(key)
            kind, country = self.described.get(org_id, (None, None))
            joined = org_id if self.money_column == "donor_id" else name
            money = {currency: total for (donor, currency), (total, _) in self.money.items() if donor == joined}
            rows.append({"org_id": org_id, "name": name, "kind": kind, "country": country,
                         "articles": self.counter.articles[key], "mentions": self.counter.mentions[key], "money": money})
        return rows
