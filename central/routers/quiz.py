"""The quiz: the bank terminals cache (with occupations), new bank versions, the phone result page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from central import quizbank
from central.audit import audit
from central.deps import DbDep, KioskDep, require_role
from central.models import StaffUser
from hallcore.quiz import BankError, hexagon, match_occupations, parse_result_query, rank

router = APIRouter(tags=["quiz"])


@router.get("/api/kiosk/quiz", responses={304: {"description": "the terminal's copy is current"}})
def kiosk_quiz(request: Request, kiosk: KioskDep, db: DbDep) -> Response:
    """The newest item bank and the occupation table; 304 when the terminal's ETag matches."""
    body, tag = quizbank.cached_bundle(db)
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    return JSONResponse(body, headers={"ETag": tag})


@router.get("/api/quiz/bank")
def get_bank(db: DbDep, user: StaffUser = Depends(require_role("viewer"))) -> dict[str, Any]:
    """The bank terminals are given now, with its version."""
    bank = quizbank.latest(db)
    return {"version": bank.version, **bank.document}


@router.post("/api/quiz/bank", status_code=201)
def post_bank(document: dict[str, Any], db: DbDep,
              user: StaffUser = Depends(require_role("admin"))) -> dict[str, Any]:
    """A new version of the bank, checked as a terminal would check it; terminals pick it up."""
    try:
        bank = quizbank.add_version(db, document, user.id)
    except BankError as exc:
        raise HTTPException(422, str(exc)) from None
    audit(db, user, "quiz_bank", f"version:{bank.version}")
    db.commit()
    return {"version": bank.version}


@router.get("/quiz/result", response_class=HTMLResponse)
def result_page(request: Request, db: DbDep, c: str = Query(..., max_length=3),
                s: str = Query(..., max_length=40)) -> HTMLResponse:
    """A result as a page for phones (from the slip's QR): no person in it, only code and scores."""
    try:
        code, scores = parse_result_query(c.upper(), s)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    bundle, _ = quizbank.cached_bundle(db)
    types = bundle["types"]
    ranking = rank(scores)
    size, centre = 120, 150
    corners = hexagon(scores)
    outline = " ".join(f"{centre + x * size:.1f},{centre - y * size:.1f}" for _, x, y, _ in corners)
    shape = " ".join(f"{centre + x * size * share:.1f},{centre - y * size * share:.1f}"
                     for _, x, y, share in corners)
    labels = [(letter, centre + x * (size + 18), centre - y * (size + 18) + 5) for letter, x, y, _ in corners]
    return request.app.state.templates.TemplateResponse(request, "quiz_result.html", {
        "code": code, "scores": scores, "ranking": ranking, "types": types,
        "outline": outline, "shape": shape, "labels": labels,
        "occupations": match_occupations(code, bundle["occupations"], limit=10)})
