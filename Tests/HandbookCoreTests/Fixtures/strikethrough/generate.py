#!/usr/bin/env python3
"""Writes cases.md (tilde runs among emphasis, code, escapes, links and autolinks, seeded) and
cmark-gfm.html, the `cmark-gfm` command's HTML of it (Debian's 0.29.0.gfm.6: the library
Handbook links). MarkdownTests.strikethroughAsCmarkGFMRendersIt compares Handbook's own
strikethrough matching (Sources/HandbookMarkdown/Strikethrough.swift) with it."""
import random, subprocess, pathlib
here = pathlib.Path(__file__).parent
rng = random.Random(13)
tokens = ["~", "~~", "~~~", "~~~~", "a", "b", " ", " ", "*", "**", "_", "__", "`x~`", "\\~", "~\\~",
          "[l~](http://e.com/x)", "www.e.com", "http://e.org/p", ".", ",", "(", ")", "!", "é", "\u00a0", "~é~",
          "<b>", "</b>", "&amp;", "\\*", "[", "]"]
cases = [
    "~~a~~", "~a~", "x ~~~a~~~", "~~a~", "~a~~", "~~a ~b~ c~~", "~~ a~~", "~~a ~~", "a~~b~~c",
    "x " + "~" * 150 + "a" + "~" * 150, "x " + "~" * 100 + "a" + "~" * 100, "x " + "~" * 101 + "a" + "~" * 101,
    "~~*a*~~", "*~~a~~*", "**~~a**~~", "~~a **b~~ c**", "`~~a~~`", "\\~~a~~", "~~a\\~~",
    "~~[a](http://e.com)~~", "[~~a~~](http://e.com)", "~~www.e.com~~", "~~http://e.org~~",
    "~~a\nb~~", "~~a  \nb~~", "- ~~a~~\n- ~b~", "> ~~a~~", "| x | y |\n|---|---|\n| ~~a~~ | ~b |",
    "~~é~~", "x ~~~~", "~~ ~~", "a ~~ b", "~~a~~~~b~~", "~~a~~b~~c~~", "_~~a~~_", "~~_a_~~",
]
for _ in range(700):
    # A letter first: a case opening with `~~~`, `*` or `-` would be a fence, a list or a rule.
    cases.append("x" + "".join(rng.choice(tokens) for _ in range(rng.randint(2, 14))).rstrip())
text = "\n\n".join(c.replace("\n\n", "\n") for c in cases) + "\n"
(here / "cases.md").write_text(text)
html = subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink",
                       "-e", "tagfilter", "-e", "tasklist", str(here / "cases.md")],
                      check=True, capture_output=True).stdout
(here / "cmark-gfm.html").write_bytes(html)
