"""Writes core/io/data/support_tickets.csv: 400 fictional support tickets of "Fernleaf", a made-up
home-and-garden shop (web shop, iOS and Android apps, a "Fernleaf Plus" delivery membership, gift
cards), January to June 2026, in ten known themes.

Run ``.venv/bin/python -m bench.make_tickets`` to write it again; it is seeded, so the file comes
out byte for byte the same. The CSV is the source of truth the app reads; this script only made it.

What is built in on purpose:

- "Cancel subscription" grows month by month (Plus went from €7.99 to €9.99 in March);
  "Late parcel / tracking" shrinks (the holiday backlog clears after January).
- Priority, product and reply time follow the theme (crashes are urgent and on the apps,
  feature requests are low, cancelling is always about Plus).
- 41 rows carry one of 14 short stock texts ("Where is my order?"), so 27 rows repeat an
  earlier row's text word for word, as real ticket tables do; every other text is unique.
- Typos now and then, names, order numbers, e-mail addresses (example.com/.org only).
"""

from __future__ import annotations

import calendar
import csv
import random
import re
from datetime import date
from pathlib import Path

from bench.ticket_phrases import STOCK, THEMES

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "core" / "io" / "data" / "support_tickets.csv"
SEED = 2026
YEAR = 2026
MONTHS = range(1, 7)
COLUMNS = ["ticket_id", "created_at", "product", "priority", "minutes_to_first_reply", "theme",
           "body"]  # fmt: skip

FIRST = ["Anna", "Jonas", "Priya", "Tom", "Marta", "Lukas", "Sofia", "Kwame", "Elif", "Daan",
         "Chloé", "Mateo", "Aoife", "Hannah", "Youssef", "Ingrid", "Ravi", "Lena", "Pieter",
         "Nadia", "Oliver", "Mei", "Sven", "Fatima", "Bram", "Isabel", "Tomasz", "Zoe"]  # fmt: skip
LAST = ["de Vries", "Kowalski", "Murphy", "Schneider", "Okafor", "Jansen", "Rossi", "Novak",
        "Dubois", "Yilmaz", "Lindqvist", "Peeters", "García", "Byrne", "Kaur", "Hoffmann"]  # fmt: skip
ITEMS = ["the ceramic planter", "a set of garden gloves", "the bamboo floor lamp",
         "a watering can", "two linen cushion covers", "the solar string lights",
         "a bag of potting compost", "the folding bistro chair", "a hose reel",
         "the hanging basket kit", "a monstera in a 17 cm pot", "the teak bird feeder",
         "a pair of pruning shears", "the rattan laundry basket", "a herb seed starter kit"]  # fmt: skip
ITEMS_PLURAL = ["terracotta pots", "cushion covers", "solar lanterns", "seed trays",
                "plant stands", "outdoor candles"]  # fmt: skip
CITIES = ["Utrecht", "Hamburg", "Lyon", "Ghent", "Cork", "Porto", "Vienna", "Aarhus", "Leipzig"]
COMPANIES = ["Greenway Landscaping BV", "Studio Mos", "Hofmann Gartenbau GmbH",
             "Little Sprout Café", "Brouwer & Zonen", "Atelier Lys"]  # fmt: skip
DEVICES = {
    "iOS app": ["iPhone 12", "iPhone 15 Pro", "iPad Air", "iPhone SE", "iPhone 13 mini"],
    "Android app": [
        "Pixel 7",
        "Samsung Galaxy S21",
        "Galaxy A52",
        "OnePlus 9",
        "Redmi Note 11",
    ],  # fmt: skip
}
WHERE = {
    "iOS app": "the app", "Android app": "the app", "Web shop": "the website",
    "Fernleaf Plus": "my Plus account", "Gift cards": "the website",
}  # fmt: skip
VERSION = {1: "5.1.0", 2: "5.1.2", 3: "5.2.0", 4: "5.2.1", 5: "5.3.0", 6: "5.3.2"}
CODE = {1: "NEWYEAR15", 2: "LOVE10", 3: "SPRING20", 4: "SPRING20", 5: "MAY25", 6: "SUMMER25"}
REPLY_MEDIAN = {"urgent": 25, "high": 95, "normal": 320, "low": 900}  # minutes
OPENERS = ["Hi,", "Hello,", "Hi there,", "Hey,", "Good morning,", "Dear Fernleaf team,",
           "Hello support,", "Hi!", "Hallo,"]  # fmt: skip
SIGNOFFS = ["Thanks.", "Thanks, {first}.", "Thank you!", "Regards, {first} {last}",
            "Cheers, {first}", "- {first}", "Thx", "Kind regards, {first} {last}",
            "Many thanks, {first}"]  # fmt: skip
# Words that keep their capital after an opener such as "Hi,".
PROPER = {"I", "I'm", "I've", "I'd", "I'll", "Fernleaf", "Swiftpost", "Paypal", "Google", "GDPR",
          "Face", "Plus", "Apple", "Klarna", "Dutch", "PayPal"}  # fmt: skip


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _amount(rng: random.Random, product: str, month: int) -> str:
    if product == "Fernleaf Plus":
        return rng.choice(["€7.99" if month < 3 else "€9.99", "€79.00"])
    return f"€{rng.uniform(9, 190):.2f}"


def _slots(rng: random.Random, product: str, month: int, first: str, last: str) -> dict:
    """Values for every {slot} a phrase may use, fitting the ticket's product and month."""
    item, item2 = rng.sample(ITEMS, 2)
    order = "FL-" + _digits(rng, 6)
    mail = re.sub(r"[^a-z]", "", first.lower()) + rng.choice([".", "_", ""])
    mail += re.sub(r"[^a-z]", "", last.lower().split()[-1]) + rng.choice(["", _digits(rng, 2)])
    return {
        "order": rng.choice([order, order, "#" + order.replace("-", ""), order.lower()]),
        "amount": _amount(rng, product, month),
        "item": item,
        "item2": item2,
        "item_plural": rng.choice(ITEMS_PLURAL),
        "weekday": rng.choice(
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        ),  # fmt: skip
        "email": mail + rng.choice(["@example.com", "@example.org", "@mail.example.com"]),
        "device": rng.choice(DEVICES.get(product, ["my phone"])),
        "version": VERSION[month],
        "city": rng.choice(CITIES),
        "tracking": "SP" + _digits(rng, 9) + "NL",
        "code": CODE[month],
        "vat": rng.choice(["NL", "DE", "BE", "FR"]) + _digits(rng, 9) + rng.choice(["", "B01"]),
        "invoice": "INV-2026-" + _digits(rng, 5),
        "company": rng.choice(COMPANIES),
        "po": "PO-" + _digits(rng, 4),
        "where": WHERE[product],
        "first": first,
        "last": last,
    }


def _fits(phrase: str, product: str, month: int) -> tuple[bool, str]:
    """Whether a phrase's tags ([app], [web], [plus], [gift], [3+], [early]) allow this ticket,
    and the phrase without its tags."""
    tags = re.findall(r"\[([^\]]+)\]\s*", phrase)
    text = re.sub(r"\[[^\]]+\]\s*", "", phrase)
    need = {
        "app": product in ("iOS app", "Android app"),
        "web": product in ("Web shop", "Gift cards"),
        "plus": product == "Fernleaf Plus",
        "gift": product == "Gift cards",
        "3+": month >= 3,
        "early": month <= 2,
    }
    return all(need[t] for t in tags), text


def _pick(rng: random.Random, phrases: list[str], product: str, month: int) -> str:
    ok = [text for fits, text in (_fits(p, product, month) for p in phrases) if fits]
    return rng.choice(ok)


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def _typo(rng: random.Random, text: str) -> str:
    """One slip a hurried writer makes: two letters swapped, one dropped, or one doubled; no
    apostrophe; all lower case; no final full stop."""
    kind = rng.choice(["swap", "drop", "double", "apostrophe", "lower", "stop", "swap", "drop"])
    if kind == "lower":
        return text.lower()
    if kind == "stop" and text[-1] in ".?":
        return text[:-1] if text.endswith(".") else text + "??"
    if kind == "apostrophe" and "'" in text:
        return text.replace("'", "", 1)
    words = [m for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return text.lower()
    m = rng.choice(words)
    w, i = m.group(), rng.randrange(1, len(m.group()) - 2)
    if kind == "drop":
        w = w[:i] + w[i + 1 :]
    elif kind == "double":
        w = w[:i] + w[i] + w[i:]
    else:
        w = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    return text[: m.start()] + w + text[m.end() :]


def _body(rng: random.Random, theme: dict, product: str, month: int) -> str:
    """A ticket text: a core phrase, sometimes a detail, an opener and a sign-off; now and then
    a typo. One to three sentences (an opener such as "Hi," is not counted)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    slots = _slots(rng, product, month, first, last)
    text = _pick(rng, theme["core"], product, month).format(**slots)
    if _sentences(text) == 1 and rng.random() < 0.5:
        text += " " + _pick(rng, theme["detail"], product, month).format(**slots)
    if rng.random() < 0.3:
        opener = rng.choice(OPENERS)
        head = text.split(" ", 1)[0]
        if opener.endswith(",") and head not in PROPER and not head.isupper():
            text = text[0].lower() + text[1:]
        text = f"{opener} {text}"
    if _sentences(text) < 3 and rng.random() < 0.3:
        text += " " + rng.choice(SIGNOFFS).format(**slots)
    if rng.random() < 0.15:
        text = _typo(rng, text)
    return text


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _months(rng: random.Random, theme: dict) -> list[int]:
    """The month of each of the theme's tickets: fixed counts for a trend, else spread evenly."""
    if "per_month" in theme:
        return [m for m, n in zip(MONTHS, theme["per_month"], strict=True) for _ in range(n)]
    return sorted(rng.choice(MONTHS) for _ in range(theme["total"]))


def _reply_minutes(rng: random.Random, priority: str) -> int:
    return max(2, round(REPLY_MEDIAN[priority] * rng.lognormvariate(0, 0.55)))


def make_rows(seed: int = SEED) -> list[dict]:
    """Every ticket as a dict of the CSV's columns, in date order, ids T-1001 upward."""
    rng = random.Random(seed)
    stock_left = {label: [t for t, n in STOCK.get(label, []) for _ in range(n)] for label in THEMES}
    seen = {t for pairs in STOCK.values() for t, _ in pairs}
    rows = []
    for label, theme in THEMES.items():
        months = _months(rng, theme)
        stock_at = set(rng.sample(range(len(months)), len(stock_left[label])))
        for i, month in enumerate(months):
            product = _weighted(rng, theme["products"])
            if i in stock_at:
                body = stock_left[label].pop()
            else:
                body = _body(rng, theme, product, month)
                while body in seen:
                    body = _body(rng, theme, product, month)
                seen.add(body)
            day = rng.randint(1, calendar.monthrange(YEAR, month)[1])
            priority = _weighted(rng, theme["priority"])
            rows.append({
                "created_at": date(YEAR, month, day).isoformat(), "product": product,
                "priority": priority, "minutes_to_first_reply": _reply_minutes(rng, priority),
                "theme": label, "body": body,
            })  # fmt: skip
    rng.shuffle(rows)
    rows.sort(key=lambda r: r["created_at"])
    return [{"ticket_id": f"T-{1001 + i}", **r} for i, r in enumerate(rows)]


def main() -> None:
    rows = make_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} tickets → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
