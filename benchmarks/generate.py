"""Synthetic content at scale: `python benchmarks/generate.py N DIR`.

Writes a content tree in congkhai's format with N procedures, 30 fields, 100 agencies and
publishing decisions, using Vietnamese vocabulary taken from the sample unit's procedures
(names, steps, documents, fees, legal bases). Deterministic: the same N gives the same files.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

SAMPLE = Path(__file__).resolve().parent.parent / "content"

VERBS = ["Đăng ký", "Cấp", "Cấp lại", "Cấp đổi", "Điều chỉnh", "Gia hạn", "Xác nhận", "Thu hồi", "Công nhận",
         "Thẩm định", "Phê duyệt", "Hỗ trợ", "Chứng thực", "Thay đổi", "Giải quyết", "Tiếp nhận", "Xóa đăng ký",
         "Đăng ký lại", "Chấm dứt", "Tạm ngừng", "Bổ sung", "Đề nghị", "Cho phép", "Chuyển đổi"]
OBJECTS = ["khai sinh", "khai tử", "kết hôn", "thường trú", "tạm trú", "hộ kinh doanh", "giấy phép xây dựng",
           "quyền sử dụng đất", "hợp tác xã", "nhà ở", "trợ cấp xã hội", "chi phí mai táng", "thẻ bảo hiểm y tế",
           "học bổng chính sách", "giấy phép kinh doanh", "bản sao trích lục", "tình trạng hôn nhân",
           "người có công", "hộ nghèo", "trường mầm non", "cơ sở giáo dục", "lễ hội", "câu lạc bộ thể thao",
           "điểm cung cấp dịch vụ trò chơi", "giấy chứng nhận đủ điều kiện", "an toàn thực phẩm", "chợ",
           "công trình thủy lợi", "phương tiện thủy nội địa", "rừng sản xuất", "giống cây trồng", "chăn nuôi",
           "nhà văn hóa", "di tích", "hội đoàn", "tôn giáo", "quỹ xã hội", "đất nông nghiệp", "khiếu nại",
           "biển hiệu quảng cáo", "vận tải hành khách", "thư viện", "gia đình văn hóa", "nuôi con nuôi",
           "giám hộ", "cha, mẹ, con", "dân tộc", "quốc tịch", "thay đổi họ tên", "cải chính hộ tịch"]
QUALIFIERS = ["", "", "", "lần đầu", "có yếu tố nước ngoài", "cho người khuyết tật", "tại cấp xã", "tại cấp huyện",
              "trong trường hợp bị mất, hư hỏng", "cho trẻ em dưới 6 tuổi", "đối với hộ gia đình, cá nhân",
              "đối với tổ chức", "theo cơ chế một cửa liên thông", "qua dịch vụ bưu chính công ích"]
FIELD_NAMES = ["Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Cư trú", "Đất đai", "Hộ kinh doanh", "Người có công",
               "Giáo dục và Đào tạo", "Y tế", "Văn hóa", "Thể thao", "Du lịch", "Xây dựng", "Nhà ở", "Giao thông",
               "Nông nghiệp", "Lâm nghiệp", "Thủy lợi", "Môi trường", "Tài nguyên nước", "Thi đua khen thưởng",
               "Tôn giáo", "Dân tộc", "Lao động", "Việc làm", "An toàn thực phẩm", "Công thương", "Tư pháp",
               "Nội vụ", "Thông tin và Truyền thông"]


def _sample_vocabulary() -> dict[str, list]:
    """Steps, documents, fees, times, results and legal bases of the sample procedures."""
    vocab = {"steps": [], "documents": [], "fees": [], "times": [], "results": [], "applicants": [], "legal": []}
    for path in sorted((SAMPLE / "procedures").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        vocab["steps"] += data.get("steps", [])
        for doc in data.get("documents", []) + [d for c in data.get("cases", []) for d in c["documents"]]:
            vocab["documents"].append(doc["name"])
        for method in data.get("methods", []):
            vocab["fees"].append(method.get("fee") or "Không")
            vocab["times"].append(method.get("time") or "03 ngày làm việc")
        vocab["results"].append(data.get("result") or "Quyết định của cơ quan có thẩm quyền")
        vocab["applicants"] += data.get("applicants", [])
        vocab["legal"] += [item for item in data.get("legal_basis", []) if isinstance(item, dict)]
    return {k: sorted({yaml.safe_dump(v, allow_unicode=True): v for v in vals}.values(), key=str) for k, vals in vocab.items()}


def generate(count: int, root: Path, seed: int = 20201) -> None:
    rng = random.Random(seed)
    vocab = _sample_vocabulary()
    for folder in ("procedures", "decisions", "plans", "feedback", "pages", "forms"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    fields = [{"id": f"linh-vuc-{i:02d}", "name": name} for i, name in enumerate(FIELD_NAMES)]
    agencies = [{"id": f"co-quan-{i:03d}", "name": f"{rng.choice(['Phòng', 'Trung tâm', 'Ban', 'UBND xã'])} {rng.choice(FIELD_NAMES)} số {i}",
                 "address": f"Số {i} đường Trần Phú, tỉnh Hà Tĩnh", "phone": f"0239 {3800000 + i}",
                 "hours": "Sáng 7h00–11h30, chiều 13h30–17h00"} for i in range(100)]
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4000)  # noqa: E731
    (root / "site.yaml").write_text(dump({"name": "UBND tỉnh Thử Nghiệm", "level": "tinh",
                                          "base_url": "https://example.gov.vn/tthc/", "feedback": "pakn"}), encoding="utf-8")
    (root / "fields.yaml").write_text(dump(fields), encoding="utf-8")
    (root / "agencies.yaml").write_text(dump(agencies), encoding="utf-8")
    (root / "feedback" / "pakn.yaml").write_text(dump({"agency": "co-quan-000", "phone": "0239 3800000",
                                                       "email": "pakn@example.gov.vn"}), encoding="utf-8")
    codes = []
    for i in range(count):
        code = f"{1 + i % 3}.{100000 + i:06d}"
        codes.append(code)
        name = " ".join(x for x in [rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)] if x)
        procedure = {
            "code": code, "name": name[0].upper() + name[1:], "field": rng.choice(fields)["id"],
            "level": rng.sample(["tinh", "huyen", "xa"], rng.randint(1, 2)),
            "agency": rng.choice(agencies)["id"], "receiving": [rng.choice(agencies)["id"]],
            "steps": rng.sample(vocab["steps"], min(4, len(vocab["steps"]))),
            "methods": [{"method": m, "time": rng.choice(vocab["times"]), "fee": rng.choice(vocab["fees"])}
                        for m in rng.sample(["truc-tiep", "truc-tuyen", "buu-chinh"], rng.randint(1, 3))],
            "online": rng.choice(["none", "none", "partial", "full"]),
            "documents": [{"name": d, "original": 1, "copy": rng.randint(0, 2)}
                          for d in rng.sample(vocab["documents"], min(3, len(vocab["documents"])))],
            "applicants": rng.sample(vocab["applicants"], 1),
            "result": rng.choice(vocab["results"]),
            "legal_basis": rng.sample(vocab["legal"], min(2, len(vocab["legal"]))),
            "decision": f"qd-{i // 500:03d}",
            "updated": "2024-07-01",
        }
        (root / "procedures" / f"{code}.yaml").write_text(dump(procedure), encoding="utf-8")
    for d in range((count + 499) // 500):
        rows = [{"code": c, "action": "new"} for c in codes[d * 500:(d + 1) * 500]]
        decision = {"number": f"{1000 + d}/QĐ-UBND", "date": "2024-06-01", "effective": "2024-07-01",
                    "title": f"Công bố danh mục thủ tục hành chính đợt {d + 1}", "changes": rows}
        (root / "decisions" / f"qd-{d:03d}.yaml").write_text(dump(decision), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/generate.py N DIR")
    generate(int(sys.argv[1]), Path(sys.argv[2]))
