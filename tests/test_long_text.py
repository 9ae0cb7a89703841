"""A text far larger than an article is read on two processes (``geo._long_text``): its reading
must be the one a single process makes. The texts are written in our own words, shaped like the
structures of ``test_reading_real_news`` (carried places, scopes, totals, lists, statistics)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo import _long_text
from geo._tokens import tokenize
from geo.figures import figures_in, find_figures, joined

PARAGRAPHS = [
    "Đoàn đã đến xã Cao Lâu, huyện Cao Lộc. Tại đây, đoàn trao 50 suất quà cho hộ nghèo.",
    "Toàn tỉnh đã có 1.200 ngày công giúp dân.",
    "Đoàn trao 70 suất quà gồm xã Cao Lâu 20 suất, xã Xuất Lễ 20 suất và xã Mai Pha 30 suất. "
    "Mỗi suất quà trị giá 1 triệu đồng.",
    "Ban tổ chức trao 40 suất học bổng cho học sinh nghèo trên địa bàn huyện.",
    "Trong đó có 25 suất cho học sinh tiểu học.",
    "Năm nay, xã Cao Lâu có 12 căn, xã Xuất Lễ 08 căn, xã Mai Pha 10 căn. Tổng trị giá 3 căn nhà khoảng 80 triệu đồng.",
    "Hội Khuyến học huyện Văn Quan vừa trao 60 suất học bổng cho học sinh nghèo. Trong đó, mỗi suất 1 triệu đồng.",
    "Cơn bão làm 3 người chết, 118 nhà hư hỏng; xã có 58 hộ, 339 khẩu bị ảnh hưởng.",
    "Đoàn còn tặng 30 suất quà cho học sinh. Ông Nguyễn Văn A (sinh năm 1976) nhận 2 tấn gạo.",
    "Tại xã Tân Mỹ, huyện Văn Lãng, đoàn trao quà, mỗi suất 1 triệu đồng; 123 lớp/9.735 người tham gia.",
]


def _long_article() -> str:
    """A dated text of many paragraphs, and one long paragraph of numbers (stretches merged into one)."""
    numbers = " ".join(
        f"Tại xã Xuân Mai, lực lượng đã hỗ trợ {k + 3} căn nhà, {k + 7} suất quà." for k in range(60)
    )
    body = [PARAGRAPHS[(k * 7) % len(PARAGRAPHS)] for k in range(45)]
    return "LẠNG SƠN – Ngày 05/8/2020\n\n" + "\n".join([*body[:20], numbers, *body[20:]])


# Run in a fresh interpreter: a fork is made only where no other thread runs (``_beside``), and the
# tests before may leave threads behind (servers, a Dask client).
COMPARE = """
import datetime as dt, json, sys
from geo import _long_text
from geo._beside import Beside
from geo.activities import build_activities
from geo.extract import read_article
from geo.gazetteer_cache import load_gazetteer

gazetteer = load_gazetteer()
text = open(sys.argv[1], encoding="utf-8").read()

def reading():
    found = read_article(text, gazetteer, date=dt.date(2020, 8, 5), province="Lạng Sơn")
    activities = build_activities(found)
    own = all(  # the activities hold this reading's own figures and mentions (not copies of them)
        all(any(f is g for g in found.figures) for f in a.figures)
        and all(any(m is n for n in found.mentions) for m in a.places)
        for a in activities
    )
    return [
        [(m.text, m.start, m.unit.id if m.unit else None, m.role) for m in found.mentions],
        [repr(f) for f in found.figures],
        [[a.to_json(), a.named_here, a.scoped, a.notes] for a in activities],
    ], own

forked = []

class Counted(Beside):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        forked.append(self._pid)

one, _ = reading()
_long_text.LONG_TEXT, _long_text._OWN_SHARE, _long_text._WALKED_FIRST = 0, float(sys.argv[2]), float(sys.argv[3])
_long_text.Beside = Counted
two, own = reading()
print(json.dumps({"same": two == one, "own": own, "forked": len(forked), "copies": all(forked)}))
"""


def _in_fresh_process(code: str, *args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    answer: dict[str, object] = json.loads(done.stdout)
    return answer


@pytest.mark.parametrize(("own", "walked"), [(0.25, 0.3), (0.5, 0.5), (0.05, 0.95), (0.9, 0.1)])
def test_a_long_text_read_on_two_processes_is_read_as_in_one(tmp_path, own, walked):
    path = tmp_path / "long.txt"
    path.write_text(_long_article(), encoding="utf-8")
    answer = _in_fresh_process(COMPARE, str(path), str(own), str(walked))
    # the figures and the activities: each read in a copy, and read as in one process
    assert answer == {"same": True, "own": True, "forked": 2, "copies": True}


def test_a_stretch_is_cut_at_a_sentence_and_the_statistic_across_the_cut_joined():
    text = "Xã có 58 hộ, 339 khẩu. Đoàn trao 20 suất quà. Bão làm 7 nhà hư hỏng, 5 nhà sập."
    toks = tokenize(text)
    one = find_figures(text, toks)
    for at in range(len(text)):
        before, after = _long_text.parts(text, toks, at)
        first, met = figures_in(text, toks, before)
        assert met
        assert joined(text, first, figures_in(text, toks, after)[0]) == one
    # cut by hand between the two figures of one statistic: the second is a context figure too
    cut = next(i for i, t in enumerate(toks) if t.text == "339")
    first, met = figures_in(text, toks, [(0, len(text), 0, cut)])
    then, _ = figures_in(text, toks, [(0, len(text), cut, None)])
    assert met and then[0].role == "activity"
    assert joined(text, first, then) == one and one[1].role == "context"


def test_a_cut_inside_a_figure_is_told():
    text = "Đoàn trao khoảng 300-350 ngàn đồng cho mỗi hộ."
    toks = tokenize(text)
    inside = next(i for i, t in enumerate(toks) if t.text == "350")
    _, met = figures_in(text, toks, [(0, len(text), 0, inside)])
    assert not met  # the range runs on past the cut: the reader reads the text again in one go


BESIDE = """
import json, os, threading
from geo._beside import Beside

answer = {}
with Beside(os.getpid) as later:
    answer["copy"] = later.result() != os.getpid()
with Beside(lambda: 1 // 0, here=lambda: -1) as later:  # the copy failed: here instead
    answer["failed"] = later.result()
with Beside(os.getpid) as never:  # never asked for: stopped and reaped on leaving
    pid = never._pid
try:
    os.waitpid(pid, os.WNOHANG)
    answer["reaped"] = False
except ChildProcessError:
    answer["reaped"] = bool(pid) and never._pid == 0
done = threading.Event()
other = threading.Thread(target=done.wait)
other.start()
with Beside(os.getpid) as later:  # another thread runs: no fork
    answer["threads"] = later.result() == os.getpid()
done.set()
other.join()
print(json.dumps(answer))
"""


def test_work_beside_runs_in_a_copy_and_falls_back_here():
    assert _in_fresh_process(BESIDE) == {"copy": True, "failed": -1, "reaped": True, "threads": True}
