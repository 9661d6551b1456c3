"""Legal domain: offence catalogues per jurisdiction, the legal-elements engine, requalification.

The pure core (``facts``, ``catalogue``, ``engine``, ``requalification``, ``cli``) imports
nothing from Django, so it runs in tests and on the command line without settings.
"""
