"""Throughput of ``extractor run`` on a mixed corpus, against a full-NLP baseline.

Builds a corpus of N articles (default 10,000): about 5% award reports, taken from
``corpus/articles.jsonl`` and, when it is checked out, ``../shared/corpus/dev/articles.jsonl``
under new ids, and 95% news-like articles without awards, generated here from templates
about weather, traffic, farming, markets, health, schools and public works (never copied
from a publication). Then, each in a fresh process so peak memory is its own:

1. award articles only, 1 worker pinned to one core -> award articles/s;
2. non-award articles only, 1 worker, one core -> non-award articles/s;
3. the mixed corpus with 1 worker and with 2 workers, alternately (neither pinned: the
   1-worker run is one process, it uses one core) -> speed-up of 2 over 1;
4. the baseline on a sample of K mixed articles: underthesea ``word_tokenize`` and ``ner``
   on every sentence (what a pipeline running every NLP step on every sentence costs).

Before each run the benchmark waits (``--quiet-wait``, default up to 60 s) until the rest of
the machine uses less than 0.2 cores; a timed run during which other processes used more
than ``--max-other`` cores (default 0.25; for the speed-up, the pair of runs) is run again,
up to ``--retries`` times, and the count of such runs is printed. Each timed run is repeated
(``--repeat``, default 3) and the fastest is kept, since a shared machine slows runs at
random; the CPU other processes used during each run is printed with it. Each run starts
with :func:`extractor.parallel.warm_up` (language data loaded, one article extracted),
timed apart as startup: the rates are those of ``run_job`` itself.

It prints a Markdown table: articles/s (wall clock; CPU-time rate, all processes, in
brackets) and three measures of memory, all peaks over the run: the RSS of one process
(``getrusage``: the main process and, with workers, the largest worker); the RSS of all
the processes summed at one instant, which counts the pages forked workers share with the
main process once in each of them; and the PSS of all the processes summed the same way
(``smaps_rollup``: a page shared by k processes counts 1/k in each), which is the physical
memory the run uses. The two sums are sampled from ``/proc`` every 0.1 s by the benchmark
itself, in one more run of each configuration, not timed (reading ``smaps_rollup`` costs
about 3 ms of CPU per process). Then the machine. Run from the repository root::

    .venv/bin/python benchmarks/throughput.py --articles 10000
    .venv/bin/python benchmarks/throughput.py --articles 100000 --baseline-sample 50
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

Run = dict[str, float]
ROOT = Path(__file__).resolve().parent.parent
AWARD_SOURCES = (ROOT / "corpus" / "articles.jsonl",
                 ROOT.parent / "shared" / "corpus" / "dev" / "articles.jsonl")

# -- news-like articles without awards ----------------------------------------------------

PLACES = ["Cần Thơ", "Đồng Tháp", "An Giang", "Nghệ An", "Thanh Hóa", "Quảng Ninh",
          "Lâm Đồng", "Đắk Lắk", "Bình Định", "Hải Phòng", "Sơn La", "Cà Mau", "Huế",
          "Gia Lai", "Tây Ninh", "Vĩnh Long", "Lạng Sơn", "Khánh Hòa", "Bắc Ninh", "Đà Nẵng"]
DISTRICTS = ["Phú An", "Tân Lộc", "Hòa Bình Tây", "Mỹ Xuyên Đông", "Long Điền Bắc",
             "Thạnh Phú Mới", "Vĩnh Hưng Hạ", "Kim Sơn Thượng", "Đông Hải Mới", "An Phước"]
ROADS = ["quốc lộ 1", "quốc lộ 14", "quốc lộ 91", "tỉnh lộ 8", "đường Nguyễn Trãi",
         "cầu Rạch Miễu", "đường vành đai 2", "cao tốc Trung Lương - Mỹ Thuận"]
CROPS = ["lúa", "xoài", "sầu riêng", "cà phê", "hồ tiêu", "thanh long", "bưởi", "khoai lang",
         "dưa hấu", "chè"]
GOODS = ["thịt heo", "rau xanh", "trứng gà", "cá tra", "tôm thẻ", "gạo", "xăng RON95",
         "đường cát", "dầu ăn"]
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]

TITLES = [
    "Thời tiết {place}: {weather_short} trong những ngày tới",
    "Giá {good} tại {place} {trend} trong tuần",
    "Ùn tắc kéo dài trên {road} đoạn qua {place}",
    "Nông dân {district} thu hoạch {crop} vụ mới",
    "{place} đẩy nhanh tiến độ sửa chữa {road}",
    "Chợ đầu mối {district}: sức mua {trend} cuối tuần",
    "Bệnh viện đa khoa {place} tiếp nhận nhiều ca sốt xuất huyết",
    "Học sinh {place} bước vào năm học mới",
]

SENTENCES = {
    "weather": [
        "Theo Đài Khí tượng thủy văn {place}, ngày {day}/{month} trời nhiều mây, có mưa "
        "rào và dông rải rác, nhiệt độ thấp nhất {tlow} độ C, cao nhất {thigh} độ C.",
        "Gió mùa đông bắc tiếp tục ảnh hưởng đến các huyện phía bắc {place}, trời rét về "
        "đêm và sáng sớm.",
        "Lượng mưa đo được tại trạm {district} trong 24 giờ qua là {n} mm, mực nước trên "
        "các sông nhỏ lên nhanh.",
        "Cơ quan chức năng khuyến cáo người dân hạn chế ra khỏi nhà khi có dông, lốc và "
        "sét.",
        "Nắng nóng diện rộng kéo dài {k} ngày khiến nhu cầu sử dụng điện tăng khoảng {pct}% "
        "so với cùng kỳ.",
        "Độ ẩm không khí dao động từ {pct} đến {pct2}%, tầm nhìn xa trên {k} km.",
    ],
    "traffic": [
        "Khoảng {hour} giờ sáng {weekday}, lượng xe trên {road} đoạn qua {district} tăng "
        "đột biến, dòng phương tiện nối dài hơn {k} km.",
        "Lực lượng cảnh sát giao thông đã phân luồng từ xa để giảm áp lực cho nút giao.",
        "Đơn vị thi công cho biết mặt đường sẽ được thảm lại bê tông nhựa trước ngày "
        "{day}/{month}.",
        "Trong {k} tháng đầu năm, trên địa bàn {place} xảy ra {n} vụ va chạm giao thông, "
        "giảm {pct}% so với cùng kỳ.",
        "Xe khách và xe tải nặng được hướng dẫn đi theo tuyến tránh để bảo đảm an toàn.",
        "Nhiều tài xế phản ánh biển báo tại công trường còn thiếu và khó nhìn vào ban đêm.",
    ],
    "farming": [
        "Vụ này nông dân {district} xuống giống {n} ha {crop}, năng suất ước đạt {k} tấn "
        "mỗi ha.",
        "Giá {crop} tại ruộng dao động từ {price} đến {price2} đồng/kg, thương lái thu mua "
        "tận vườn.",
        "Ngành nông nghiệp {place} khuyến cáo bà con theo dõi sâu bệnh, bón phân cân đối và "
        "giữ nước trong mương.",
        "Hợp tác xã {district} ký hợp đồng bao tiêu sản phẩm với doanh nghiệp chế biến.",
        "Do ảnh hưởng của hạn mặn, khoảng {n} ha {crop} bị thiệt hại từ {pct}% trở lên.",
        "Người trồng {crop} cho biết chi phí phân bón và công lao động năm nay đều tăng.",
    ],
    "market": [
        "Tại chợ {district}, giá {good} ở mức {price} đồng/kg, {trend} so với tuần trước.",
        "Tiểu thương cho biết sức mua chậm lại vào giữa tuần rồi tăng trở lại dịp cuối "
        "tuần.",
        "Sở Công Thương {place} cho biết nguồn cung hàng hóa thiết yếu ổn định, không có "
        "tình trạng găm hàng.",
        "Giá {good} bán lẻ tại các siêu thị trên địa bàn điều chỉnh tăng {pct}%.",
        "Lượng hàng về chợ đầu mối mỗi đêm khoảng {n} tấn, chủ yếu từ các tỉnh lân cận.",
        "Nhiều hộ kinh doanh chuyển sang bán hàng trực tuyến để giữ chân khách quen.",
    ],
    "health": [
        "Từ đầu năm đến nay, {place} ghi nhận {n} ca sốt xuất huyết, tăng {pct}% so với "
        "cùng kỳ năm trước.",
        "Trung tâm Kiểm soát bệnh tật tỉnh tổ chức phun hóa chất diệt muỗi tại {k} xã có ổ "
        "dịch.",
        "Bác sĩ khuyên người dân súc rửa dụng cụ chứa nước, đi khám sớm khi sốt cao liên "
        "tục.",
        "Bệnh viện đã bố trí thêm {k} giường bệnh và phân công nhân viên trực ngoài giờ.",
        "Tỷ lệ trẻ em dưới một tuổi được tiêm chủng đầy đủ đạt {pct}%.",
    ],
    "school": [
        "Năm học này, toàn tỉnh có hơn {n} học sinh ở các cấp, tăng so với năm trước.",
        "Nhiều trường đã sửa chữa phòng học, bổ sung bàn ghế và thiết bị trước ngày khai "
        "giảng.",
        "Sở Giáo dục và Đào tạo {place} lưu ý các trường không thu các khoản ngoài quy định.",
        "Trường ở {district} còn thiếu {k} phòng học, phải học hai ca trong ngày.",
        "Học sinh vùng xa được hỗ trợ tiền ăn trưa và chỗ ở bán trú.",
    ],
    "works": [
        "Dự án nâng cấp {road} có tổng vốn khoảng {n} tỷ đồng, dự kiến hoàn thành vào quý "
        "{quarter} năm sau.",
        "Chủ đầu tư cho biết mới giải ngân được {pct}% kế hoạch vốn do vướng mặt bằng.",
        "Khoảng {n} hộ dân ở {district} đã nhận tiền bồi thường và bàn giao đất.",
        "Nhà thầu tăng ca, huy động thêm máy móc để bù lại thời gian mưa kéo dài.",
        "Người dân mong tuyến đường sớm hoàn thành để việc đi lại, vận chuyển nông sản "
        "thuận lợi hơn.",
    ],
}

QUOTES = [
    "“Chúng tôi đang theo dõi sát tình hình và sẽ thông tin kịp thời”, một cán bộ cho biết.",
    "Ông {name}, người dân {district}, nói gia đình đã quen với cảnh này mỗi mùa mưa.",
    "Bà {name}, một tiểu thương, cho hay việc buôn bán năm nay chậm hơn mọi năm.",
]
NAMES = ["Nguyễn Văn Hòa", "Trần Thị Lan", "Lê Văn Tâm", "Phạm Thị Hạnh", "Võ Minh Sơn",
         "Huỳnh Thị Mai", "Đặng Quốc Bảo", "Bùi Thị Ngọc"]


def _fill(template: str, rng: random.Random) -> str:
    low = rng.randint(12, 24)
    price = rng.randrange(5_000, 95_000, 500)
    values = {
        "place": rng.choice(PLACES), "district": rng.choice(DISTRICTS),
        "road": rng.choice(ROADS), "crop": rng.choice(CROPS), "good": rng.choice(GOODS),
        "weekday": rng.choice(WEEKDAYS), "name": rng.choice(NAMES),
        "trend": rng.choice(["tăng nhẹ", "giảm nhẹ", "đi ngang", "tăng mạnh"]),
        "weather_short": rng.choice(["mưa rào", "nắng nóng", "rét đậm", "dông lốc"]),
        "day": rng.randint(1, 28), "month": rng.randint(1, 12), "hour": rng.randint(5, 9),
        "tlow": low, "thigh": low + rng.randint(4, 12), "n": f"{rng.randint(12, 9_800):,}"
        .replace(",", "."), "k": rng.randint(2, 15), "pct": rng.randint(3, 45),
        "pct2": rng.randint(50, 95), "price": f"{price:,}".replace(",", "."),
        "price2": f"{price + rng.randrange(500, 9_000, 500):,}".replace(",", "."),
        "quarter": rng.choice(["I", "II", "III", "IV"]),
    }
    return template.format(**values)


def news_article(i: int, rng: random.Random) -> dict[str, str]:
    """One generated news-like article (about 1,500 to 4,500 characters) without awards."""
    topics = rng.sample(sorted(SENTENCES), k=rng.randint(1, 3))
    target = rng.randint(1_500, 4_500)
    paragraphs: list[str] = []
    length = 0
    while length < target:
        pool = SENTENCES[rng.choice(topics)]
        sentences = [_fill(s, rng) for s in rng.sample(pool, k=rng.randint(2, 4))]
        if rng.random() < 0.3:
            sentences.append(_fill(rng.choice(QUOTES), rng))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 1
    return {"id": f"news-{i:07d}", "url": f"https://example.vn/tin/{i}",
            "title": _fill(rng.choice(TITLES), rng),
            "published": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "text": "\n".join(paragraphs)}


def award_sources() -> list[dict[str, str]]:
    """Award reports: the bundled corpus and the dev corpus when it is present."""
    out: list[dict[str, str]] = []
    for path in AWARD_SOURCES:
        if path.is_file():
            with path.open(encoding="utf-8") as f:
                out.extend(json.loads(line) for line in f if line.strip())
    return out


def build_corpus(folder: Path, n: int, award_share: float, seed: int) -> dict[str, int]:
    """Write ``mixed.jsonl`` (n articles), ``award.jsonl`` and ``news.jsonl`` (its two
    parts) in ``folder``, streaming; return the counts."""
    from extractor.prefilter import has_cues

    rng = random.Random(seed)
    sources = award_sources()
    n_award = round(n * award_share)
    award_at = set(rng.sample(range(n), n_award))
    counts = {"award": 0, "news": 0, "news_with_cues": 0}
    with (folder / "mixed.jsonl").open("w", encoding="utf-8") as mixed, \
            (folder / "award.jsonl").open("w", encoding="utf-8") as award, \
            (folder / "news.jsonl").open("w", encoding="utf-8") as news:
        for i in range(n):
            if i in award_at:
                src = sources[counts["award"] % len(sources)]
                rec = {**src, "id": f"award-{i:07d}-{src['id']}"}
                target = award
                counts["award"] += 1
            else:
                rec = news_article(i, rng)
                if has_cues(rec["text"]):  # the templates must not hold award language
                    counts["news_with_cues"] += 1
                target = news
                counts["news"] += 1
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            mixed.write(line)
            target.write(line)
    return counts


# -- measured runs (each in a child process) ----------------------------------------------

def _pin(cores: int) -> None:
    if hasattr(os, "sched_setaffinity"):
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(available[:cores]))


def cpu_busy() -> float:
    """CPU seconds the whole machine has spent busy so far, all cores and processes
    (``/proc/stat``: user, nice, system, irq, softirq, steal); 0 where unavailable."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields)
    except (OSError, ValueError):
        return 0.0
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _proc_kb(pid: int, path: str, keys: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in keys:
                out[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return out


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                out.append(int(child))
                out.extend(_descendants(int(child)))
    except (OSError, ValueError):
        pass
    return out


class MemorySampler(threading.Thread):
    """Memory of a process and its descendants, sampled every 0.1 s (Linux ``/proc``)
    from outside (the benchmark's own process), so the measured run pays nothing for it.

    ``peak_rss_sum_kb``: the largest sum of the processes' RSS at one sampling instant;
    pages the forked workers share with the main process are counted in each of them.
    ``peak_pss_sum_kb``: the largest sum of their PSS (``smaps_rollup``), where a page
    shared by k processes counts 1/k in each, so the sum is the physical memory of the
    whole run. ``peak_hwm_kb``: each process's own peak RSS (``VmHWM``), by pid. A peak
    shorter than 0.1 s can be missed by the two sums, not by ``VmHWM``."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss_sum_kb = 0
        self.peak_pss_sum_kb = 0
        self.peak_hwm_kb: dict[int, int] = {}
        self.cpu_rate = 0.0  # CPU the sampler itself uses, in cores
        self.stop = threading.Event()

    def run(self) -> None:
        t0, cpu0 = time.monotonic(), time.thread_time()
        while not self.stop.wait(0.1):
            rss = pss = 0
            for pid in [self.pid, *_descendants(self.pid)]:
                status = _proc_kb(pid, "status", ("VmRSS", "VmHWM"))
                rss += status.get("VmRSS", 0)
                self.peak_hwm_kb[pid] = max(self.peak_hwm_kb.get(pid, 0),
                                            status.get("VmHWM", 0))
                pss += _proc_kb(pid, "smaps_rollup", ("Pss",)).get("Pss", 0)
            self.peak_rss_sum_kb = max(self.peak_rss_sum_kb, rss)
            self.peak_pss_sum_kb = max(self.peak_pss_sum_kb, pss)
            self.cpu_rate = (time.thread_time() - cpu0) / (time.monotonic() - t0)


def child_run(args: argparse.Namespace) -> None:
    """Run the extractor once and print its timings and memory as JSON.

    Startup (imports, :func:`extractor.parallel.warm_up`: the language data loaded and
    one article extracted, so nothing is loaded on first use inside the timed run) is
    timed apart; the rates are of ``run_job`` alone, for 1 and N workers alike."""
    _pin(args.cores)
    t0 = time.perf_counter()
    from extractor import run_job
    from extractor.parallel import warm_up

    warm_up()
    startup = time.perf_counter() - t0
    busy0 = cpu_busy()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    summary = run_job([args.child_input], args.child_out, fmt=args.format,
                      workers=args.workers, checkpoint_every=0)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    busy = cpu_busy() - busy0
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_all = cpu + kids.ru_utime + kids.ru_stime
    print(json.dumps({
        "articles": summary.read, "failed": summary.failed, "awards": summary.awards,
        "wall": wall, "cpu": cpu_all, "cpu_main": cpu, "startup": startup,
        # CPU the rest of the machine used meanwhile, in cores (other jobs; the benchmark
        # takes its own sampler out)
        "other_cores": max(0.0, busy - cpu_all) / wall,
        "rss_main_mb": me.ru_maxrss / 1024, "rss_worker_mb": kids.ru_maxrss / 1024,
    }))


def child_baseline(args: argparse.Namespace) -> None:
    """underthesea word_tokenize + ner on every sentence of a sample; print JSON."""
    _pin(1)
    from underthesea import ner, sent_tokenize, word_tokenize

    rng = random.Random(args.seed + 1)  # not the corpus's draws (they place the awards)
    sample: list[str] = []  # reservoir sampling: the corpus is not held in memory
    with Path(args.child_input).open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if len(sample) < args.baseline_sample:
                sample.append(json.loads(line)["text"])
            elif (j := rng.randrange(i + 1)) < args.baseline_sample:
                sample[j] = json.loads(line)["text"]
    ner("Khởi động.")  # load the model outside the timing
    wall0, cpu0 = time.perf_counter(), time.process_time()
    sentences = 0
    for text in sample:
        for paragraph in text.split("\n"):
            for sentence in sent_tokenize(paragraph):
                word_tokenize(sentence)
                ner(sentence)
                sentences += 1
    print(json.dumps({"articles": len(sample), "sentences": sentences,
                      "wall": time.perf_counter() - wall0,
                      "cpu": time.process_time() - cpu0,
                      "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def wait_quiet(timeout: float, threshold: float = 0.2) -> float:
    """Wait until the rest of the machine uses less than ``threshold`` cores (measured
    over 1 s), at most ``timeout`` seconds; return the last measure, in cores."""
    deadline = time.monotonic() + timeout
    while True:
        b0, t0 = cpu_busy(), time.monotonic()
        time.sleep(1.0)
        load = (cpu_busy() - b0) / (time.monotonic() - t0)
        if load < threshold or time.monotonic() >= deadline:
            return load


def _child(argv: list[str], sample: bool = False) -> dict[str, float]:
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    sampler = MemorySampler(proc.pid)
    if sample:
        sampler.start()
    out, err = proc.communicate()
    if sample:
        sampler.stop.set()
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"child run failed:\n{err}")
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0]
    if sample:  # the sampler is one of the "other processes" the run saw
        result["other_cores"] = max(0.0, result["other_cores"] - sampler.cpu_rate)
    if sample and sampler.peak_pss_sum_kb:
        result["rss_sum_mb"] = sampler.peak_rss_sum_kb / 1024
        result["pss_sum_mb"] = sampler.peak_pss_sum_kb / 1024
        result["hwm_sum_mb"] = sum(sampler.peak_hwm_kb.values()) / 1024
    return result


def machine() -> str:
    """nproc, CPU model, memory, Python version, kernel."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    total = _meminfo_total_gb()
    mem = f", {total:.0f} GB" if total else ""
    return (f"{os.cpu_count()} cores ({model}){mem}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def _meminfo_total_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except (OSError, ValueError):
        pass
    return 0.0


def _median(values: list[float]) -> float:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="corpus size")
    parser.add_argument("--workers", type=int, default=2,
                        help="workers of the parallel run compared with 1 (default 2)")
    parser.add_argument("--baseline-sample", type=int, default=100,
                        help="articles the baseline runs on (default 100)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each extractor configuration; the fastest is shown "
                             "(default 3: this machine may be shared)")
    parser.add_argument("--quiet-wait", type=float, default=60.0,
                        help="before each run, wait up to this many seconds for the rest "
                             "of the machine to use less than 0.2 cores (default 60; 0: "
                             "do not wait)")
    parser.add_argument("--max-other", type=float, default=0.25,
                        help="a timed run (a pair of runs for the speed-up) during which "
                             "other processes used more cores than this is run again, at "
                             "most --retries times (default 0.25)")
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--award-share", type=float, default=0.05)
    parser.add_argument("--format", default="parquet", choices=("parquet", "csv", "jsonl"))
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where the corpus and tables go (default: a temporary folder)")
    parser.add_argument("--json", action="store_true", help="also print the raw numbers")
    # internal: one measured run in a child process
    parser.add_argument("--child", choices=("run", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--child-input", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    parser.add_argument("--cores", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "run":
        child_run(args)
        return 0
    if args.child == "baseline":
        child_baseline(args)
        return 0

    with tempfile.TemporaryDirectory(prefix="extractor-bench-") as tmp:
        work = args.work_dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        counts = build_corpus(work, args.articles, args.award_share, args.seed)
        print(f"corpus: {counts['award']} award + {counts['news']} non-award articles "
              f"({counts['news_with_cues']} generated with an award cue) in "
              f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
        cores = os.cpu_count() or 1

        def once(name: str, workers: int, pinned: int, memory: bool = False
                 ) -> dict[str, float]:
            before = wait_quiet(args.quiet_wait) if args.quiet_wait > 0 else float("nan")
            r = _child(["--child", "run", "--child-input", str(work / f"{name}.jsonl"),
                        "--child-out", str(work / f"out-{name}-{workers}"),
                        "--format", args.format, "--workers", str(workers),
                        "--cores", str(pinned)], sample=memory)
            r["other_before"] = before
            what = "memory run (not timed)" if memory else "run"
            print(f"{what}: {name}, {workers} worker(s): {r['articles'] / r['wall']:,.1f} "
                  f"articles/s; other processes: {before:.2f} cores before, "
                  f"{r['other_cores']:.2f} during", file=sys.stderr)
            return r

        discarded = 0

        def clean(run: Callable[[], tuple[Run, ...]]) -> tuple[Run, ...]:
            """``run()``, repeated (at most --retries times) while other processes took
            more than --max-other cores during one of its runs."""
            nonlocal discarded
            for _ in range(args.retries):
                result = run()
                if max(r["other_cores"] for r in result) <= args.max_other:
                    return result
                discarded += 1
                print("  (other processes were busy: run again)", file=sys.stderr)
            return run()

        def best(runs: list[dict[str, float]], mem: dict[str, float]) -> dict[str, float]:
            """The fastest run; its memory from the memory run, peak RSS per process the
            largest of all the runs."""
            out: Run = dict(min(runs, key=lambda r: r["wall"]))
            out.update({k: mem[k] for k in ("rss_sum_mb", "pss_sum_mb", "hwm_sum_mb")
                        if k in mem})
            for key in ("rss_main_mb", "rss_worker_mb"):
                out[key] = max(r[key] for r in [*runs, mem])
            return out

        repeat = range(max(1, args.repeat))
        award = best([clean(lambda: (once("award", 1, 1),))[0] for _ in repeat],
                     once("award", 1, 1, memory=True))
        news = best([clean(lambda: (once("news", 1, 1),))[0] for _ in repeat],
                    once("news", 1, 1, memory=True))
        # 1 and N workers alternate, so both meet the same machine load
        pairs = [clean(lambda: (once("mixed", 1, cores), once("mixed", args.workers, cores)))
                 for _ in repeat]
        mixed1 = best([p[0] for p in pairs], once("mixed", 1, cores, memory=True))
        mixedn = best([p[1] for p in pairs], once("mixed", args.workers, cores, memory=True))
        pair_ratios = [p[0]["wall"] / p[1]["wall"] for p in pairs]
        print("run: baseline ...", file=sys.stderr)
        base = _child(["--child", "baseline", "--child-input", str(work / "mixed.jsonl"),
                       "--baseline-sample", str(args.baseline_sample), "--seed",
                       str(args.seed)])

    def rate(r: dict[str, float]) -> str:
        return f"{r['articles'] / r['wall']:,.0f} ({r['articles'] / r['cpu']:,.0f})"

    def mb(r: dict[str, float], key: str) -> str:
        return f"{r[key]:.0f}" if r.get(key) else "n/a"

    base_rate = base["articles"] / base["wall"]
    mixed_rate = mixed1["articles"] / mixed1["wall"]
    speedup = mixedn["articles"] / mixedn["wall"] / mixed_rate
    n = args.workers
    rows = [
        ("award articles, 1 worker (one core)", rate(award), mb(award, "rss_main_mb"),
         mb(award, "rss_sum_mb"), mb(award, "pss_sum_mb")),
        ("non-award articles, 1 worker (one core)", rate(news), mb(news, "rss_main_mb"),
         mb(news, "rss_sum_mb"), mb(news, "pss_sum_mb")),
        ("mixed corpus, 1 worker", rate(mixed1), mb(mixed1, "rss_main_mb"),
         mb(mixed1, "rss_sum_mb"), mb(mixed1, "pss_sum_mb")),
        (f"mixed corpus, {n} workers", rate(mixedn),
         f"{mixedn['rss_main_mb']:.0f} (main), {mixedn['rss_worker_mb']:.0f} (largest "
         f"worker); summed: {mixedn.get('hwm_sum_mb', 0):.0f}",
         mb(mixedn, "rss_sum_mb"), mb(mixedn, "pss_sum_mb")),
        (f"baseline: word_tokenize + ner on every sentence ({base['articles']:.0f} "
         f"mixed articles, {base['sentences']:.0f} sentences)", rate(base),
         f"{base['rss_main_mb']:.0f}", "n/a", "n/a"),
    ]
    print(f"\n{args.articles:,} articles ({counts['award']:,} award, {counts['news']:,} "
          f"non-award); {dt.date.today().isoformat()}; {machine()}\n")
    print("| run | articles/s (CPU-time rate) | peak RSS of a process, MB | peak of the "
          "summed RSS of all processes, MB | peak of the summed PSS of all processes, MB |")
    print("|---|---|---|---|---|")
    for name, r, *mem in rows:
        print(f"| {name} | {r} | {' | '.join(mem)} |")
    others = ", ".join(f"{r['other_cores']:.2f}" for r in (award, news, mixed1, mixedn))
    pair_text = "; ".join(f"{x:.2f} (other processes {p[0]['other_cores']:.2f} / "
                          f"{p[1]['other_cores']:.2f} cores)"
                          for x, p in zip(pair_ratios, pairs, strict=True))
    print(f"\nspeed-up over the baseline (mixed corpus, 1 worker): "
          f"{mixed_rate / base_rate:,.0f}x; {n} workers over 1: {speedup:.2f}x fastest over "
          f"fastest, median of the pairs {_median(pair_ratios):.2f}x, run by run: "
          f"{pair_text}")
    end1 = mixed1["startup"] + mixed1["wall"]
    endn = mixedn["startup"] + mixedn["wall"]
    print(f"end to end, startup included (mixed corpus, fastest runs): 1 worker {end1:.1f} s, "
          f"{n} workers {endn:.1f} s: {end1 / endn:.2f}x")
    print(f"startup (imports, language data, warm-up; not in the rates): "
          f"{mixed1['startup']:.1f} s; CPU used by other processes during the fastest runs "
          f"(award, non-award, mixed 1, mixed {n}), in cores: {others}; timed runs (pairs "
          f"for the speed-up) run again because other processes used more than "
          f"{args.max_other} cores: {discarded}")
    print("Peak RSS of a process: the kernel's peak (getrusage ru_maxrss) of the main process, "
          "and of the largest worker, over all the runs; 'summed' adds each process's own "
          "peak (VmHWM). The summed RSS and PSS are sampled every 0.1 s from outside, in a "
          "run of each configuration of their own (not timed: reading smaps_rollup costs "
          "CPU). The summed RSS counts the pages forked workers share with the main process "
          "once in every process; the summed PSS counts a page shared by k processes 1/k in "
          "each: it is the physical memory of the run.")
    if args.json:
        print(json.dumps({"articles": args.articles, "counts": counts, "award": award,
                          "discarded": discarded,
                          "pair_ratios": pair_ratios, "pairs": pairs,
                          "news": news, "mixed_1": mixed1, "mixed_n": mixedn,
                          "baseline": base, "machine": machine()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
