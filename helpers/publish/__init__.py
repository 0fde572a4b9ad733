"""Building the handouts: execute each lesson once, render learner and facilitator editions
as single-file offline HTML, and write an index. Run with ``python -m helpers handouts``."""
