"""Replaces or inserts one section of docs/benchmarks.md (the reversible
benchmarks' scripts share it)."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write_section(section, table, before="\n## GPU training steps against PyTorch"):
    """Puts `table` (which starts with the `section` heading) in place of
    that section, or, new, in front of the `before` heading (else last)."""
    path = os.path.join(ROOT, "docs", "benchmarks.md")
    text = open(path).read()
    if section in text:
        start = text.index(section)
        end = text.find("\n## ", start + 1)
        text = text[:start] + table + ("\n" + text[end + 1:] if end >= 0 else "")
    else:
        anchor = text.find(before)
        text = (text[:anchor + 1] + table + "\n" + text[anchor + 1:]
                if anchor >= 0 else text.rstrip("\n") + "\n\n" + table)
    open(path, "w").write(text)
