"""The API's request and response models: the OpenAPI contract, one module per resource.

Naming: a request body is ``XxxIn``, an answer is ``XxxOut``; ``common`` holds the field
types every module uses (database-safe integers, text, times and JSON).
"""

__all__: list[str] = []
