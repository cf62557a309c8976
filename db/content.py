"""Curated content files: the format, loading and every check a volunteer's edit must pass."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, cast, get_args

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from db.content_rules import date_problems

# A closed set the models check against, and the tuple of its values, in order.
Jurisdiction = Literal["city", "county", "state", "federal", "general"]
JURISDICTIONS: tuple[str, ...] = get_args(Jurisdiction)
# Those whose answers hold only in Los Angeles or California: no confident answer about elsewhere.
LOCAL_JURISDICTIONS = frozenset({"city", "county", "state"})
LOS_ANGELES_JURISDICTIONS = frozenset({"city", "county"})  # of those, Los Angeles' own

M = TypeVar("M", bound=BaseModel)

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent / "seed"
# Topics, program kinds and statuses; a content folder without one follows the shipped file's.
RULES_FILE = "rules.yaml"
TELEGRAM_MESSAGE_LIMIT = 4096
# Room for what the bot adds around an answer (labels, "last reviewed" date, legal-advice footer),
# so a check here holds for the rendered message without importing the bot.
RENDER_ALLOWANCE = 400
# Content reviewed longer ago than this is due for review, and the bot says how old it is.
REVIEW_MAX_AGE_DAYS = 120
SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# The widest a source's title and URL may be: the programs table's columns (db/models.py), so a
# long one is a content error here rather than a database error, on PostgreSQL, mid-seed.
SOURCE_TITLE_MAX = 200
SOURCE_URL_MAX = 500
# Questions people asked in public, labelled (one JSON object a line; docs/content.md).
ASKED_DIR = "asked"
AskedKind = Literal["in-scope", "near-domain", "out-of-scope"]
# What `puente content new` writes where a volunteer must write; never valid in a seed.
PLACEHOLDER = "<fill in"
# Its source address: the reserved .invalid domain can never be a real page.
PLACEHOLDER_URL = "https://fill-in.invalid/the-official-page"
# The line an old answer carries (date, age and its official source), beyond the source itself.
STALE_LINE_ALLOWANCE = 160


class _Strict(BaseModel):
    """Content models reject unknown fields, so a misspelt key is an error, not silence."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A source for an answer: an official page or an established organisation."""

    title: str = Field(min_length=1, max_length=SOURCE_TITLE_MAX)
    url: str = Field(pattern=r"^https?://\S+$", max_length=SOURCE_URL_MAX)


def _curator(value: str) -> str:
    """A role or a first name; never a Telegram id or handle, which would identify a person."""
    value = value.strip()
    if not value or "@" in value or any(char.isdigit() for char in value):
        raise ValueError("name a role or a first name (no Telegram id, handle or number)")
    return value


# Who keeps a file up to date, shown by `content check`.
Curator = Annotated[str, Field(max_length=60), AfterValidator(_curator)]


class LanguageBlock(_Strict):
    """One language of an intent: title, paraphrases, answer and, optionally, its review date."""

    # The intent's name on buttons and menus, in this language.
    title: str = Field(min_length=1, max_length=60)
    questions: list[str] = Field(min_length=1)
    answer: str
    reviewed: date | None = None

    @field_validator("answer")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        """An empty answer would send an empty message."""
        if not value.strip():
            raise ValueError("answer is empty")
        return value.strip()

    @field_validator("questions")
    @classmethod
    def _no_blank_question(cls, value: list[str]) -> list[str]:
        """A blank paraphrase would match everything weakly and nothing well."""
        if any(not q.strip() for q in value):
            raise ValueError("a question is empty")
        return [q.strip() for q in value]


class IntentFile(_Strict):
    """One intent file under db/seed/intents/: shared fields, and one block per language, keyed
    by its code (the fields `intent_file_model` adds for the languages Puente speaks)."""

    slug: str = Field(pattern=SLUG_RE, max_length=48)
    # One of the topics in rules.yaml (checked with the rules, which are read with the content).
    topic: str = Field(pattern=SLUG_RE, max_length=48)
    jurisdiction: Jurisdiction
    reviewed: date
    sources: list[Source] = Field(min_length=1)
    related: list[str] = []
    curator: Curator | None = None

    def languages(self) -> tuple[str, ...]:
        """The languages this intent is written in."""
        fields = type(self).model_fields
        return tuple(name for name, info in fields.items() if info.annotation is LanguageBlock)

    def block(self, lang: str) -> LanguageBlock:
        """The block of one language."""
        return cast(LanguageBlock, getattr(self, lang))

    def reviewed_in(self, lang: str) -> date:
        """When this language's answer was last reviewed."""
        return self.block(lang).reviewed or self.reviewed

    def resolved(self) -> IntentFile:
        """This intent with every language's review date written out, as the database has it."""
        return self.model_copy(
            update={
                lang: self.block(lang).model_copy(update={"reviewed": self.reviewed_in(lang)})
                for lang in self.languages()
            }
        )


@cache
def intent_file_model(langs: tuple[str, ...]) -> type[IntentFile]:
    """The intent file format for a set of languages: one required block per language, so a
    missing one is an error and an unknown one an unknown field."""
    blocks: dict[str, Any] = {lang: (LanguageBlock, ...) for lang in langs}
    return create_model("IntentFile", __base__=IntentFile, **blocks)


def content_languages() -> tuple[str, ...]:
    """The languages content must be written in: those Puente speaks (intents/languages.py)."""
    from intents.languages import languages  # here, so `content check` starts without the engine

    return languages()


class Window(_Strict):
    """A re-registration window."""

    start: date
    end: date


class ProgramEntry(_Strict):
    """One program in db/seed/programs.yaml."""

    slug: str = Field(pattern=SLUG_RE, max_length=48)
    # A kind and a status of rules.yaml (checked with the rules).
    kind: str = Field(pattern=SLUG_RE, max_length=16)
    names: dict[str, str]
    aliases: list[str] = []
    status: str = Field(pattern=SLUG_RE, max_length=32)
    valid_until: date | None = None
    reregistration: Window | None = None
    summary: dict[str, str]
    source: Source
    reviewed: date
    curator: Curator | None = None


class ProgramsFile(_Strict):
    """db/seed/programs.yaml."""

    programs: list[ProgramEntry]


def in_language(texts: Mapping[str, str], lang: str) -> str:
    """The text for a language, else the default language's, else any ("" when none)."""
    return texts.get(lang) or texts.get(content_languages()[0]) or next(iter(texts.values()), "")


class Topic(_Strict):
    """A topic of the menu: its label in every language and what its answers carry."""

    slug: str = Field(pattern=SLUG_RE, max_length=48)
    labels: dict[str, str]
    # Answers end with "This is information, not legal advice." (a person's own case matters).
    disclaimer: bool = False
    # Answers show a named program's status and dates.
    programs: bool = False

    def label(self, lang: str) -> str:
        """The topic's name in a language."""
        return in_language(self.labels, lang) or self.slug


class ProgramKind(_Strict):
    """A kind of program (TPS, DACA) and the intent a question that only names one gets."""

    intent: str = Field(pattern=SLUG_RE, max_length=48)


class ContentRules(_Strict):
    """db/seed/rules.yaml: topics in menu order, program kinds and program statuses."""

    topics: list[Topic] = Field(min_length=1)
    program_kinds: dict[str, ProgramKind]
    # A status code and its label in every language.
    program_statuses: dict[str, dict[str, str]]

    def topic(self, slug: str) -> Topic | None:
        """The topic of this slug, if there is one."""
        return next((topic for topic in self.topics if topic.slug == slug), None)

    def topic_slugs(self) -> tuple[str, ...]:
        """Every topic, in menu order."""
        return tuple(topic.slug for topic in self.topics)

    def topic_label(self, slug: str, lang: str) -> str:
        """A topic's name in a language (its slug when the rules lack it)."""
        topic = self.topic(slug)
        return topic.label(lang) if topic else slug

    def program_intents(self) -> dict[str, str]:
        """Which intent answers a question that only names a program of each kind."""
        return {kind: rule.intent for kind, rule in self.program_kinds.items()}

    def status_label(self, status: str, lang: str) -> str:
        """A program status as words in a language (its code when the rules lack it)."""
        return in_language(self.program_statuses.get(status, {}), lang) or status


class AskedEntry(_Strict):
    """A question someone asked in public (never a user's message), where it was asked, and
    the answer it needs: the matcher's learned view trains on these (intents/learned.py)."""

    q: str = Field(min_length=1, max_length=2000)
    lang: str
    intent: str | None  # the intent whose answer is right; None when no answer is
    kind: AskedKind
    source: str = Field(pattern=r"^https?://\S+$", max_length=SOURCE_URL_MAX)
    # How it was labelled, for measuring (tests/data/README.md); the matcher reads none of it.
    accept: tuple[str, ...] = ()
    program: str | None = None
    proposed: str | None = None
    origin: Literal["person", "faq"] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _intent_iff_in_scope(self) -> AskedEntry:
        """An in-scope question names its intent; any other names none."""
        if (self.kind == "in-scope") != (self.intent is not None):
            raise ValueError("an in-scope question names its intent, any other kind names none")
        return self


@dataclass(frozen=True)
class Problem:
    """A content problem, named by file and field so a volunteer can find it."""

    file: str
    field: str
    message: str
    error: bool = True

    def __str__(self) -> str:
        """`file: field: message`, prefixed with the severity."""
        kind = "error" if self.error else "warning"
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{kind}: {where}: {self.message}"


@dataclass
class ContentPack:
    """Everything loaded from a content folder, with the problems found on the way."""

    intents: list[IntentFile] = field(default_factory=list)
    programs: list[ProgramEntry] = field(default_factory=list)
    asked: list[AskedEntry] = field(default_factory=list)
    # None only when the rules file could not be read (an error says why).
    rules: ContentRules | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop a seed."""
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth a curator's attention that do not stop a seed."""
        return [p for p in self.problems if not p.error]


class ContentError(Exception):
    """Content that cannot be loaded; carries every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _PlainLoader(yaml.SafeLoader):
    """YAML loader that keeps dates as text, so a bad date is reported by field, not by crash,
    and refuses a key written twice in one mapping (YAML would silently keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, refusing duplicate keys."""
        seen: set[str] = set()
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key_node.value}'", key_node.start_mark
                )
            seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


_PlainLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _unreadable(path: Path) -> str | None:
    """Why a content path cannot be read as a file, or None when it can be tried."""
    if path.is_symlink() and not path.exists():
        return "a link to a file that does not exist"
    if path.exists() and not path.is_file():
        return "not a file (a folder?)"
    return None


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    """Parse one YAML file, recording a problem instead of raising."""
    reason = _unreadable(path)
    if reason is not None:
        problems.append(Problem(path.name, "", reason))
        return None
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_PlainLoader)  # a SafeLoader
    except yaml.MarkedYAMLError as exc:
        where = f" at line {exc.problem_mark.line + 1}" if exc.problem_mark else ""
        problems.append(Problem(path.name, "", f"not valid YAML: {exc.problem}{where}"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(Problem(path.name, "", f"not valid YAML: {exc}".replace("\n", " ")))
    except RecursionError:
        problems.append(Problem(path.name, "", "not valid content: nested too deeply"))
    except OSError as exc:
        problems.append(Problem(path.name, "", f"cannot be read: {exc.strerror or exc}"))
    return None


def parse_yaml_text(model: type[M], text: str) -> M | None:
    """Parse YAML text (such as an older version of a file) into a model; None if invalid."""
    try:
        return model.model_validate(yaml.load(text, Loader=_PlainLoader))  # a SafeLoader
    except (yaml.YAMLError, ValidationError):
        return None


def _validation_problems(name: str, exc: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into problems naming the field."""
    problems = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing" and where in content_languages():
            message = f"missing language '{where}'"
        problems.append(Problem(name, where, message))
    return problems


def _parse(model: type[BaseModel], name: str, data: Any, problems: list[Problem]) -> Any:
    """Validate data against a model, recording problems; None when invalid."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(name, exc))
    except RecursionError:
        problems.append(Problem(name, "", "not valid content: nested too deeply"))
    return None


def rendered_length(answer: str, sources: Iterable[Source]) -> int:
    """The visible length of an answer once the bot adds its sources and labels."""
    sources = list(sources)
    official = len(sources[0].title) + len(sources[0].url) if sources else 0
    listed = sum(len(s.title) + len(s.url) + 4 for s in sources)
    return len(answer) + listed + official + STALE_LINE_ALLOWANCE + RENDER_ALLOWANCE


def _placeholders(name: str, where: str, data: Any) -> list[Problem]:
    """Fields still holding the `content new` skeleton's placeholder text."""
    items: Iterable[tuple[object, Any]]
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        if isinstance(data, str) and (PLACEHOLDER in data or PLACEHOLDER_URL in data):
            return [Problem(name, where, "still has the skeleton's placeholder; fill it in")]
        return []
    return [
        problem
        for key, value in items
        for problem in _placeholders(name, f"{where}.{key}" if where else str(key), value)
    ]


def _check_intent(intent: IntentFile, name: str, today: date) -> list[Problem]:
    """Checks on one intent that need more than its own fields' types."""
    problems = _placeholders(name, "", intent.model_dump(mode="json"))
    if name != f"{intent.slug}.yaml":
        problems.append(Problem(name, "slug", f"slug '{intent.slug}' differs from the file name"))
    for lang in intent.languages():
        block = intent.block(lang)
        length = rendered_length(block.answer, intent.sources)
        if length > TELEGRAM_MESSAGE_LIMIT:
            problems.append(
                Problem(
                    name,
                    f"{lang}.answer",
                    f"too long for Telegram once rendered ({length} > {TELEGRAM_MESSAGE_LIMIT})",
                )
            )
        reviewed = intent.reviewed_in(lang)
        if reviewed > today:
            problems.append(Problem(name, f"{lang}.reviewed", f"{reviewed} is in the future"))
        problems += [
            Problem(name, f"{lang}.answer", message)
            for message in date_problems(block.answer, lang, intent.reviewed_in(lang))
        ]
    days = {lang: intent.reviewed_in(lang) for lang in intent.languages()}
    dates = ", ".join(f"{day.isoformat()} {lang}" for lang, day in days.items())
    other = "the other language" if len(days) == 2 else "another language"
    problems += [
        Problem(name, f"{lang}.reviewed", f"reviewed earlier than {other} ({dates})", error=False)
        for lang, day in days.items()
        if day < max(days.values())
    ]
    return problems


def _language_problems(name: str, where: str, texts: Mapping[str, str]) -> list[Problem]:
    """Texts that must exist in every language Puente speaks, and in no other."""
    return [
        Problem(name, f"{where}.{lang}", f"missing language '{lang}'")
        for lang in content_languages()
        if not texts.get(lang, "").strip()
    ] + [
        Problem(name, f"{where}.{lang}", f"unknown language '{lang}'")
        for lang in texts
        if lang not in content_languages()
    ]


def _check_program(
    program: ProgramEntry, name: str, today: date, rules: ContentRules | None
) -> list[Problem]:
    """Checks on one program beyond its fields' types."""
    where = f"programs[{program.slug}]"
    problems = _language_problems(name, f"{where}.names", program.names)
    problems += _language_problems(name, f"{where}.summary", program.summary)
    if rules is not None:
        problems += _unknown(name, f"{where}.kind", program.kind, "kind", rules.program_kinds)
        problems += _unknown(
            name, f"{where}.status", program.status, "status", rules.program_statuses
        )
    problems += _placeholders(name, where, program.model_dump(mode="json"))
    problems += [
        Problem(name, f"{where}.summary.{lang}", message)
        for lang, text in program.summary.items()
        for message in date_problems(text, lang, program.reviewed)
    ]
    window = program.reregistration
    if window and window.end < window.start:
        problems.append(Problem(name, f"{where}.reregistration", "ends before it starts"))
    if program.reviewed > today:
        problems.append(Problem(name, f"{where}.reviewed", f"{program.reviewed} is in the future"))
    return problems


def _unknown(name: str, where: str, value: str, what: str, known: Iterable[str]) -> list[Problem]:
    """A value the rules do not list, as a problem naming the ones they do."""
    known = list(known)
    if value in known:
        return []
    listed = ", ".join(known)
    return [Problem(name, where, f"unknown {what} '{value}' ({RULES_FILE} lists: {listed})")]


def _check_rules(rules: ContentRules) -> list[Problem]:
    """Labels in every language, and each topic once."""
    problems = [
        problem
        for topic in rules.topics
        for problem in _language_problems(RULES_FILE, f"topics[{topic.slug}].labels", topic.labels)
    ]
    problems += [
        problem
        for status, labels in rules.program_statuses.items()
        for problem in _language_problems(RULES_FILE, f"program_statuses.{status}", labels)
    ]
    problems += [
        Problem(RULES_FILE, "topics", f"topic '{slug}' listed twice")
        for slug in sorted(_duplicates(rules.topic_slugs()))
    ]
    return problems


def _load_rules(root: Path, problems: list[Problem]) -> ContentRules | None:
    """The folder's rules file, or the shipped one when the folder has none."""
    path = root / RULES_FILE
    if not (path.exists() or path.is_symlink()):
        path = DEFAULT_CONTENT_DIR / RULES_FILE
    data = _read_yaml(path, problems)
    rules: ContentRules | None = _parse(ContentRules, RULES_FILE, data, problems)
    if rules is not None:
        problems.extend(_check_rules(rules))
    return rules


def _load_asked(root: Path, problems: list[Problem]) -> list[AskedEntry]:
    """The folder's asked questions (`asked/*.jsonl`, optional), each line checked alone."""
    asked = []
    for path in sorted((root / ASKED_DIR).glob("*.jsonl")):
        name = f"{ASKED_DIR}/{path.name}"
        reason = _unreadable(path)
        if reason is not None:
            problems.append(Problem(name, "", reason))
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, "", f"cannot be read: {exc}"))
            continue
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem(name, f"line {number}", f"not valid JSON: {exc.msg}"))
                continue
            question = _parse(AskedEntry, f"{name} line {number}", data, problems)
            if question is not None:
                asked.append(question)
                if question.lang not in content_languages():
                    problems.append(
                        Problem(name, f"line {number}", f"unknown language '{question.lang}'")
                    )
    return asked


def _check_asked(pack: ContentPack) -> list[Problem]:
    """Asked questions must name intents the content has (a renamed intent would otherwise
    leave its examples teaching nothing)."""
    known = {intent.slug for intent in pack.intents}
    return [
        Problem(ASKED_DIR, f"question '{question.q[:60]}'", f"unknown intent '{slug}'")
        for question in pack.asked
        for slug in (question.intent, *question.accept)
        if slug is not None and slug not in known
    ]


def _duplicates(slugs: Iterable[str]) -> set[str]:
    """Slugs that appear more than once."""
    return {slug for slug, count in Counter(slugs).items() if count > 1}


def load_content(path: Path | None = None, today: date | None = None) -> ContentPack:
    """Load and check a content folder; problems are collected, never raised."""
    root = Path(path or DEFAULT_CONTENT_DIR)
    today = today or date.today()
    pack = ContentPack()
    pack.rules = rules = _load_rules(root, pack.problems)
    intent_dir = root / "intents"
    if not intent_dir.is_dir():
        pack.problems.append(Problem(str(root), "", "no intents/ folder here"))
        return pack
    files = sorted(intent_dir.glob("*.yaml")) + sorted(intent_dir.glob("*.yml"))
    if not files:
        # Seeding nothing would retire every answer the bot gives.
        pack.problems.append(Problem("intents/", "", "no intent files here (*.yaml)"))
    for file in files:
        data = _read_yaml(file, pack.problems)
        model = intent_file_model(content_languages())
        intent = _parse(model, file.name, data, pack.problems) if data is not None else None
        if intent is not None:
            pack.problems.extend(_check_intent(intent, file.name, today))
            if rules is not None:
                topics = rules.topic_slugs()
                pack.problems += _unknown(file.name, "topic", intent.topic, "topic", topics)
            pack.intents.append(intent)
    programs_file = root / "programs.yaml"
    if programs_file.exists() or programs_file.is_symlink():
        known_problems = len(pack.problems)
        data = _read_yaml(programs_file, pack.problems)
        if data is None and len(pack.problems) == known_problems:
            # An emptied file would retire every program; none at all is `programs: []`.
            pack.problems.append(Problem(programs_file.name, "", "empty (write `programs: []`)"))
        parsed = _parse(ProgramsFile, programs_file.name, data, pack.problems) if data else None
        if parsed is not None:
            pack.programs = parsed.programs
            for program in parsed.programs:
                pack.problems += _check_program(program, programs_file.name, today, rules)

    pack.asked = _load_asked(root, pack.problems)
    pack.problems += _check_asked(pack)
    slugs = [i.slug for i in pack.intents]
    for slug in sorted(_duplicates(slugs)):
        pack.problems.append(Problem(f"{slug}.yaml", "slug", f"duplicate slug '{slug}'"))
    for slug in sorted(_duplicates(p.slug for p in pack.programs)):
        pack.problems.append(Problem("programs.yaml", "slug", f"duplicate program slug '{slug}'"))
    known = set(slugs)
    for intent in pack.intents:
        for related in intent.related:
            if related not in known:
                pack.problems.append(
                    Problem(f"{intent.slug}.yaml", "related", f"unknown related slug '{related}'")
                )
            elif related == intent.slug:
                pack.problems.append(
                    Problem(f"{intent.slug}.yaml", "related", "an intent cannot relate to itself")
                )
    return pack


def rules_of(root: Path = DEFAULT_CONTENT_DIR) -> ContentRules:
    """A content folder's rules (the shipped ones when it has none); ContentError if invalid."""
    problems: list[Problem] = []
    rules = _load_rules(root, problems)
    if rules is None or problems:
        raise ContentError(problems)
    return rules
