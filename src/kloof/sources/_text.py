"""Decoding a text file's bytes the way the files users have are written (private).

CBS exports are UTF-8 with a byte-order mark; a CSV re-saved by Excel on Windows is
Windows-1252 (``Súdwest-Fryslân`` as ``S\\xfadwest-Frysl\\xe2n``), and Excel's
*Unicode text* is UTF-16 with a byte-order mark. Reading the Windows-1252 bytes as
UTF-8 with replacement characters would store ``S�dwest-Frysl�n`` as a region name
without a word, so every CSV reader decodes through :func:`decode_text`: UTF-16 when the
file starts with its byte-order mark, else UTF-8, else Windows-1252, and says which
(the readers put a note in the import when it was not UTF-8). A UTF-8 file with one
damaged byte (an interrupted download) is refused rather than read as Windows-1252,
which would garble every accented name in it (``Ã«`` for ``ë``).

Examples
--------
>>> decode_text("f.csv", "Súdwest-Fryslân".encode("cp1252"))
('Súdwest-Fryslân', 'cp1252')
>>> decode_text("f.csv", b"\\xef\\xbb\\xbfa;b\\n")
('a;b\\n', 'utf-8')
"""

from __future__ import annotations

import codecs
import re

from kloof.errors import DataFormatError

__all__ = ["csv_delimiter", "decode_text", "encoding_note"]

#: A two-byte UTF-8 letter (U+00C0-U+017F: ë, â, ï, ł): in Windows-1252 text these byte
#: pairs spell ``Ã«``, which no Dutch name holds.
_UTF8_LETTER = re.compile(rb"[\xc3\xc4\xc5][\x80-\xbf]")


def decode_text(path: object, raw: bytes) -> tuple[str, str]:
    """The text of ``raw`` and the encoding it was read with (see the module).

    Raises
    ------
    DataFormatError
        When the file holds nothing but white space, or is neither UTF-16 (with a
        byte-order mark), UTF-8 nor Windows-1252 text.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DataFormatError(
                "the file starts as UTF-16 text but is not; it may be corrupt", path=path
            ) from None
    else:
        try:
            text, encoding = raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as bad:
            if _UTF8_LETTER.search(raw):  # UTF-8 letters (ë, â) and a broken byte
                raise DataFormatError(
                    "the file is UTF-8 text with a damaged byte at offset {n}; read as "
                    "Windows-1252 its names would be garbled (Ã«): download or export it again",
                    path=path,
                    n=bad.start,
                ) from None
            try:
                text, encoding = raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as exc:
                raise DataFormatError(
                    "the file is neither UTF-8 nor Windows-1252 text (bad byte at offset "
                    "{n}); it may be corrupt or not a CSV: download or export it again",
                    path=path,
                    n=exc.start,
                ) from None
    if not text.strip():
        raise DataFormatError("the file is empty; download or export it again", path=path)
    return text, encoding


def encoding_note(encoding: str) -> list[str]:
    """The import note for a file that was not UTF-8 (none when it was)."""
    return [] if encoding == "utf-8" else [f"read as {encoding} text (not UTF-8)"]


def csv_delimiter(first_line: str) -> str:
    """``;`` when a CSV's first line holds more semicolons than commas, else ``,``.

    Excel in a Dutch locale saves a CSV with ``;`` between fields (and decimal commas,
    which :func:`kloof.sources._values.to_numbers` reads); readers of a fixed layout
    accept both.
    """
    return ";" if first_line.count(";") > first_line.count(",") else ","
