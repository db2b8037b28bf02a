"""Plain-text articles, and byte decoding for every reader.

Decoding order: UTF-8 (with or without BOM), UTF-16 with BOM, the legacy font
encodings TCVN3 and VNI when the bytes plainly are one (:mod:`pipeline.text.legacy`), then
Windows-1258 (the legacy Vietnamese Windows code page); the encoding used is recorded.
Bytes that are clearly not text (NUL bytes, many control characters) are refused, and so
are bytes that no legacy reading makes Vietnamese (Chinese in GBK or Big5, Russian in
Windows-1251: :func:`pipeline.text.language.looks_vietnamese`) rather than garbled.

    >>> decode("Hòa Bình".encode("cp1258"))
    ('Hòa Bình', 'windows-1258')
"""
from __future__ import annotations

import codecs

from pipeline.text import legacy
from pipeline.text.language import looks_vietnamese
from pipeline.ingest.article import Article, failed


class NotText(ValueError):
    """The bytes are binary, or decode as no supported encoding."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 100)


def _windows_1252(data: bytes) -> str:
    """The bytes as a Western code page shows them (how legacy-font text was stored:
    letters in 0xA0-0xFF, quotes and dashes in 0x80-0x9F)."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:   # one of its five unassigned bytes
        return data.decode("latin-1")


def decode(data: bytes) -> tuple[str, str]:
    """``bytes -> (text, encoding name)``, or :class:`NotText`."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise NotText(f"bad UTF-16: {error.reason} at byte {error.start}") from None
    if _looks_binary(data):
        raise NotText("binary content (NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = _windows_1252(data)
    font = legacy.detect(western)
    if font:
        converted = legacy.convert(western, font).text
        if looks_vietnamese(converted):
            return converted, font
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as error:
        raise NotText(
            f"not UTF-8, UTF-16 or Windows-1258 (byte 0x{data[error.start]:02x} at {error.start})"
        ) from None
    if not looks_vietnamese(text):
        raise NotText("not UTF-8, and read as TCVN3, VNI or Windows-1258 it is not Vietnamese "
                      "(another language or code page: GBK, Big5, Windows-1251, ...)")
    return text, "windows-1258"


def read_text(data: bytes, source: str) -> Article:
    """One ``.txt`` article from its bytes."""
    try:
        text, encoding = decode(data)
    except NotText as error:
        return failed(source, str(error))
    return Article(source=source, text=text, encoding=encoding)
