"""The quiz: the bank terminals cache (with occupations), new bank versions, the phone result page."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from central.deps import Admin, DbDep, KioskDep, Viewer
from central.pages import render
from central.schemas.quiz import QuizBankIn, QuizBankOut, QuizBundleOut, QuizVersionOut
from central.services import quiz

__all__ = ["router"]

router = APIRouter(tags=["quiz"])


@router.get("/api/kiosk/quiz", response_model=QuizBundleOut,
            responses={304: {"description": "the terminal's copy is current"}})
def kiosk_quiz(request: Request, kiosk: KioskDep, db: DbDep) -> Response:
    """The newest item bank and the occupation table; 304 when the terminal's ETag matches."""
    body, tag = quiz.cached_bundle(db)
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    return JSONResponse(body, headers={"ETag": tag})


@router.get("/api/quiz/bank")
def get_bank(db: DbDep, user: Viewer) -> QuizBankOut:
    """The bank terminals are given now, with its version."""
    return quiz.current_bank(db, user)


@router.post("/api/quiz/bank", status_code=201)
def post_bank(body: QuizBankIn, db: DbDep, user: Admin) -> QuizVersionOut:
    """A new version of the bank, checked as a terminal would check it; terminals pick it up."""
    return quiz.post_bank(db, user, body.model_dump())


@router.get("/quiz/result", response_class=HTMLResponse)
def result_page(request: Request, db: DbDep, c: str = Query(..., max_length=3),
                s: str = Query(..., max_length=40)) -> HTMLResponse:
    """A result as a page for phones (from the slip's QR): no person in it, only code and scores."""
    return render(request, "quiz_result.html", **quiz.result_page(db, c, s))
