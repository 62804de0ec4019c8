"""Deterministic demo data: a believable hall, its services and staff, and N job postings."""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from central.models import (Counter, Hall, Job, Kiosk, KioskEvent, Occupation, Sequence,
                            Service, StaffRole, StaffToken, StaffUser)
from central.security import hash_password
from central.services.access import grant
from hallcore.pinyin import index_text

__all__ = ["seed", "history", "SERVICES", "STAFF"]

DATA = Path(__file__).resolve().parent / "data"
D = lambda zh, en, note="", note_en="": {"name": zh, "name_en": en, "note": note, "note_en": note_en}  # noqa: E731
ID_CARD = D("居民身份证原件", "Resident ID card (original)")
PHOTO = D("近期一寸免冠照片 1 张", "One recent passport-size photo")

SERVICES = [
    ("job_seeker_registration", "A", "求职登记", "Job-seeker registration",
     "登记求职意向，获得岗位推荐", "Register what work you want and get job referrals",
     [ID_CARD, D("学历证明（毕业证书）", "Proof of education (diploma)"), PHOTO], False),
    ("unemployment_registration", "B", "失业登记", "Unemployment registration",
     "办理失业登记，享受就业服务和政策", "Register as unemployed for services and benefits",
     [ID_CARD, D("与原单位解除劳动关系证明", "Proof that your last employment ended"),
      D("社会保障卡", "Social-security card")], True),
    ("career_guidance", "C", "职业指导", "Career guidance",
     "一对一职业指导与测评解读", "One-to-one career guidance and test results",
     [ID_CARD, D("个人简历（如有）", "Your CV (if you have one)")], False),
    ("difficulty_certification", "D", "就业困难人员认定", "Employment difficulty certification",
     "认定就业困难人员身份，享受援助", "Certification for employment assistance",
     [ID_CARD, D("户口簿", "Household register"), D("失业登记证明", "Unemployment registration proof"),
      D("相关证明材料（残疾证、低保证等）", "Supporting papers (disability card, subsistence allowance card, ...)")], True),
    ("startup_support", "E", "创业扶持", "Start-up support",
     "创业担保贷款、补贴申请与咨询", "Start-up loans, subsidies and advice",
     [ID_CARD, D("营业执照副本", "Business licence copy"), D("创业计划书", "Business plan")], True),
    ("social_insurance", "F", "社会保险", "Social insurance",
     "社保参保、转移与查询", "Social insurance enrolment, transfer and enquiries",
     [ID_CARD, D("社会保障卡", "Social-security card")], True),
]

# username, role, full name, password; the admin is the city's, the others work in hall 1
STAFF = [("admin", "admin", "系统管理员", "admin-demo"), ("manager", "hall_manager", "王主任", "manager-demo"),
         ("counsellor1", "counsellor", "李老师", "counsellor-demo"),
         ("counsellor2", "counsellor", "陈老师", "counsellor-demo"), ("viewer", "viewer", "赵观察", "viewer-demo")]

DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "昌平区", "大兴区", "顺义区"]
COMPANY_HEADS = ["华信", "恒通", "远航", "金桥", "明德", "康泰", "瑞丰", "嘉禾", "天成", "博远", "新锐", "合众",
                 "安达", "正阳", "鼎盛", "汇丰源", "青禾", "长风", "星河", "惠民"]
COMPANY_TAILS = ["科技有限公司", "物流有限公司", "餐饮管理有限公司", "医疗器械有限公司", "商贸有限公司",
                 "物业服务有限公司", "建筑工程有限公司", "教育咨询有限公司", "家政服务有限公司", "制造有限公司"]
EN_HEADS = ["Huaxin", "Hengtong", "Yuanhang", "Jinqiao", "Mingde", "Kangtai", "Ruifeng", "Jiahe"]
EN_TAILS = ["Technology Co., Ltd.", "Logistics Co., Ltd.", "Catering Co., Ltd.", "Trading Co., Ltd."]
EDU = ["none", "junior_high", "high_school", "vocational", "associate", "bachelor", "master"]
TAGS = ["五险一金", "包吃住", "双休", "带薪年假", "交通补贴", "年终奖", "弹性工作", "节日福利", "免费培训", "餐补"]
HOURS = ["周一至周五 9:00-18:00", "两班倒，月休4天", "做六休一", "早班 7:00-15:00", "周末兼职，每天4小时"]

# Fallback occupations when central/data/occupations.json is absent: code, zh, en, category, riasec
_OCCUPATIONS = [
    ("2-06-03-00", "会计", "Accountant", "财务", "CES"), ("4-01-02-05", "出纳", "Cashier (finance)", "财务", "CSE"),
    ("4-02-06-03", "仓库管理员", "Warehouse keeper", "物流", "CRE"), ("6-31-01-03", "电工", "Electrician", "技工", "RIC"),
    ("4-14-01-02", "护工", "Care worker", "医疗护理", "SRC"), ("4-03-02-01", "厨师", "Cook", "餐饮", "RAE"),
    ("4-01-05-01", "销售代表", "Sales representative", "销售", "ESC"), ("2-02-10-03", "软件工程师", "Software engineer", "信息技术", "IRC"),
    ("4-02-02-01", "快递员", "Courier", "物流", "RCE"), ("4-07-03-02", "保安员", "Security guard", "安保", "RCS"),
    ("4-10-01-06", "保洁员", "Cleaner", "家政保洁", "RCS"), ("4-10-01-01", "家政服务员", "Domestic helper", "家政保洁", "SRC"),
    ("2-08-01-00", "小学教师", "Primary school teacher", "教育", "SAE"), ("4-03-01-01", "餐厅服务员", "Waiter", "餐饮", "SEC"),
    ("4-04-01-00", "客服专员", "Customer service agent", "客服", "SEC"), ("6-04-02-00", "汽车维修工", "Car mechanic", "技工", "RIC"),
    ("4-01-01-01", "行政助理", "Administrative assistant", "行政", "CSE"), ("2-09-06-00", "平面设计师", "Graphic designer", "设计", "AER"),
    ("4-02-01-01", "货车司机", "Truck driver", "物流", "RCE"), ("2-05-08-00", "护士", "Nurse", "医疗护理", "SIR"),
    ("6-28-01-14", "焊工", "Welder", "技工", "RCI"), ("4-01-05-03", "收银员", "Checkout cashier", "销售", "CES"),
    ("2-06-07-00", "人力资源专员", "HR specialist", "行政", "SEC"), ("4-07-05-01", "物业管理员", "Property manager", "物业", "ESC"),
]

# how far each group moves up in this hall's queues (configurable per hall)
PRIORITY_WEIGHTS = {"elderly": 2, "disabled": 2, "long_term_unemployed": 1, "graduate": 1,
                    "laid_off": 1}

TITLE_VARIANTS = ["", "助理", "主管", "（急招）", "学徒", "储备"]


def _occupations() -> list[tuple]:
    path = DATA / "occupations.json"
    if path.exists():
        rows = json.loads(path.read_text(encoding="utf-8"))
        rows = rows.get("occupations", rows) if isinstance(rows, dict) else rows
        return [(o["code"], o["name_zh"], o.get("name_en", ""), o.get("category", ""),
                 o.get("riasec", "")) for o in rows]
    return _OCCUPATIONS


def _job(rng: random.Random, i: int, occ: tuple, now: datetime) -> dict:
    code, name, name_en, category, _ = occ
    variant = rng.choice(TITLE_VARIANTS) if rng.random() < 0.35 else ""
    head, tail = rng.choice(COMPANY_HEADS), rng.choice(COMPANY_TAILS)
    district = rng.choice(DISTRICTS)
    bilingual = rng.random() < 0.15
    low = rng.randrange(3000, 15000, 500)
    high = low + rng.randrange(500, 8000, 500)
    posted = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1440))
    roll = rng.random()
    status = "verified" if roll < 0.85 else "pending" if roll < 0.93 else "rejected" if roll < 0.97 else "expired"
    expires = posted + timedelta(days=rng.choice([30, 60, 90]))
    if status == "expired":
        expires = now - timedelta(days=rng.randint(1, 10))
    elif expires <= now:
        expires = now + timedelta(days=rng.randint(5, 40))
    edu = rng.choice(EDU[:5] if category not in ("信息技术", "教育", "医疗护理") else EDU[3:])
    exp = rng.choice([0, 0, 1, 2, 3, 5])
    tags = rng.sample(TAGS, rng.randint(1, 4))
    ptime = rng.random() < 0.15
    title = f"{name}{variant}"
    employer = f"{district[:-1]}{head}{tail}"
    return {
        "id": i, "title": title, "title_en": f"{name_en}" if bilingual else None,
        "employer": employer,
        "employer_en": f"{rng.choice(EN_HEADS)} {rng.choice(EN_TAILS)}" if bilingual else None,
        "district": district, "address": f"北京市{district}{head}路{rng.randint(1, 300)}号",
        "occupation_code": code, "occupation_name": name, "category": category,
        "salary_min": low, "salary_max": high, "education": edu, "experience_years": exp,
        "employment_type": "part_time" if ptime else "full_time",
        "hours": HOURS[4] if ptime else rng.choice(HOURS[:4]),
        "contact": f"{rng.choice('王李张刘陈杨赵黄周吴')}先生/女士 010-{rng.randint(60000000, 89999999)}",
        "description": f"{head}{tail}因业务发展需要，招聘{title}{rng.randint(1, 10)}名。"
                       + (f" We are hiring a {name_en}." if bilingual else ""),
        "duties": f"负责{name}相关日常工作；完成上级交办的其他任务。",
        "requirements": f"{'有' + str(exp) + '年以上相关经验' if exp else '经验不限'}；责任心强，善于沟通。",
        "how_to_apply": "携带简历到现场面试，或电话预约。",
        "tags": tags, "status": status,
        "verified_at": posted + timedelta(hours=6) if status in ("verified", "expired") else None,
        "posted_at": posted, "expires_at": expires,
        "source_url": None, "updated_at": posted, "change_seq": i, "hall_id": 1,
        "search_text": index_text(title, name, district, f"{name_en}" if bilingual else ""),
        "verified_snapshot": None,
    }


def seed(db: Session, seed_value: int = 1, jobs: int = 5000, now: datetime | None = None) -> dict:
    """Replace demo data with a hall built from ``seed_value``; returns a summary."""
    rng = random.Random(seed_value)
    now = now or datetime.now(timezone.utc)
    from central.models.queue import (Person, PriorityRule, Rating, Referral, ServiceRecord,
                                      Ticket, TicketCounter)
    from central.models.fleet import Announcement, AuditEntry, KioskCommand, KioskStatus
    from central.models.quiz import QuizBank
    from central.models.config import ConfigLayer
    from central.models.health import HealthSample
    for model in (ConfigLayer, HealthSample, QuizBank, Announcement, AuditEntry, KioskCommand, KioskStatus, Rating, ServiceRecord, Referral, Ticket, TicketCounter, Person, PriorityRule,
                  KioskEvent, Job, Occupation, Kiosk, StaffToken, StaffRole, StaffUser, Counter, Service,
                  Hall, Sequence):
        db.execute(delete(model))
    hall = Hall(id=1, code="demo-hall", name="示范区公共就业服务大厅",
                name_en="Demo District Public Employment Service Hall", address="示范区人民路 88 号")
    db.add(hall)
    db.flush()
    for sort, (code, letter, name, name_en, desc, desc_en, docs, ident) in enumerate(SERVICES):
        db.add(Service(hall_id=1, code=code, letter=letter, name=name, name_en=name_en,
                       description=desc, description_en=desc_en, documents=docs,
                       requires_identity=ident, sort=sort))
    for n in range(1, 7):
        codes = [SERVICES[(n - 1) % len(SERVICES)][0], SERVICES[n % len(SERVICES)][0]]
        db.add(Counter(hall_id=1, number=n, name=f"{n}号窗口", service_codes=codes))
    db.flush()
    from central.models.fleet import Announcement
    db.add(Announcement(hall_id=1, text="本周五下午举办专场招聘会，欢迎求职者参加。",
                        text_en="Job fair this Friday afternoon: all job seekers welcome."))
    for group, weight in PRIORITY_WEIGHTS.items():
        db.add(PriorityRule(hall_id=1, group=group, weight=weight))
    pw_cache: dict[str, str] = {}
    for username, role, full, password in STAFF:
        pw_cache.setdefault(password, hash_password(password))
        user = StaffUser(username=username, full_name=full, password_hash=pw_cache[password],
                         counter_id=int(username[-1]) if role == "counsellor" else None)
        grant(user, [(None if role == "admin" else 1, role)])
        db.add(user)
    occupations = _occupations()
    db.execute(insert(Occupation), [dict(code=c, name=n, name_en=e, category=cat, riasec=r)
                                    for c, n, e, cat, r in occupations])
    common = occupations[:24]
    rows = [_job(rng, i, rng.choice(common) if rng.random() < 0.6 else rng.choice(occupations), now)
            for i in range(1, jobs + 1)]
    for start in range(0, len(rows), 5000):
        db.execute(insert(Job), rows[start:start + 5000])
    db.add(Sequence(name="jobs", value=jobs))
    db.flush()
    if db.get_bind().dialect.name == "postgresql":  # explicit ids leave serials behind
        for table in ("halls", "jobs"):
            db.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
    db.commit()
    return {"hall": hall.name, "services": len(SERVICES), "counters": 6, "staff": len(STAFF),
            "occupations": len(occupations), "jobs": jobs,
            "verified": sum(1 for r in rows if r["status"] == "verified")}


def history(db: Session, days: int, today: date | None = None, tickets_a_day: int = 120,
            events_a_day: int = 240, seed_value: int = 1) -> dict[str, int]:
    """Past hall days for the reports, after ``seed``: finished and missed tickets (a fifth
    of the finished ones rated) and terminal events (searches, job slips, quiz results) from
    a retired terminal, for the ``days`` days before ``today``, about ``tickets_a_day`` and
    ``events_a_day`` on an ordinary weekday (Mondays busier, Saturdays quieter, Sundays
    closed). Written in bulk."""
    from central.halltime import day_start, hall_today
    from central.models.queue import Rating, Ticket, TicketStatus
    rng = random.Random(seed_value)
    today = today or hall_today()
    services = db.execute(select(Service.id, Service.letter)).all()
    counters = db.scalars(select(Counter.id)).all()
    retired = Kiosk(hall_id=1, name="旧终端（已退役）", place="一楼大厅", revoked=True)
    db.add(retired)
    db.flush()
    counts = {"tickets": 0, "ratings": 0, "events": 0}
    for back in range(1, days + 1):
        day = today - timedelta(days=back)
        if day.weekday() == 6:   # the hall is closed on Sundays
            continue
        # Mondays are busiest, Saturdays quietest
        busy = (1.3, 1.0, 1.0, 0.95, 0.9, 0.45)[day.weekday()] * rng.uniform(0.85, 1.15)
        opens = day_start(day) + timedelta(hours=8, minutes=30)   # 08:30 in the hall
        tickets, numbers = [], {}
        for _ in range(round(tickets_a_day * busy)):
            service_id, letter = rng.choice(services)
            number = numbers[service_id] = numbers.get(service_id, 0) + 1
            issued = opens + timedelta(minutes=rng.uniform(0, 480))
            served = rng.random() < 0.85
            called = issued + timedelta(minutes=rng.uniform(1, 40))
            tickets.append({
                "hall_id": 1, "service_id": service_id, "day": day.isoformat(), "number": number,
                "label": f"{letter}{number:03d}", "status": TicketStatus.done if served else TicketStatus.no_show,
                "key": uuid.uuid4().hex, "status_token": uuid.uuid4().hex[:32],
                "arrival_at": issued, "issued_at": issued, "called_at": called,
                "finished_at": called + timedelta(minutes=rng.uniform(3, 15)) if served else None,
                "counter_id": rng.choice(counters), "updated_at": issued,
                "priority": 0, "recalls": 0, "note": ""})
        ids = db.scalars(insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True), tickets).all()
        ratings = [{"ticket_id": tid, "service_id": t["service_id"], "counter_id": t["counter_id"],
                    "score": rng.choice((3, 4, 4, 5, 5, 5)), "reasons": [], "created_at": t["finished_at"]}
                   for tid, t in zip(ids, tickets) if t["status"] == TicketStatus.done and rng.random() < 0.2]
        if ratings:
            db.execute(insert(Rating), ratings)
        events = []
        for _ in range(round(events_a_day * busy)):
            kind = rng.choice(("search", "search", "job_print", "quiz_result"))
            payload = ({"query": rng.choice(SEARCHES), "results": rng.randint(0, 40)} if kind == "search"
                       else {"code": "".join(rng.sample("RIASEC", 3))} if kind == "quiz_result"
                       else {"job_id": rng.randint(1, 10)})
            at = opens + timedelta(minutes=rng.uniform(0, 480))
            events.append({"kiosk_id": retired.id, "key": uuid.uuid4().hex, "kind": kind,
                           "occurred_at": at, "received_at": at, "payload": payload})
        db.execute(insert(KioskEvent), events)
        db.commit()
        counts["tickets"] += len(tickets)
        counts["ratings"] += len(ratings)
        counts["events"] += len(events)
    return counts


SEARCHES = ("司机", "会计", "厨师", "保安", "电工", "kj", "仓管", "销售", "护工", "焊工")
