"""Problems found in the records, and how they are told to the user.

A township clerk fixes records in Notepad, so every problem must say *where* (file, line,
column, field) and *what to write instead*, in the interface language. Problems are
collected, never raised one by one: a run shows all of them together.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .i18n import CHECK_WORDS, MESSAGES, message

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    code: str
    params: tuple = field(default=(), compare=False)
    severity: str = ERROR

    def text(self, lang: str) -> tuple[str, str]:
        """(message, fix) in the language asked for.

        Two conventions keep codes stable while messages get sharper: a `variant` param
        picks the message `<code>.<variant>` when i18n has one (a Chinese numeral is still
        a `wrong_type`, but its fix shows the digits to type); and in English a param
        `<name>_en` stands in for `<name>`, so reasons computed in the model are never
        shown in Chinese to an English reader.
        """
        params = dict(self.params)
        if lang != "zh":
            params.update({k[:-3]: v for k, v in params.items() if k.endswith("_en")})
        code = self.code
        variant = params.get("variant")
        if variant and f"{code}.{variant}" in MESSAGES:
            code = f"{code}.{variant}"
        return message(code, params, lang)

    def as_dict(self, lang: str) -> dict:
        msg, fix = self.text(lang)
        data = asdict(self)
        data.pop("params")
        data.update(message=msg, fix=fix)
        return data


def problem(code: str, file: str, line: int = 0, column: int = 0, field: str = "",
            severity: str = ERROR, **params) -> Problem:
    """Make a problem; params fill the message template (values are kept as text)."""
    frozen = tuple(sorted((k, v if isinstance(v, (str, int, float)) else str(v))
                          for k, v in params.items()))
    return Problem(file, line, column, field, code, frozen, severity)


class ContentError(Exception):
    """Raised by the pipeline when the records have errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def __reduce__(self):          # raised in a worker process, it reaches the build whole
        return type(self), (self.problems,)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def format_text(problems: list[Problem], lang: str) -> str:
    """Human-readable report: one block per problem, then a count."""
    words = CHECK_WORDS["zh" if lang == "zh" else "en"]
    lines = []
    for p in sorted(set(problems)):
        msg, fix = p.text(lang)
        where = p.file
        if p.line:
            where += f":{p.line}"
            if p.column:
                where += f":{p.column}"
        kind = words["report_error"] if p.severity == ERROR else words["report_warning"]
        head = f"{where}: {kind}"
        if p.field:
            head += f" [{p.field}]"
        lines.append(f"{head}: {msg}")
        if fix:
            lines.append(words["report_fix"] + fix)
    n_err = len(errors(problems))
    lines.append(words["report_count"].format(errors=n_err, warnings=len(problems) - n_err))
    return "\n".join(lines)


def format_json(problems: list[Problem], lang: str) -> str:
    return json.dumps([p.as_dict(lang) for p in sorted(set(problems))],
                      ensure_ascii=False, indent=2)
