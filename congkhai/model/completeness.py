"""How complete each published procedure is: the elements the law requires it to show.

The indicator follows Điều 8 Nghị định 63/2010/NĐ-CP (tên, trình tự, cách thức, hồ sơ, thời
hạn, đối tượng, cơ quan thực hiện, kết quả, phí/lệ phí, căn cứ pháp lý) plus the receiving
address and the publishing decision that a posting must carry. Missing is not "none": an
element written as "Không" is given; only an element not given at all is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import LABELS, Procedure
from .lifecycle import Lifecycle
from .site import Site

# The elements a procedure page shows, in the national database's order; each is given,
# explicitly none ("Không") or not given ("Không có thông tin").
ELEMENTS = ("decision", "level", "kind", "field", "steps", "methods", "time", "fee", "documents", "applicants",
            "agency", "authority", "receiving", "delegated", "partners", "result", "legal_basis",
            "requirements", "online", "linked", "updated")
# Those the law requires a published procedure to carry: the completeness indicator counts them.
REQUIRED = ("name", "decision", "steps", "methods", "time", "fee", "documents", "applicants",
            "agency", "receiving", "result", "legal_basis")


def missing_elements(proc: Procedure) -> list[str]:
    """The elements ``proc`` does not give (not even as "Không"), in ELEMENTS order."""
    none = set(proc.explicit_none)
    methods = proc.methods
    given = {
        "decision": proc.decision, "level": proc.level, "kind": proc.kind, "field": proc.field,
        "steps": proc.steps, "methods": methods,
        "time": "methods" in none or (methods and all(m.time for m in methods)),
        "fee": "methods" in none or (methods and all(m.fee for m in methods)),
        "documents": proc.all_documents, "applicants": proc.applicants, "agency": proc.agency,
        "authority": proc.authority, "receiving": proc.receiving, "delegated": proc.delegated,
        "partners": proc.partners, "result": proc.result, "legal_basis": proc.legal_basis,
        "requirements": proc.requirements, "online": proc.online, "linked": proc.linked, "updated": proc.updated,
    }
    return [key for key in ELEMENTS if not (given[key] or key in none)]


@dataclass(frozen=True)
class Completeness:
    missing: dict[str, tuple[str, ...]]  # code -> the elements it does not give, for every procedure
    complete: int  # current procedures with every required element
    total: int  # current procedures

    @property
    def share(self) -> float | None:
        return self.complete / self.total if self.total else None

    def percent_text(self) -> str:
        """'92,3%' with a Vietnamese decimal comma, or '—' with no procedures."""
        return "—" if self.share is None else f"{self.share * 100:.1f}%".replace(".", ",")

    def labels(self, code: str) -> list[str]:
        return [LABELS[key] for key in self.missing[code]]

    def required_labels(self, code: str) -> list[str]:
        """The labels of the required elements it does not give (what the indicator counts)."""
        return [LABELS[key] for key in self.missing[code] if key in REQUIRED]

    def summary(self) -> str:
        return (f"Mức độ công khai đầy đủ: {self.complete}/{self.total} thủ tục đang áp dụng "
                f"có đủ các nội dung bắt buộc ({self.percent_text()}).")


def measure(site: Site, lifecycle: Lifecycle) -> Completeness:
    missing = {code: proc.missing for code, proc in site.procedures.items()}
    current = lifecycle.codes("current")
    complete = sum(1 for code in current if not set(missing[code]) & set(REQUIRED))
    return Completeness(missing, complete, len(current))
