"""Generate Vietnamese news articles in the register of the sample, from the gazetteer.

Each article has a header date, a ``LSO-``-style lead, place chains (``xã X, huyện Y``), coordinated
lists, province-wide figures and a caption, about the sample's length (~5 kB). Places are drawn
from the units valid on the article's date, in any province (``province=None``) or one. The
generator is seeded, so a corpus is reproducible; it returns texts and what each one names.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from geo._numbers import format_number
from geo.gazetteer import Gazetteer, Unit

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
FILLER = (
    "Theo đó, ban chỉ đạo công tác phối hợp các cấp chủ động làm tốt công tác tuyên truyền, vận động nhân "
    "dân, cán bộ, hội viên, đoàn viên, công chức, viên chức và người lao động thực hiện tốt các chủ trương, "
    "đường lối của Đảng, chính sách, pháp luật của Nhà nước; nâng cao tinh thần cảnh giác, nhận thức sâu sắc "
    "về âm mưu thủ đoạn của các thế lực thù địch; xây dựng nền quốc phòng toàn dân, thế trận quốc phòng toàn "
    "dân gắn với thế trận an ninh nhân dân."
)
CLOSING = (
    "Thời gian tới, Ban Chỉ đạo tỉnh tiếp tục tăng cường lãnh đạo, chỉ đạo nâng cao chất lượng, hiệu quả công "
    "tác dân vận của cấp ủy, chỉ huy các cấp, tham gia phát triển kinh tế, văn hóa, xã hội; củng cố quốc phòng, "
    "an ninh; tăng cường khối đại đoàn kết toàn dân, đoàn kết quân – dân, góp phần giữ vững ổn định chính trị, "
    "trật tự an toàn xã hội trên địa bàn."
)


@dataclass
class Article:
    name: str
    text: str
    date: dt.date
    province: str
    communes: list[str]  # unit ids of the communes named


def _chain(gazetteer: Gazetteer, unit: Unit) -> str:
    parents = gazetteer.parents(unit)
    district = next((p for p in parents if p.level == "district"), None)
    parts = [f"{unit.type} {unit.name}"]
    if district is not None:
        parts.append(f"{district.type} {district.name}")
    return ", ".join(parts)


def generate(gazetteer: Gazetteer, n: int, *, seed: int = 1, province: str | None = None) -> list[Article]:
    """``n`` articles; dates between 2010 and 2024 (2008–2025 units), or 2025-07 to 2026 (2025 units)."""
    rng = random.Random(seed)
    by_province: dict[tuple[str, dt.date], list[Unit]] = {}
    provinces = [u for u in gazetteer.units.values() if u.level == "province" and u.valid_to is not None]
    provinces += [u for u in gazetteer.units.values() if u.level == "province" and u.valid_to is None]
    out = []
    for k in range(n):
        year = rng.choice([2011, 2013, 2015, 2017, 2018, 2021, 2023, 2026])
        day = dt.date(year, rng.randint(1, 6 if year == 2026 else 12), rng.randint(1, 28))
        if year == 2026:
            day = dt.date(2026, rng.randint(1, 6), rng.randint(1, 28))
        candidates = [p for p in provinces if p.valid_at(day) and (province is None or p.name == province)]
        prov = rng.choice(candidates)
        pool = by_province.get((prov.id, day))
        if pool is None:
            pool = [u for u in gazetteer.units_at(day, level="commune", province=prov)]
            pool = [u for u in pool if u.name[:1].isalpha()]  # numbered wards read differently in prose
            by_province[(prov.id, day)] = pool
        communes = rng.sample(pool, k=min(4, len(pool)))
        a, b, c, d = (communes + communes * 4)[:4]
        workdays, people, km = rng.randint(100, 9999), rng.randint(1000, 99999), rng.randint(5, 300)
        money = rng.randint(2, 9)
        text = "\n\n".join(
            [
                f"{rng.choice(WEEKDAYS)}, {day.day:02d}/{day.month:02d}/{day.year}",
                f"Hiệu quả phối hợp giữa lực lượng vũ trang và nhân dân {prov.type} {prov.name}",
                f"{'LSO-' if prov.name == 'Lạng Sơn' else ''}Từ năm {day.year - 1} đến nay, chương trình phối "
                "hợp hoạt động giữa các lực lượng đạt "
                "nhiều kết quả thiết thực.",
                f"Cán bộ, chiến sỹ bê tông đường giao thông nông thôn tại {_chain(gazetteer, a)}",
                FILLER,
                f"Năm {day.year - 1} và 5 tháng đầu năm nay, các đơn vị vận động, tuyển chọn "
                f"{format_number(rng.randint(500, 5000))} công dân nhập ngũ, đạt 100% chỉ tiêu; tổ chức bồi "
                f"dưỡng kiến thức quốc phòng cho {rng.randint(20, 200)} lớp/{format_number(people)} người.",
                f"Đầu năm {day.year}, Trung đoàn {rng.randint(100, 999)}, Bộ Chỉ huy Quân sự tỉnh đưa bộ đội "
                f"về {_chain(gazetteer, b)} và {_chain(gazetteer, c)}, trong đó đóng góp "
                f"{format_number(workdays)} ngày công xây dựng nông thôn mới.",
                f"Theo thống kê, lực lượng vũ trang huy động được {format_number(workdays * 12)} ngày công, với "
                f"trị giá thành tiền gần {money} tỉ đồng; làm mới và sửa đường liên thôn, liên xã hơn {km} km; "
                f"giúp đỡ hàng nghìn ngày công cho gia đình chính sách tại {_chain(gazetteer, d)}.",
                CLOSING,
                "PHÓNG VIÊN",
            ]
        )
        out.append(Article(f"article_{k:05d}.txt", text, day, prov.name, [u.id for u in (a, b, c, d)]))
    return out


def write(articles: list[Article], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = folder / article.name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths
