#!/usr/bin/env python3
"""Writes the hostile corpus (issue 14): a handbook with a payload in every field and file name.

Usage: make_corpus.py OUT.json       the corpus as {path: text}, committed as
                                     Tests/HandbookCoreTests/Fixtures/hostile-corpus.json
       make_corpus.py --tree DIR     the same files written below DIR (the browser test builds it)
"""
import json
import os
import sys

# One of each class: script in HTML text, in an attribute, in a URL, in Markdown, in JSON inside a script.
P = [
    "<script>alert('t')</script>",
    "\"><img src=x onerror=alert('a')>",
    "javascript:alert('u')",
    "[Approve now](javascript:alert('m'))",
    "';alert('j');//\u2028\u2029</script>",
    "{{site.title}}{{{body}}}",
    "\u001b[31mred\u001b[0m \u202etxt.exe",
]


def y(text):
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def corpus():
    files = {}
    files["content/handbook.yml"] = "\n".join([
        "title: " + y(P[0] + P[1]),
        "intro: " + y(P[3] + " " + P[2]),
        "repository: https://github.com/acme/app",
        "params: {x: " + y(P[4]) + "}",
        "",
    ])
    for index, payload in enumerate(P):
        number = f"{index + 1:04d}"
        files[f"content/decisions/{number}-x.md"] = "\n".join([
            "---",
            "title: " + y(payload),
            "status: " + y("accepted" if index % 2 else payload),
            "date: 2026-11-0" + str(index + 1),
            "deciders: [" + y(payload) + "]",
            "tags: [" + y(payload) + ", " + y(payload[::-1]) + "]",
            "governs: [\"src/**\"]",
            "custom: " + y(payload),
            "---",
            "# " + payload,
            "",
            payload,
            "",
            "[click](" + ("javascript:alert('l')" if index % 2 else "vbscript:msgbox(1)") + ") "
            "<a href=\"javascript:alert('h')\">raw</a> <script>alert('s')</script>",
            "",
            "| " + payload.replace("|", "\\|") + " |\n| --- |\n| " + payload.replace("|", "\\|") + " |",
            "",
        ])
        files[f"content/landmines/l{index}.md"] = "\n".join([
            "---",
            "title: " + y(payload),
            "severity: critical",
            "paths: [\"src/**\"]",
            "owner: " + y(payload),
            "incidents: [" + y(P[2]) + ", " + y(payload) + "]",
            "---",
            "## What broke", payload, "## Who needs it", payload, "## What fails if it disappears", payload, "",
        ])
    # File names: a page named like a script URL, like markup, with quotes.
    files["content/javascript:alert('f').md"] = "# Named like a URL\n"
    files["content/<img src=x onerror=alert('n')>.md"] = "# Named like markup\n"
    files["content/q\"uote'd.md"] = "# Quotes\n"
    files["src/javascript:alert('g').swift"] = "\n"
    files["src/<svg onload=alert('s')>.swift"] = "\n"
    files["src/a\u001b[31m.swift"] = "\n"
    files["CODEOWNERS"] = "* @acme/" + "x<img src=x onerror=alert('o')>\n"
    return files


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--tree":
        for path, text in corpus().items():
            target = os.path.join(sys.argv[2], path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
    elif len(sys.argv) == 2:
        with open(sys.argv[1], "w", encoding="utf-8") as handle:
            json.dump(corpus(), handle, ensure_ascii=True, indent=1, sort_keys=True)
            handle.write("\n")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
