"""Relevance pre-filter: is an act about computer crime at all? Decided lexically, before any NLP.

Most acts in a national law repository (fisheries, companies, road traffic ...) have nothing to do
with computer crime; running the full pipeline on them costs seconds each and produces thirty
meaningless "missing" findings. This filter counts distinctive terms with ``bytes.count`` on the
bytes (each count is a C-speed substring search) in two stages, because the filter must be much
faster than reading the repository is slow (>= 50 MB/s; measured figures in docs/scan.md):

1. a gate: a few case-tolerant seeds ("omputer", "yber", "ntercept", "nformation system", "raffic
   data") counted on the raw bytes with an early exit. An act with fewer than ``MIN_SEEDS`` of them
   is not about computer crime; this rejects the typical act in a handful of passes, without even
   lower-casing it;
2. otherwise the full classification on the lower-cased bytes, with three signals:

* distinct *strong* terms -- phrases that almost only occur in computer-crime law ("computer
  system", "illegal interception", "subscriber information" ...). Counted as distinct kinds, not
  occurrences, so one defined term repeated fifty times in a vehicle-register act is one signal;
* the density of *weak* terms (computer, data, network, electronic, intercept ...) per 10,000
  characters, which separates a cyber act from a long act with a stray "computer";
* the density of the core words "computer" and "cyber", for short instruments that say "through a
  computer system" in every article but name few other kinds;
* at least one offence or procedure word (offence, imprisonment, warrant ...): the model law is
  about crimes and investigative powers, so an act without them is out of scope.

An omnibus criminal code with a cyber chapter is relevant through the strong terms however long it
is, because those are counted absolutely, not per character.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Stage 1: the gate. Suffixes so that "Computer" and "computer" are one search; all-caps variants for
# headings and titles.
SEEDS: tuple[bytes, ...] = (b"omputer", b"yber", b"ntercept", b"nformation system", b"raffic data",
                            b"OMPUTER", b"YBER", b"NTERCEPT")
MIN_SEEDS = 3

# Strong terms, grouped by kind: a kind counts once however often and in whichever spelling it occurs.
STRONG: dict[str, tuple[bytes, ...]] = {
    "computer system": (b"computer system", b"information system", b"computer network"),
    "computer data": (b"computer data", b"computer program", b"computer software"),
    "unauthorised access": (b"unauthorised access", b"unauthorized access", b"illegal access",
                            b"access without authori", b"secures access", b"secure access", b"gains access",
                            b"obtains access"),
    "devices": (b"password", b"access code", b"misuse of devices", b"malware", b"malicious code",
                b"computer virus", b"hacking", b"hacker"),
    "interception": (b"intercepts", b"interception of", b"illegal interception", b"intercept any"),
    "cybercrime": (b"cybercrime", b"cyber crime", b"cyber-crime", b"cyber offence", b"cyber security",
                   b"cybersecurity", b"cyber-security"),
    "procedure": (b"service provider", b"subscriber information", b"expedited preservation",
                  b"preservation of stored", b"preservation order", b"real-time collection",
                  b"production order", b"stored computer"),
    "interference": (b"data interference", b"system interference", b"interferes with data",
                     b"interference with data", b"interference with a computer", b"impairs the operation",
                     b"impair the operation", b"denial of service"),
    "computer misuse": (b"computer misuse", b"computer crime", b"computer-related", b"computer related",
                        b"computer fraud", b"computer forgery"),
    "traffic data": (b"traffic data",),
}

WEAK: tuple[bytes, ...] = (
    b"computer", b"data", b"network", b"electronic", b"cyber", b"intercept", b"password", b"digital",
    b"software", b"program", b"internet", b"online", b"e-mail", b"email", b"website", b"system",
    b"encrypt", b"access",
)

OFFENCE: tuple[bytes, ...] = (
    b"offence", b"offense", b"imprisonment", b"guilty", b"convict", b"penalt", b"warrant",
    b"criminal", b"shall be punished", b"prosecut",
)

# Thresholds chosen on the shared corpus (every cybercrime statute and the Budapest Convention are
# relevant) and on generic acts that use "data", "system", "electronic register" and even "traffic
# data" incidentally (tests/data/non-cyber), with a wide margin on both sides; see docs/scan.md.
MIN_STRONG_KINDS = 3  # with a cyber-dense text
MIN_DENSITY = 20.0  # weak-term occurrences per 10,000 characters
STRONG_ALONE = 5  # this many distinct strong kinds is decisive whatever the density (omnibus codes)
MIN_CORE_DENSITY = 5.0  # "computer"/"cyber" per 10,000 characters: short instruments such as the
# Budapest protocol on xenophobia name few kinds but say "computer system" in every article
CORE: tuple[bytes, ...] = (b"computer", b"cyber")


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    strong_kinds: list[str]
    density: float | None  # None: rejected by the gate, not computed
    core_density: float | None
    offence: bool
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def classify(data: bytes | str) -> Relevance:
    """Classify an act's text (raw UTF-8 bytes or str) as about computer crime or not."""
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    seeds = 0
    for seed in SEEDS:
        seeds += raw.count(seed)
        if seeds >= MIN_SEEDS:
            break
    else:
        return Relevance(False, [], None, None, False,
                         f"{seeds} mention(s) of computer, cyber, interception or traffic data")
    low = raw.lower()
    # Offence words first (cheap: ``in`` stops at the first hit, near the top of most acts).
    offence = any(t in low for t in OFFENCE)
    if not offence:
        return Relevance(False, [], None, None, False, "no offence or procedure words")
    # Strong kinds in order of how common they are in cyber acts, stopping once decisive: each
    # absent term is a full pass over the text, so stopping early is what keeps stage 2 fast.
    kinds: list[str] = []
    for kind, terms in STRONG.items():
        if any(t in low for t in terms):
            kinds.append(kind)
            if len(kinds) >= STRONG_ALONE:
                break
    k = len(kinds)
    n = max(len(low), 1)
    density = core = None
    if k < STRONG_ALONE:  # only the undecided need the densities
        density = round(sum(low.count(t) for t in WEAK) * 10_000 / n, 1)
        core = round(sum(low.count(t) for t in CORE) * 10_000 / n, 1)

    def result(relevant: bool, reason: str) -> Relevance:
        return Relevance(relevant, kinds, density, core, offence, reason)

    if k >= STRONG_ALONE:
        return result(True, f"{k} kinds of computer-crime terms")
    assert density is not None and core is not None
    if k >= MIN_STRONG_KINDS and density >= MIN_DENSITY:
        return result(True, f"{k} kinds of computer-crime terms, {density:g} computing terms per 10k chars")
    if k >= 2 and core >= MIN_CORE_DENSITY:
        return result(True, f"{k} kinds of computer-crime terms, {core:g} 'computer'/'cyber' per 10k chars")
    return result(False, f"only {k} kinds of computer-crime terms, {density:g} computing terms and "
                  f"{core:g} 'computer'/'cyber' per 10k chars")
