"""How complete each published procedure is: the elements the law requires it to show.

The list follows Điều 8 Nghị định 63/2010/NĐ-CP (tên, trình tự, cách thức, hồ sơ, thời hạn,
đối tượng, cơ quan thực hiện, kết quả, phí/lệ phí, căn cứ pháp lý) plus the receiving
address and the publishing decision that a posting must carry.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lifecycle import Lifecycle
from .content import LABELS, Procedure
from .site import Site

REQUIRED = ("name", "decision", "steps", "methods", "time", "fee", "documents", "applicants",
            "agency", "receiving", "result", "legal_basis")


def missing_elements(proc: Procedure) -> list[str]:
    """The keys of required elements that ``proc`` leaves empty, in REQUIRED order."""
    present = {
        "name": bool(proc.name),
        "decision": bool(proc.decision),
        "steps": bool(proc.steps),
        "methods": bool(proc.methods),
        "time": bool(proc.methods) and all(m.time for m in proc.methods),
        "fee": bool(proc.methods) and all(m.fee for m in proc.methods),
        "documents": bool(proc.all_documents),
        "applicants": bool(proc.applicants),
        "agency": bool(proc.agency),
        "receiving": bool(proc.receiving),
        "result": bool(proc.result),
        "legal_basis": bool(proc.legal_basis),
    }
    return [key for key in REQUIRED if not present[key]]


@dataclass(frozen=True)
class Completeness:
    missing: dict[str, tuple[str, ...]]  # code -> missing element keys, for every procedure
    complete: int  # current procedures with nothing missing
    total: int  # current procedures

    @property
    def share(self) -> float | None:
        return self.complete / self.total if self.total else None

    def percent_text(self) -> str:
        """'92,3%' with a Vietnamese decimal comma, or '—' with no procedures."""
        return "—" if self.share is None else f"{self.share * 100:.1f}%".replace(".", ",")

    def labels(self, code: str) -> list[str]:
        return [LABELS[key] for key in self.missing[code]]

    def summary(self) -> str:
        return (f"Mức độ công khai đầy đủ: {self.complete}/{self.total} thủ tục đang áp dụng "
                f"có đủ các nội dung bắt buộc ({self.percent_text()}).")


def measure(site: Site, lifecycle: Lifecycle) -> Completeness:
    missing = {code: proc.missing for code, proc in site.procedures.items()}
    current = lifecycle.codes("current")
    complete = sum(1 for code in current if not missing[code])
    return Completeness(missing, complete, len(current))
