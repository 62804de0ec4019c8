"""The service layer: each module holds the rules and the queries of one area.

Routers parse and authorise a request, call one function here and shape the answer.
A function here raises a ``ServiceError`` (errors.py) when it refuses; the app turns that
into the HTTP answer, so no service module knows about HTTP.
"""

__all__: list[str] = []
