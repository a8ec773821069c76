"""Where the register import keeps the checked rows between its two passes.

The rows must outlive the first pass (nothing is written until every row is checked) but a
national register does not fit in memory, and it holds names, e-mail addresses and birth dates
in clear. So: an anonymous temporary file (no name; gone when closed or when the process dies),
each chunk sealed with AES-GCM under a key made for this import and held only in this object.
What is left on disk after a crash cannot be read, and a modified chunk fails to open.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from types import TracebackType

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_LENGTH = 8


class Spool:
    def __init__(self) -> None:
        self._cipher = AESGCM(AESGCM.generate_key(bit_length=256))
        self._prefix = os.urandom(4)
        self._file = tempfile.TemporaryFile(prefix="kiosk-import-")  # noqa: SIM115 - closed in close()
        self._count = 0

    def _nonce(self, index: int) -> bytes:
        # One key per spool, one counter per chunk: a nonce never repeats under a key.
        return self._prefix + index.to_bytes(8, "big")

    def append(self, text: str) -> None:
        sealed = self._cipher.encrypt(self._nonce(self._count), text.encode("utf-8"), None)
        self._file.write(len(sealed).to_bytes(_LENGTH, "big") + sealed)
        self._count += 1

    def __iter__(self) -> Iterator[str]:
        """The chunks in the order they were appended."""
        self._file.flush()
        self._file.seek(0)
        for index in range(self._count):
            size = int.from_bytes(self._file.read(_LENGTH), "big")
            sealed = self._file.read(size)
            yield self._cipher.decrypt(self._nonce(index), sealed, None).decode("utf-8")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
