"""Plain text: any of the encodings in `encodings.py`, one block per line."""
from __future__ import annotations

from pipeline.ingest.encodings import decode_text
from pipeline.models import Block, RawDocument


def text_blocks(text: str) -> tuple[Block, ...]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return tuple(Block(text=line) for line in lines)


def read_text(data: bytes) -> RawDocument:
    text, encoding = decode_text(data)
    return RawDocument(format="txt", blocks=text_blocks(text), reader="text", encoding=encoding)
