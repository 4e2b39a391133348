"""An upload's bytes as text: the size cap first, then UTF-8 (no NULs, no UTF-16 byte-order marks)."""

from __future__ import annotations

from orgmodel.errors import InputError
from orgmodel.limits import MAX_UPLOAD_BYTES

__all__ = ["decode_upload"]


def decode_upload(data: bytes | str, what: str, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Check an upload's size and decode it as UTF-8 text, or raise `InputError`.

    The size is checked before anything is copied; text is checked for characters UTF-8
    cannot hold (lone surrogates), bytes for NULs, UTF-16/32 byte-order marks and bad UTF-8.
    """
    if isinstance(data, str):
        if len(data) > max_bytes:  # every character takes at least one byte
            raise InputError([f"the text is over {max_bytes:,} bytes; the limit is {max_bytes:,} bytes"], what)
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError as err:
            raise InputError(
                [f"the text holds a character UTF-8 cannot encode (position {err.start}); save it as UTF-8"], what
            ) from None
        if size > max_bytes:
            raise InputError([f"the text is {size:,} bytes; the limit is {max_bytes:,} bytes"], what)
        return data
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InputError([f"expected the file's bytes or text, got {type(data).__name__}"], what)
    size = len(data)
    if size > max_bytes:
        raise InputError([f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes"], what)
    data = bytes(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(["the file is UTF-16 or UTF-32 text; save it as UTF-8"], what)
    if b"\x00" in data:
        raise InputError(["the file is binary (it contains NUL bytes); expected UTF-8 text"], what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError([f"the file is not UTF-8 text (byte {err.start}); save it as UTF-8"], what) from None
