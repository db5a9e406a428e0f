"""The review page of a wave: one self-contained HTML file (styles and script inline, nothing
fetched) with the file list, each file's diff coloured by Pygments, every finding at its line with
a checkbox the browser remembers (localStorage), the acceptance checks and the sqlcheck table.

The page is built from `review_template.html` (beside this module); this module only computes the
rows and escapes every piece of repository text.
"""
from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from html import escape
from pathlib import Path
from string import Template

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound

from wavemod.engine.output.diffs import line_counts
from wavemod.engine.core.types import FileChange, Finding, WaveResult

TEMPLATE = Path(__file__).with_name("review_template.html")
CONTEXT = 3  # unchanged lines shown around a change, as in the unified diff
FINDING_CONTEXT = 2  # lines shown around a finding outside the changed lines


@dataclass(frozen=True)
class Row:
    """One line of the file view: kind is ctx | del | add; numbers are 1-based, None on the other side."""

    kind: str
    old: int | None
    new: int | None
    html: str


def finding_key(finding: Finding) -> str:
    """A stable id for a finding's tick: the same finding in a regenerated page keeps its tick."""
    text = f"{finding.path}\0{finding.line}\0{finding.rule}\0{finding.message}"
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _lines(data: bytes) -> list[str]:
    """Lines as git counts them (split at \\n only; a \\r before it is part of the ending)."""
    lines = data.decode("utf-8", "replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def _highlighted(path: str, data: bytes) -> list[str]:
    """The file's lines as HTML, coloured by Pygments (whole file at once, so strings and comments
    spanning lines are right); plain escaped lines when the lexer's lines do not match up."""
    text = data.decode("utf-8", "replace")
    lines = _lines(data)
    try:
        lexer = get_lexer_for_filename(path, stripnl=False, ensurenl=True)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False, ensurenl=True)
    out = highlight(text, lexer, HtmlFormatter(nowrap=True)).split("\n")
    if out and out[-1] == "":
        out.pop()
    return out if len(out) == len(lines) else [escape(line) for line in lines]


def rows(change: FileChange) -> list[Row]:
    """Every line of the file, old and new aligned: unchanged, removed and added lines."""
    old_lines, new_lines = _lines(change.before), _lines(change.after)
    old_html, new_html = _highlighted(change.path, change.before), _highlighted(change.path, change.after)
    out: list[Row] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [Row("ctx", i + 1, j + 1, new_html[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        out += [Row("del", i + 1, None, old_html[i]) for i in range(i1, i2)]
        out += [Row("add", None, j + 1, new_html[j]) for j in range(j1, j2)]
    return out


def shown(all_rows: list[Row], finding_lines: set[int]) -> list[bool]:
    """Which rows the page shows: changes with CONTEXT lines around them, and the lines around each
    finding; the rest fold into a "N unchanged lines" marker."""
    keep = [False] * len(all_rows)
    for index, row in enumerate(all_rows):
        around = CONTEXT if row.kind != "ctx" else FINDING_CONTEXT if row.new in finding_lines else -1
        if around >= 0:
            for k in range(max(0, index - around), min(len(all_rows), index + around + 1)):
                keep[k] = True
    return keep


def _finding_html(finding: Finding, checkbox: bool = True) -> str:
    box = f'<input type="checkbox" class="tick" data-key="{finding_key(finding)}"> ' if checkbox else ""
    return (
        f'<label>{box}<span class="rule">{escape(finding.rule)}</span> <span class="kind">{escape(finding.kind)}</span> '
        f'<span class="where">line {finding.line}</span> {escape(finding.message)}</label>'
    )


def _file_section(index: int, change: FileChange, numbers: dict[Finding, int]) -> str:
    all_rows = rows(change)
    by_line: dict[int, list[Finding]] = {}
    for finding in change.findings:
        by_line.setdefault(finding.line, []).append(finding)
    keep = shown(all_rows, set(by_line))
    body: list[str] = []
    placed: set[Finding] = set()
    skipped = 0
    for row, visible in zip(all_rows, keep):
        if not visible:
            skipped += 1
            continue
        if skipped:
            body.append(f'<tr class="gap"><td colspan="3">⋯ {skipped} unchanged line{"s" if skipped > 1 else ""}</td></tr>')
            skipped = 0
        old = "" if row.old is None else str(row.old)
        new = "" if row.new is None else str(row.new)
        body.append(f'<tr class="{row.kind}"><td class="num">{old}</td><td class="num">{new}</td><td class="code">{row.html}</td></tr>')
        if row.new is not None and row.kind != "del":
            for finding in by_line.get(row.new, []):
                placed.add(finding)
                body.append(f'<tr class="finding" id="finding-{numbers[finding]}"><td colspan="3">{_finding_html(finding)}</td></tr>')
    if skipped:
        body.append(f'<tr class="gap"><td colspan="3">⋯ {skipped} unchanged line{"s" if skipped > 1 else ""}</td></tr>')
    # A finding whose line is past the end of the file (a parse error at EOF) still gets its row.
    for finding in change.findings:
        if finding not in placed:
            body.append(f'<tr class="finding" id="finding-{numbers[finding]}"><td colspan="3">{_finding_html(finding)}</td></tr>')
    added, removed = line_counts(change) if change.changed else (0, 0)
    outside = '' if change.in_wave else ' <span class="outside">outside the wave: async propagation</span>'
    return (
        f'<section class="file" id="file-{index}" data-path="{escape(change.path)}">\n'
        f'<details open><summary><span class="path">{escape(change.path)}</span>{outside} '
        f'<span class="added">+{added}</span> <span class="removed">-{removed}</span> '
        f'<span class="nfind">{len(change.findings)} finding{"" if len(change.findings) == 1 else "s"}</span></summary>\n'
        f'<table class="diff">\n' + "\n".join(body) + "\n</table></details></section>"
    )


def _file_list(files: list[FileChange]) -> str:
    items = []
    for index, change in enumerate(files):
        added, removed = line_counts(change) if change.changed else (0, 0)
        keys = " ".join(finding_key(f) for f in change.findings)
        items.append(
            f'<tr><td><a href="#file-{index}">{escape(change.path)}</a>{"" if change.in_wave else " <span class=outside>outside</span>"}</td>'
            f'<td class="added">+{added}</td><td class="removed">-{removed}</td>'
            f'<td class="findcount" data-keys="{keys}">{len(change.findings)}</td></tr>'
        )
    return '<table class="files"><tr><th>file</th><th>added</th><th>removed</th><th>findings (ticked)</th></tr>\n' + "\n".join(items) + "</table>"


def _checks(result: WaveResult) -> str:
    if not result.checks:
        return "<p>This wave declares no acceptance checks.</p>"
    items = []
    for check in result.checks:
        offenders = "".join(f"<li><code>{escape(o)}</code></li>" for o in check.offenders)
        verdict = '<span class="pass">pass</span>' if check.passed else f'<span class="fail">fail ({len(check.offenders)})</span>'
        items.append(f"<li>{verdict} {escape(check.description)}{f'<ul>{offenders}</ul>' if offenders else ''}</li>")
    return '<ul class="checks">' + "".join(items) + "</ul>"


def _sqlcheck(report: object) -> str:
    """The sqlcheck counts and one row per query (engine.postgres.sqlcheck.SqlCheckReport)."""
    if report is None:
        return ""
    counts = "".join(f"<tr><td>{escape(status)}</td><td>{n}</td></tr>" for status, n in report.counts().items())  # type: ignore[attr-defined]
    queries = "".join(
        f'<tr class="sq-{escape(c.status)}"><td><code>{escape(c.path)}:{c.line}</code></td><td>{escape(c.status)}</td>'
        f"<td><pre>{escape(c.sql.strip())}</pre></td><td>{escape(c.message)}</td></tr>"
        for c in report.checks  # type: ignore[attr-defined]
    )
    return (
        '<section id="sqlcheck"><h2>SQL on PostgreSQL (sqlcheck)</h2>'
        f'<table class="sqlcounts"><tr><th>status</th><th>queries</th></tr>{counts}</table>'
        f'<table class="sqlcheck"><tr><th>where</th><th>status</th><th>query</th><th>message</th></tr>{queries}</table></section>'
    )


def review_page(result: WaveResult, title: str = "", branch: str = "", base: str = "") -> str:
    """The review page of `result` as one HTML document."""
    files = [c for c in result.changes if c.changed or c.findings]
    findings = [f for c in files for f in sorted(c.findings, key=Finding.sort_key)]
    numbers = {f: i for i, f in enumerate(findings)}
    sections = "\n".join(_file_section(i, change, numbers) for i, change in enumerate(files))
    listed = "".join(
        f'<li data-key="{finding_key(f)}"><a href="#finding-{numbers[f]}"><code>{escape(f.path)}:{f.line}</code></a> {_finding_html(f, checkbox=False)}</li>' for f in findings
    )
    stacking = f"branch <code>{escape(branch)}</code> on <code>{escape(base)}</code>" if branch else ""
    fields = {
        "title": escape(f"{result.wave_id}: {title}" if title else result.wave_id),
        "wave": escape(result.wave_id),
        "stacking": stacking,
        "pygments_css": HtmlFormatter().get_style_defs(".code"),
        "nfiles": str(len(result.changed)),
        "outside": str(sum(1 for c in result.changed if not c.in_wave)),
        "nfindings": str(len(findings)),
        "file_list": _file_list(files),
        "findings": f'<ol class="findings">{listed}</ol>' if findings else "<p>None.</p>",
        "checks": _checks(result),
        "sqlcheck": _sqlcheck(result.sqlcheck),
        "files": sections,
    }
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(fields)


def write_review(path: Path, result: WaveResult, title: str = "", branch: str = "", base: str = "") -> Path:
    """Write the review page to `path` (parents created) and return its absolute path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(review_page(result, title, branch, base), encoding="utf-8")
    return path.resolve()
