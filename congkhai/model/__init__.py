"""The typed content model: content files as validated objects, the unit with its indexes,
statuses from decisions, completeness, and the dependency records pages are rendered from.
It knows nothing about HTML."""

from .content import (  # noqa: F401  (the model's public names)
    ACTIONS,
    LABELS,
    LEVELS,
    METHODS,
    NO_INFORMATION,
    ONLINE,
    Agency,
    Appendix,
    Case,
    Change,
    Decision,
    DocumentItem,
    FeedbackPosting,
    FieldOfWork,
    LegalRef,
    Method,
    Page,
    Plan,
    Procedure,
    SiteConfig,
    Task,
)
