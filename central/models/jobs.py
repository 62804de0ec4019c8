"""Occupations and job postings; only verified, unexpired postings reach terminals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["JOB_STATUSES", "Occupation", "Job"]

JOB_STATUSES = ("pending", "verified", "rejected", "expired", "withdrawn")


class Occupation(Base):
    __tablename__ = "occupations"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    riasec: Mapped[str] = mapped_column(String(3), default="")


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_seq", "status", "change_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True, nullable=True)
    title: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str | None] = mapped_column(String(160), nullable=True)
    employer: Mapped[str] = mapped_column(String(120))
    employer_en: Mapped[str | None] = mapped_column(String(160), nullable=True)
    district: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    occupation_code: Mapped[str] = mapped_column(String(16), default="", index=True)
    occupation_name: Mapped[str] = mapped_column(String(80), default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    salary_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    salary_max: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # none, junior_high, high_school, vocational, associate, bachelor or master
    education: Mapped[str] = mapped_column(String(20), default="none")
    experience_years: Mapped[int] = mapped_column(Integer, default=0)
    employment_type: Mapped[str] = mapped_column(String(20), default="full_time")  # or part_time
    hours: Mapped[str] = mapped_column(String(120), default="")
    contact: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    duties: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    how_to_apply: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    source_url: Mapped[str | None] = mapped_column(String(400), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
    # the hall whose staff look after the posting (verify, edit); None: city-wide staff only
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id"), nullable=True, index=True)
    vacancies: Mapped[int | None] = mapped_column(Integer, nullable=True)  # totalJobOpenings
    remote: Mapped[bool] = mapped_column(Boolean, default=False)  # jobLocationType TELECOMMUTE
    apply_url: Mapped[str | None] = mapped_column(String(400), nullable=True)
    locations: Mapped[list] = mapped_column(JSON, default=list)  # every place, as text
    source: Mapped[str] = mapped_column(String(120), default="")  # the file it was imported from
    # hallcore.pinyin.index_text of title, employer and occupation: staff search by pinyin
    search_text: Mapped[str] = mapped_column(Text, default="")
    # the checked fields as they were verified last; the queue shows what changed since
    verified_snapshot: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    status_note: Mapped[str] = mapped_column(String(500), default="")  # why it was rejected
