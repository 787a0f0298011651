"""Random draws for the simulation, made in blocks from one seeded NumPy generator.

Drawing one number at a time from NumPy costs about a microsecond of call overhead, so each source
of randomness fills a block of a few thousand values at once and hands them out from a Python list.
Blocks are refilled in the order the simulation asks for them, which the seed alone decides, so a
seed still gives identical runs.
"""

from __future__ import annotations

import math

import numpy as np

from verksam.model.process import Distribution

BLOCK = 4096


class DistributionError(ValueError):
    """A distribution whose parameters are missing or make no sense."""


def check_distribution(dist: Distribution) -> None:
    """Checks that `dist` has the parameters its kind needs.

    Raises
    ------
    DistributionError
        With a message naming the missing or inconsistent parameter.
    """
    kind = dist.kind
    need: dict[str, tuple[str, ...]] = {
        "fixed": ("mean",),
        "exponential": ("mean",),
        "uniform": ("min", "max"),
        "triangular": ("min", "mode", "max"),
        "normal": ("mean", "sd"),
        "lognormal": ("mean", "sd"),
        "empirical": (),
    }
    if kind not in need:
        raise DistributionError(f"unknown distribution '{kind}'")
    missing = [name for name in need[kind] if getattr(dist, name) is None]
    if missing:
        raise DistributionError(f"{kind} distribution needs {', '.join(missing)}")
    if kind == "empirical" and not dist.values:
        raise DistributionError("empirical distribution needs at least one value")
    if kind == "uniform" and dist.max is not None and dist.min is not None and dist.max < dist.min:
        raise DistributionError(f"uniform distribution has max {dist.max} below min {dist.min}")
    if kind == "triangular":
        lo, mode, hi = dist.min or 0.0, dist.mode or 0.0, dist.max or 0.0
        if not lo <= mode <= hi:
            raise DistributionError(
                f"triangular distribution needs min <= mode <= max, not {lo}, {mode}, {hi}"
            )
    if kind == "lognormal" and (dist.mean or 0.0) <= 0:
        raise DistributionError("lognormal distribution needs a positive mean")


def mean_of(dist: Distribution) -> float:
    """The expected value of a distribution (normal: before negative draws are set to 0)."""
    kind = dist.kind
    if kind in ("fixed", "exponential", "normal", "lognormal"):
        return float(dist.mean or 0.0)
    if kind == "uniform":
        return ((dist.min or 0.0) + (dist.max or 0.0)) / 2
    if kind == "triangular":
        return ((dist.min or 0.0) + (dist.mode or 0.0) + (dist.max or 0.0)) / 3
    return float(np.mean(dist.values))


class Sampler:
    """Hands out draws of one distribution (minutes), refilling its block from `rng` when empty.

    Normal draws below 0 are set to 0 (a duration cannot be negative).
    """

    __slots__ = ("_dist", "_rng", "constant", "pos", "values")

    def __init__(self, dist: Distribution | None, rng: np.random.Generator, constant: float = 0.0):
        self._dist = dist
        self._rng = rng
        # A fixed duration needs no randomness at all; the hot path tests `constant is not None`.
        self.constant: float | None = None
        if dist is None:
            self.constant = float(constant)
        elif dist.kind == "fixed":
            self.constant = float(dist.mean or 0.0)
        elif dist.kind == "empirical" and len(set(dist.values)) == 1:
            self.constant = float(dist.values[0])
        self.values: list[float] = []
        self.pos = 0

    def refill(self) -> None:
        """Draws the next block."""
        self.values = draw_block(self._dist, self._rng, BLOCK) if self._dist else []
        self.pos = 0

    def draw(self) -> float:
        """The next draw."""
        if self.constant is not None:
            return self.constant
        if self.pos >= len(self.values):
            self.refill()
        value = self.values[self.pos]
        self.pos += 1
        return value


def draw_block(dist: Distribution, rng: np.random.Generator, size: int) -> list[float]:
    """`size` draws of `dist` as a list of floats."""
    kind = dist.kind
    if kind == "fixed":
        out = np.full(size, float(dist.mean or 0.0))
    elif kind == "exponential":
        out = rng.exponential(float(dist.mean or 0.0), size) if dist.mean else np.zeros(size)
    elif kind == "uniform":
        out = rng.uniform(float(dist.min or 0.0), float(dist.max or 0.0), size)
    elif kind == "triangular":
        lo, mode, hi = float(dist.min or 0.0), float(dist.mode or 0.0), float(dist.max or 0.0)
        out = rng.triangular(lo, mode, hi, size) if hi > lo else np.full(size, lo)
    elif kind == "normal":
        out = np.maximum(rng.normal(float(dist.mean or 0.0), float(dist.sd or 0.0), size), 0.0)
    elif kind == "lognormal":
        mean, sd = float(dist.mean or 0.0), float(dist.sd or 0.0)
        # Parameters of the underlying normal from the mean and sd of the value itself.
        sigma2 = math.log(1.0 + (sd * sd) / (mean * mean))
        mu = math.log(mean) - sigma2 / 2
        out = rng.lognormal(mu, math.sqrt(sigma2), size)
    elif kind == "empirical":
        out = rng.choice(np.asarray(dist.values, dtype=float), size)
    else:  # pragma: no cover - check_distribution rejects other kinds first
        raise DistributionError(f"unknown distribution '{kind}'")
    values: list[float] = out.tolist()
    return values


class Uniforms:
    """Uniform draws on [0, 1) for branch choices, in blocks like `Sampler`."""

    __slots__ = ("_rng", "pos", "values")

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self.values: list[float] = []
        self.pos = 0

    def refill(self) -> None:
        self.values = self._rng.random(BLOCK).tolist()
        self.pos = 0
