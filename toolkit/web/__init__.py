"""`policykit serve`: the local web app over the in-memory library API.

app.py        create_app: routes, static files, guards
views.py      the routes: request -> Workspace -> page or file
workspace.py  one page's state, validated and rendered through the library's pipeline
fields.py     the jurisdiction form, built from the pydantic models, and back
answers.py    answers files and saving into the data file
security.py   CSRF, size limits and security headers, for every request
pages.py      the Jinja pages; messages.py all their text, in English and Spanish
localized.py  policy titles, summaries, option labels and warnings in the interface language
site.py       what the server holds: catalogue and data file
server.py     uvicorn on a pre-bound socket
"""

from toolkit.web.app import create_app

__all__ = ["create_app"]
