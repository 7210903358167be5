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
    Case,
    Change,
    Contact,
    Decision,
    DocumentItem,
    FieldOfWork,
    Kiosk,
    LegalRef,
    Method,
    Procedure,
    SearchVocabulary,
    ServiceCentre,
    SiteConfig,
    Source,
)
from .pages import Appendix, FeedbackPosting, OnlineChannel, Page, Plan, Task  # noqa: F401
