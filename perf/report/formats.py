"""Number formats shared by the report's sections."""


def ns(v):
    """Nanoseconds: one decimal below 10, whole up to 100k, then µs or ms."""
    if v < 10:
        return f"{v:.1f}"
    if v < 100_000:
        return f"{v:.0f}"
    return f"{v / 1000:.0f} µs" if v < 10_000_000 else f"{v / 1e6:.1f} ms"


def ratio(v):
    return f"{v:.2f}×" if v < 10 else f"{v:.0f}×"
