"""Every input format, from real small files, and every bad-input case: one row each, never a crash."""
from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.ingest import read_inputs
from pipeline.engine import run

SEED = "000_22c4afcade77e2f4"

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Thái Nguyên: Viện trợ phi chính phủ nước ngoài năm 2022 ước đạt 1,3 triệu USD - Báo Thái Nguyên</title>
<link rel="canonical" href="https://baothainguyen.vn/thai-nguyen-vien-tro-1-3-trieu-usd.html">
<meta property="article:published_time" content="2022-12-05T10:15:00+07:00">
</head><body>
<header><nav><a href="/">Trang chủ</a> | <a href="/thoi-su">Thời sự</a> | <a href="/kinh-te">Kinh tế</a> | <a href="/dang-nhap">Đăng nhập</a></nav></header>
<div class="share">Chia sẻ: Facebook Zalo Twitter</div>
<article><h1>Thái Nguyên: Viện trợ phi chính phủ nước ngoài năm 2022 ước đạt 1,3 triệu USD</h1>
<p>Sáng 5/12, Liên hiệp các tổ chức Hữu nghị tỉnh Thái Nguyên tổ chức Hội nghị công tác đối ngoại nhân dân và viện trợ phi chính phủ nước ngoài năm 2022.</p>
<p>Về viện trợ phi chính phủ nước ngoài, hiện nay, trên địa bàn tỉnh có 59 tổ chức phi chính phủ nước ngoài có giấy phép hoạt động còn hiệu lực. Các dự án phi chính phủ nước ngoài đang triển khai tại Thái Nguyên tập trung vào một số lĩnh vực: phát triển giáo dục, y tế, sức khỏe cộng đồng.</p>
<p>Giá trị giải ngân các dự án sử dụng nguồn viện trợ phi chính phủ nước ngoài năm 2022 ước đạt 1,3 triệu USD.</p>
</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Hà Giang: Hội nghị xúc tiến đầu tư</a></li><li><a href="/b">Bắc Kạn tăng cường hợp tác</a></li></ul></aside>
<footer>Bản quyền thuộc Báo Thái Nguyên. Địa chỉ: số 2 đường Thống Nhất. Điện thoại: 0208.3855.123</footer>
</body></html>"""


def articles_of(*paths):
    return list(read_inputs([str(p) for p in paths]))


def test_text_file_is_one_article(tmp_path, seed_texts):
    path = tmp_path / "a.txt"
    path.write_text(seed_texts[SEED], encoding="utf-8")
    [article] = articles_of(path)
    assert article.status == "ok" and article.encoding == "utf-8"
    assert "1,3 triệu USD" in article.text


def test_doc_id_is_stable_and_depends_on_source_and_content(tmp_path):
    (tmp_path / "a.txt").write_text("Tin tỉnh Sơn La", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tin tỉnh Sơn La", encoding="utf-8")
    first = [a.doc_id for a in articles_of(tmp_path)]
    again = [a.doc_id for a in articles_of(tmp_path)]
    assert first == again and len(set(first)) == 2


def test_html_main_text_without_navigation(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = articles_of(path)
    assert article.status == "ok"
    assert "59 tổ chức phi chính phủ nước ngoài" in article.text
    assert "Trang chủ" not in article.text and "Bản quyền" not in article.text
    assert article.url == "https://baothainguyen.vn/thai-nguyen-vien-tro-1-3-trieu-usd.html"
    assert article.published == "2022-12-05"
    assert article.title.startswith("Thái Nguyên: Viện trợ")


def test_jsonl_records_with_fields_and_errors(tmp_path):
    lines = [
        json.dumps({"url": "https://x.vn/1", "title": "Tin 1", "published": "2024-01-26", "content": "Chiều 26/1, tỉnh Trà Vinh họp."}, ensure_ascii=False),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"url": "https://x.vn/4"}),
        "",
        json.dumps({"body": "<html><body><article><p>" + "Tỉnh Sơn La tiếp nhận 6 dự án viện trợ. " * 5 + "</p></article></body></html>"}, ensure_ascii=False),
    ]
    path = tmp_path / "scrape.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = articles_of(path)
    assert [a.source.rsplit("#", 1)[1] for a in articles] == ["1", "2", "3", "4", "5"]
    assert [a.status for a in articles] == ["ok", "error", "error", "empty", "ok"]
    assert articles[0].published == "2024-01-26" and articles[0].url == "https://x.vn/1"
    assert "malformed JSON" in articles[1].error
    assert "not an object" in articles[2].error
    assert "Tỉnh Sơn La" in articles[4].text and "<p>" not in articles[4].text


def test_jsonl_text_field_override(tmp_path):
    from pipeline.ingest import ReadOptions

    path = tmp_path / "s.ndjson"
    path.write_text(json.dumps({"noi_dung": "Tỉnh Cà Mau", "text": "x"}, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = read_inputs([str(path)], ReadOptions(text_fields=("noi_dung",)))
    assert article.text == "Tỉnh Cà Mau"


def write_warc(path, pages):
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=str(path).endswith(".gz"))
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers)
            writer.write_record(record)
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.0\r\n\r\n"))
            writer.write_record(request)


@pytest.mark.parametrize("name", ["archive.warc", "archive.warc.gz"])
def test_warc_response_records_are_articles(tmp_path, name):
    path = tmp_path / name
    write_warc(path, [("https://baothainguyen.vn/a.html", PAGE), ("https://baothainguyen.vn/b.html", PAGE.replace("59 tổ chức", "60 tổ chức"))])
    articles = articles_of(path)
    assert [a.source for a in articles] == [f"{path}#1", f"{path}#2"]
    assert all(a.status == "ok" for a in articles)
    assert "60 tổ chức" in articles[1].text


def test_truncated_warc_gives_an_error_row(tmp_path):
    path = tmp_path / "cut.warc.gz"
    write_warc(path, [("https://x.vn/a", PAGE), ("https://x.vn/b", PAGE)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 900])  # inside the second page's body
    articles = articles_of(path)
    assert [a.status for a in articles] == ["ok", "error"]
    assert "truncated WARC record" in articles[1].error


@pytest.mark.parametrize("name", ["a.txt.gz", "a.html.gz", "a.jsonl.gz", "noextension"])
def test_gzip_inputs(tmp_path, name, seed_texts):
    text = seed_texts[SEED]
    content = {"a.txt.gz": text, "a.html.gz": PAGE, "a.jsonl.gz": json.dumps({"text": text}, ensure_ascii=False) + "\n",
               "noextension": text}[name]
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    [article] = articles_of(path)
    assert article.status == "ok" and "1,3 triệu USD" in article.text


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base vowels, tone marks as combining characters."""
    import unicodedata

    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tone = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            shape = "".join(m for m in marks if m not in tone)
            out.append((unicodedata.normalize("NFC", base + shape) + "".join(tone)).encode("cp1258"))
    return b"".join(out)


def test_windows_1258_and_utf16_are_decoded_and_named(tmp_path):
    (tmp_path / "a.txt").write_bytes(to_cp1258("Tỉnh Hòa Bình có 10 huyện"))
    (tmp_path / "b.txt").write_bytes("Tỉnh Hòa Bình".encode("utf-16"))
    a, b = articles_of(tmp_path)
    assert a.encoding == "windows-1258" and b.encoding == "utf-16"
    import pipeline

    assert pipeline.extract(a.text).tables()["provinces"]["name"].tolist() == ["Hòa Bình"]


@pytest.mark.parametrize("content,reason", [
    (b"", None),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (b"\x1f\x8b\x08\x00garbage-not-gzip", "gzip"),
])
def test_bad_files_become_rows(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    out = tmp_path / "out"
    run([str(path)], out, progress=False)
    articles = pd.read_csv(out / "articles.csv")
    assert len(articles) == 1
    if reason is None:
        assert articles.status[0] == "empty"
    else:
        assert articles.status[0] == "error" and reason in articles.error[0].lower()


def test_missing_input_and_unreadable_file_are_rows(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    secret.chmod(0)
    out = tmp_path / "out"
    run([str(tmp_path / "nope.txt"), str(secret)], out, progress=False)
    articles = pd.read_csv(out / "articles.csv")
    assert len(articles) == 2
    assert articles.status.tolist()[0] == "error"
    assert "cannot read" in articles.error[0]


def test_stdin_input(tmp_path, seed_texts):
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "run", "-", "-o", str(out), "--quiet"],
                   input=seed_texts[SEED].encode(), check=True)
    articles = pd.read_csv(out / "articles.csv")
    assert articles.status.tolist() == ["ok"] and articles.source.tolist() == ["-"]


def test_row_count_equals_input_articles(tmp_path, seed_texts):
    (tmp_path / "in").mkdir()
    for stem, text in seed_texts.items():
        (tmp_path / "in" / f"{stem}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text('{"text": "Tỉnh Sơn La"}\n{bad\n', encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("Lượt xem: 10894\n", encoding="utf-8")
    out = tmp_path / "out"
    run([str(tmp_path / "in")], out, progress=False)
    articles = pd.read_csv(out / "articles.csv")
    assert len(articles) == 5 + 2 + 1
    assert sorted(articles.status.value_counts().items()) == [("empty", 1), ("error", 1), ("ok", 6)]


@pytest.mark.parametrize("given,iso", [
    ("2024-01-26T08:00:00+07:00", "2024-01-26"), ("26/01/2024 08:30", "2024-01-26"), ("02:04, 01/04/2021", "2021-04-01"),
    ("Thứ Hai, 04-12-2017", "2017-12-04"), ("hôm qua", None), ("31/13/2024", None), (None, None),
])
def test_published_metadata_becomes_iso(given, iso):
    from pipeline.ingest import iso_date

    assert iso_date(given) == iso
