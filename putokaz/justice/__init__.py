"""Criminal justice: the legal facts of a case, proceedings, charges per stage, requalification.

The legal reasoning lives in the framework-free putokaz.legal engine; this app stores its
inputs and results with the catalogue versions used, and decides who may see what.
"""
