"""Exceptions raised by the extractor.

Every error the package raises on purpose derives from :class:`ExtractorError`, so a
caller can catch one class. Batch entry points never let these escape for a single bad
record: they turn them into an ``articles`` row with ``status == "error"``.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Root of every error raised by the extractor."""


class ResourceError(ExtractorError):
    """A language-data file is malformed.

    The message names the file and the offending entry, for example
    ``authorities.yaml: entry 'Chủ tịch nước': unknown key 'levle' (allowed: ...)``.
    """


class InputError(ExtractorError):
    """A record could not be read: not JSON, no text, undecodable bytes...

    ``record_id`` is the id of the record when it is known, else its position
    (``"<file>:<line>"``).
    """

    def __init__(self, record_id: str, reason: str) -> None:
        super().__init__(f"{record_id}: {reason}")
        self.record_id = record_id
        self.reason = reason


class DecodeError(ExtractorError):
    """Bytes that are not text in any supported encoding.

    Raised by :func:`extractor.encodings_vi.decode_bytes` for binary data (NUL or other
    control bytes, an invalid sequence after a byte order mark) and for bytes that no
    supported encoding turns into Vietnamese or plain Latin text. ``reason`` says which, for
    example ``"binary data: 412 NUL bytes at both even and odd positions"``. A reader that
    knows the record wraps it: ``InputError(record_id, f"undecodable bytes: {exc.reason}")``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
