"""Entry-point screening: indicator catalogues, the scoring engine and questionnaire interchange.

The modules in this package other than the Django integration (models, views, admin, apps,
management commands) import nothing from Django, so they can be used from the command line,
from tests and from background jobs alike.
"""
