"""The content factory: every county the project writes, from tables, through one writer.

    writer.py   records -> YAML (the one place that decides quoting, blocks, layout)
    images.py   the placeholder pictures, each a pure function of its key
    sample.py   the sample county in content/, from sample/*.csv|yaml
    bench.py    the benchmarks' N counties, from bench.yaml and a seed
    edge.py     the edge county of the page and poster tests, from edge.yaml
    screen.py   the screen county of the lobby-screen tests, from screen.yaml
    check.py    the self-check: load_county and the facts against a table's `expect`

`scripts/make_sample_content.py`, `bench/make_content.py`, `tests/edge_county.py` and
`tests/test_screen.py` are the entry points the rest of the project calls.
"""
