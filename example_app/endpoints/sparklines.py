"""jQuery sparklines: the values each sparkline type takes."""

from __future__ import annotations

from typing import Any

from .common import blueprint, choice_arg, flag, random_walk, seeded

SPARKLINE_TYPES = ("line", "bar", "tristate", "discrete", "bullet", "pie", "box")


def sparkline_values(kind: str, pairs: bool) -> list[Any]:
    """Data shaped for a jQuery sparkline of type ``kind`` (see SPARKLINE_TYPES)."""
    rng = seeded("sparklines", kind, pairs)
    if kind == "tristate":
        return [rng.choice((-1, 0, 1)) for _ in range(30)]
    if kind == "discrete":
        return [rng.randint(1, 9) for _ in range(30)]
    if kind == "pie":
        return [rng.randint(5, 50) for _ in range(rng.randint(3, 5))]
    if kind == "bullet":
        # [target, performance, range1, range2, range3]: ranges drawn largest first.
        high = rng.randint(80, 100)
        middle = rng.randint(50, high - 10)
        low = rng.randint(20, middle - 10)
        return [rng.randint(middle, high), rng.randint(low, high), high, middle, low]
    if kind == "box":
        values = [round(rng.gauss(50, 10), 1) for _ in range(28)]
        return values + [round(rng.uniform(90, 110), 1), round(rng.uniform(-10, 5), 1)]
    if kind == "bar":
        return random_walk(rng, 30, -20, 80, 25)
    values = random_walk(rng, 30, 0, 100, 12)
    if not pairs:
        return values
    x = 0
    points = []
    for value in values:
        x += rng.randint(1, 4)  # uneven x steps: the reason to send pairs at all
        points.append([x, value])
    return points


@blueprint.get("/sparklines")
def sparklines() -> list[Any]:
    """Sparkline values (30 numbers); ?type=line|bar|tristate|discrete|bullet|pie|box, ?pairs=1."""
    return sparkline_values(choice_arg("type", SPARKLINE_TYPES, "line"), flag("pairs"))
