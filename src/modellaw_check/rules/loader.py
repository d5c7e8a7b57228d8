"""Load and validate a rule pack: ``pack.yaml`` (metadata and shared concepts) plus one YAML per rule.

Every problem is reported as a RuleError naming the file, the line and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from modellaw_check.errors import RuleError
from modellaw_check.lang import ENGINE_CONCEPTS, load_profile
from modellaw_check.rules.location import DEFAULT_PACK, PACK_FILE, default_rules_dir, pack_digest, rule_files
from modellaw_check.rules.schema import Concept, PackMeta, Rule
from modellaw_check.yamlfile import compose, line_of, load_yaml, validate

__all__ = ["DEFAULT_PACK", "PACK_FILE", "RulePack", "default_rules_dir", "load_pack", "load_packs", "load_rule_file"]


@dataclass
class RulePack:
    meta: PackMeta  # its concepts include the language profile's
    rules: list[Rule]
    directory: Path
    files: dict[str, Path] = field(default_factory=dict)  # rule id -> file
    digest: str = ""
    function_words: frozenset[str] = frozenset()  # the language profile's
    language_name: str = "English"
    own_concepts: dict[str, Concept] = field(default_factory=dict)  # the pack's, without the profile's
    _localised: dict[str, RulePack] = field(default_factory=dict, repr=False)

    @property
    def language(self) -> str:
        return self.meta.language

    def languages(self) -> list[str]:
        """The pack's language, then every other language it has wordings in (``lang:``)."""
        codes = {c for r in self.rules for e in r.elements for c in e.lang}
        codes.update(c for concept in self.own_concepts.values() for c in concept.lang)
        codes.discard(self.language)
        return [self.language, *sorted(codes)]

    def localised(self, code: str) -> RulePack:
        """The pack as matched in another language: every element's and concept's wordings in that
        language (``lang: {code: ...}``), the language profile's concepts and function words. An element
        without wordings in it keeps only its concept references (a concept resolves to its own
        wordings in the language). The pack itself for its own language."""
        if code == self.language:
            return self
        done = self._localised.get(code)
        if done is None:
            done = self._localised[code] = _localise(self, code)
        return done

    def get(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise RuleError(f"unknown rule id {rule_id!r} (see `modellaw-check rules list`)")

    def reservation_ids(self) -> set[str]:
        return {res.id for r in self.rules for res in r.reservations}


def load_rule_file(path: Path) -> Rule:
    return _load_rule(path)[0]


def _load_rule(path: Path) -> tuple[Rule, str]:
    data, text = load_yaml(path)
    return validate(Rule, data, text, path), text


def load_pack(directory: str | Path | None = None) -> RulePack:
    """Load a rule pack directory (default: the bundled Chairman's Model Law pack)."""
    d = Path(directory) if directory else default_rules_dir()
    if not d.exists():
        raise RuleError("rule directory does not exist", path=str(d))
    if not d.is_dir():
        raise RuleError("not a directory (give the rule pack's folder)", path=str(d))
    meta_path = d / PACK_FILE
    if meta_path.exists():  # a pack.yaml that is not a regular file is refused, not ignored
        data, text = load_yaml(meta_path)
        meta = validate(PackMeta, data, text, meta_path)
    else:
        # A custom directory of rules only: borrow the bundled pack's concepts and units.
        bundled = default_rules_dir()
        if bundled.resolve() == d.resolve():
            raise RuleError(f"{PACK_FILE} is missing", path=str(d))
        data, text = load_yaml(bundled / PACK_FILE)
        # Its advisories name the bundled pack's provisions: they join only with those (``load_packs``).
        meta = validate(PackMeta, data, text, bundled / PACK_FILE).model_copy(
            update={"name": d.name, "advisories": []})
    profile = load_profile(meta.language)
    own_concepts = dict(meta.concepts)
    meta = meta.model_copy(update={"concepts": {**profile.concepts, **meta.concepts}})
    rules: list[Rule] = []
    files: dict[str, Path] = {}
    for path in rule_files(d):
        rule, text = _load_rule(path)
        if rule.id in files:
            raise RuleError(f"duplicate rule id {rule.id!r} (also in {files[rule.id].name})", path=str(path))
        _check_concepts(rule, meta, path, text)
        rules.append(rule)
        files[rule.id] = path
    if not rules:
        raise RuleError("no rule files (*.yaml) in the rule directory", path=str(d))
    rules.sort(key=lambda rule: _rule_order(rule, meta.categories))
    # every concept list of pack.yaml names concepts the pack (or its language profile) defines
    named = [("non_operative", meta.non_operative), ("topic", meta.topic),
             *((f"unit_conflicts {kind!r}", cs) for kind, cs in meta.unit_conflicts.items()),
             *((f"unit {kind!r}", cs) for kind, cs in meta.units.items())]
    for where, concepts in named:
        for c in concepts:
            if c not in meta.concepts:
                raise RuleError(f"{where} names unknown concept {c!r}", path=str(meta_path))
    _check_engine_concepts(meta, profile.name, meta_path)
    _check_advisories(meta, {r.id: r for r in rules}, meta_path)
    _check_cites(rules, files)
    return RulePack(meta=meta, rules=rules, directory=d, files=files, digest=pack_digest(d),
                    function_words=frozenset(profile.function_words), language_name=profile.name,
                    own_concepts=own_concepts)


def load_packs(directories: list[Path]) -> RulePack:
    """One rule pack from several directories: the first is the pack, later ones add rules to it (a
    rule id twice is an error; the first pack's concepts win)."""
    if not directories:
        return load_pack(None)
    pack = load_pack(directories[0])
    for d in directories[1:]:
        extra = load_pack(d)
        for rule in extra.rules:
            if rule.id in pack.files:
                raise RuleError(f"duplicate rule id {rule.id!r} (also in {pack.files[rule.id]})",
                                path=str(extra.files[rule.id]))
            pack.rules.append(rule)
            pack.files[rule.id] = extra.files[rule.id]
        concepts = {**extra.meta.concepts, **pack.meta.concepts}  # the main pack's concepts win
        pack.meta = pack.meta.model_copy(update={"concepts": concepts})
        pack.own_concepts = {**extra.own_concepts, **pack.own_concepts}
        pack.digest = f"{pack.digest}+{extra.digest}"
    return pack


def _localise(pack: RulePack, code: str) -> RulePack:
    from modellaw_check.annotate import normaliser  # spaCy's lemma tables: only to match in another language
    profile = load_profile(code)
    concepts: dict[str, Concept] = dict(profile.concepts)
    for name, concept in pack.own_concepts.items():
        w = concept.lang.get(code)
        if w is not None:
            concepts[name] = concept.model_copy(update={"any": w.any, "exclude": w.exclude, "lang": {}})
        elif name not in concepts:  # no wording in this language: matches nothing
            concepts[name] = concept.model_copy(update={"any": [], "exclude": [], "lang": {}})
    rules = []
    for rule in pack.rules:
        elements = []
        for el in rule.elements:
            w = el.lang.get(code)
            if w is not None:
                elements.append(el.model_copy(update={"any": w.any, "exclude": w.exclude}))
            else:
                elements.append(el.model_copy(update={"any": [p for p in el.any if p.concept], "exclude": []}))
        rules.append(rule.model_copy(update={"elements": elements}))
    meta = pack.meta.model_copy(update={"concepts": concepts, "language": code})
    norm = normaliser(code)  # the share of function words is counted on the statute's norms
    return RulePack(meta=meta, rules=rules, directory=pack.directory, files=pack.files, digest=pack.digest,
                    function_words=frozenset(norm(w) for w in profile.function_words),
                    language_name=profile.name, own_concepts=pack.own_concepts)


def _rule_order(rule: Rule, categories: list[str]) -> tuple:
    """Report order: by the pack's order of categories, then article number as a number (art2 before art15)."""
    parts = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rule.id)]
    return (categories.index(rule.category), rule.level != "required", [(isinstance(p, str), p) for p in parts])


def _check_engine_concepts(meta: PackMeta, language: str, path: Path) -> None:
    """The concepts the engine looks up by name exist (the pack's or its language profile's)."""
    missing = [c for c in ENGINE_CONCEPTS if c not in meta.concepts]
    if missing:
        raise RuleError(f"the engine needs the concept(s) {', '.join(missing)}, defined neither in {PACK_FILE} "
                        f"nor in the {language} language profile", path=str(path))


def _check_advisories(meta: PackMeta, rules: dict[str, Rule], path: Path) -> None:
    """An advisory names provisions and categories of this pack (a typo would silently advise nothing)."""
    for adv in meta.advisories:
        for rid in adv.provisions:
            if rid not in rules:
                raise RuleError(f"advisory {adv.name!r} names unknown provision {rid!r}", path=str(path))
        for cat in (adv.category, adv.needed_by):
            if cat is not None and cat not in meta.categories:
                raise RuleError(f"advisory {adv.name!r} names unknown category {cat!r} (categories: "
                                f"{', '.join(meta.categories)})", path=str(path))


def _check_cites(rules: list[Rule], files: dict[str, Path]) -> None:
    """A drafting block cites provisions of this pack (a typo would cite nothing, silently)."""
    ids = {r.id for r in rules}
    for rule in rules:
        for name, cite in (rule.drafting.cites.items() if rule.drafting else ()):
            for rid in cite.provisions:
                if rid not in ids:
                    path = files[rule.id]
                    line = line_of(compose(path.read_text(encoding="utf-8")), ("drafting", "cites", name))
                    raise RuleError(f"field 'drafting.cites.{name}': unknown provision {rid!r}", path=str(path),
                                    line=line)


def _check_concepts(rule: Rule, meta: PackMeta, path: Path, text: str) -> None:
    if rule.category not in meta.categories:
        raise RuleError(f"field 'category': {rule.category!r} is not one of the pack's categories "
                        f"({', '.join(meta.categories)})", path=str(path), line=line_of(compose(text), ("category",)))
    for ei, el in enumerate(rule.elements):
        wordings = [(("any",), el.any), *((("lang", code, "any"), w.any) for code, w in el.lang.items())]
        for where, patterns in wordings:
            for pi, pat in enumerate(patterns):
                if pat.concept and pat.concept not in meta.concepts:
                    loc = ("elements", ei, *where, pi)
                    line = line_of(compose(text), loc)
                    raise RuleError(f"field '{'.'.join(map(str, loc))}.concept': unknown concept "
                                    f"{pat.concept!r}", path=str(path), line=line)
    if rule.unit not in ("any", "definition") and rule.unit not in meta.units:
        raise RuleError(f"field 'unit': the pack defines no unit {rule.unit!r}", path=str(path),
                        line=line_of(compose(text), ("unit",)))
