"""`python -m nnviz.bench`: the benchmark, apart from the app (nothing in nnviz imports it; it imports the app).

table.py times and prints; engine.py, gui_sections.py and the modules they name add the sections.
"""
