"""Deterministic job postings in the feed's shape (docs/CONTRACTS.md, Job), made fast.

The terminal tests and bench/search.py build a 100,000-posting store from this;
it owes nothing to the central service's demo seed, so the terminal's tests
stand on their own. Same ``seed`` -> same postings, in well under a second.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

__all__ = ["make_jobs", "OCCUPATIONS", "DISTRICTS"]

# code, zh, en, category
OCCUPATIONS = [
    ("2-06-03-00", "会计", "Accountant", "财务"), ("4-01-02-05", "出纳", "Cashier", "财务"),
    ("4-02-06-03", "仓库管理员", "Warehouse keeper", "物流"), ("6-31-01-03", "电工", "Electrician", "技工"),
    ("4-14-01-02", "护工", "Care worker", "医疗护理"), ("4-03-02-01", "厨师", "Cook", "餐饮"),
    ("4-01-05-01", "销售代表", "Sales representative", "销售"),
    ("2-02-10-03", "软件工程师", "Software engineer", "信息技术"),
    ("4-02-02-01", "快递员", "Courier", "物流"), ("4-07-03-02", "保安员", "Security guard", "安保"),
    ("4-10-01-06", "保洁员", "Cleaner", "家政保洁"), ("4-10-01-01", "家政服务员", "Domestic helper", "家政保洁"),
    ("2-08-01-00", "小学教师", "Primary school teacher", "教育"), ("4-03-01-01", "餐厅服务员", "Waiter", "餐饮"),
    ("4-04-01-00", "客服专员", "Customer service agent", "客服"), ("6-04-02-00", "汽车维修工", "Car mechanic", "技工"),
    ("4-01-01-01", "行政助理", "Administrative assistant", "行政"), ("2-09-06-00", "平面设计师", "Graphic designer", "设计"),
    ("4-02-01-01", "货车司机", "Truck driver", "物流"), ("2-05-08-00", "护士", "Nurse", "医疗护理"),
    ("6-28-01-14", "焊工", "Welder", "技工"), ("4-01-05-03", "收银员", "Checkout operator", "销售"),
    ("2-06-07-00", "人力资源专员", "HR specialist", "行政"), ("4-07-05-01", "物业管理员", "Property manager", "物业"),
    ("2-06-03-01", "财务会计", "Financial accountant", "财务"), ("6-18-01-01", "叉车司机", "Forklift driver", "物流"),
]
DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "昌平区", "大兴区", "顺义区"]
HEADS = ["华信", "恒通", "远航", "金桥", "明德", "康泰", "瑞丰", "嘉禾", "天成", "博远", "新锐", "合众"]
TAILS = ["科技有限公司", "物流有限公司", "餐饮管理有限公司", "商贸有限公司", "物业服务有限公司", "制造有限公司"]
EN_HEADS = ["Huaxin", "Hengtong", "Yuanhang", "Jinqiao", "Mingde", "Kangtai"]
VARIANTS = ["", "", "", "", "助理", "主管", "（急招）", "学徒"]
EDUCATION = ["none", "junior_high", "high_school", "vocational", "associate", "bachelor", "master"]
TAGS = ["五险一金", "包吃住", "双休", "带薪年假", "交通补贴", "年终奖", "弹性工作", "免费培训"]
HOURS = ["周一至周五 9:00-18:00", "两班倒，月休4天", "做六休一", "周末兼职，每天4小时"]


def make_jobs(n: int, seed: int = 1, now: datetime | None = None) -> list[dict]:
    """``n`` verified postings with ids 1..n; a higher id is never posted earlier."""
    rng = random.Random(seed)
    now = now or datetime(2026, 11, 24, tzinfo=timezone.utc)
    # one timestamp string per hour of the last 60 days, oldest first: ids grow with time
    stamps = [(now - timedelta(hours=h)).isoformat() for h in range(60 * 24, -1, -1)]
    expiry = (now + timedelta(days=45)).isoformat()
    jobs = []
    for i in range(1, n + 1):
        code, name, name_en, category = rng.choice(OCCUPATIONS)
        title = name + rng.choice(VARIANTS)
        district = rng.choice(DISTRICTS)
        head, tail = rng.choice(HEADS), rng.choice(TAILS)
        bilingual = rng.random() < 0.2
        low = rng.randrange(2500, 15000, 500)
        exp = rng.choice((0, 0, 1, 2, 3, 5))
        posted = stamps[(i * len(stamps)) // (n + 1)]
        part_time = rng.random() < 0.15
        jobs.append({
            "id": i, "title": title, "title_en": name_en if bilingual else None,
            "employer": f"{district[:-1]}{head}{tail}",
            "employer_en": f"{rng.choice(EN_HEADS)} Co., Ltd." if bilingual else None,
            "district": district, "address": f"北京市{district}{head}路{i % 300 + 1}号",
            "occupation_code": code, "occupation_name": name, "category": category,
            "salary_min": low if i % 17 else None,
            "salary_max": low + rng.randrange(500, 8000, 500) if i % 17 else None,
            "education": rng.choice(EDUCATION), "experience_years": exp,
            "employment_type": "part_time" if part_time else "full_time",
            "hours": HOURS[3] if part_time else rng.choice(HOURS[:3]),
            "contact": f"010-{60000000 + i}",
            "description": f"{head}{tail}因业务发展需要，招聘{title}{i % 9 + 1}名。"
                           + (f" We are hiring a {name_en.lower()}." if bilingual else ""),
            "duties": f"负责{name}相关日常工作。", "requirements": f"{exp}年以上相关经验；责任心强。",
            "how_to_apply": "携带简历到现场面试。", "tags": rng.sample(TAGS, 1 + i % 3),
            "verification_status": "verified", "verified_at": posted, "posted_at": posted,
            "expires_at": expiry if i % 5 else None, "source_url": None, "updated_at": posted,
        })
    return jobs
