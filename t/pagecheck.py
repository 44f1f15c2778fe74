#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""pagecheck: what a browser's parser sees in an HTML page, for t/*.sh.

Usage: pagecheck.py FILE

Parses FILE with python's html.parser and prints, one a line:
  doctype DECL          the <!DOCTYPE ...> declaration
  lang LANG             <html lang=...>
  charset CHARSET       <meta charset=...>
  viewport CONTENT      <meta name=viewport content=...>
  alternate TYPE HREF   each <link rel="alternate"> in the head
  a HREF                each <a href=...>
  element NAME          each element of a kind that must never be there
                        (script, iframe, object, embed, img with onerror)
  text TEXT             each non-blank run of text, unescaped
  unclosed NAME         each non-void element left open at the end
Exit status 1 when an end tag closes nothing open (not well nested).
"""

import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
FORBIDDEN = {"script", "iframe", "object", "embed"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.bad = 0

    def handle_decl(self, decl):
        print("doctype", decl)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and "lang" in a:
            print("lang", a["lang"])
        if tag == "meta" and "charset" in a:
            print("charset", a["charset"])
        if tag == "meta" and a.get("name") == "viewport":
            print("viewport", a.get("content"))
        if tag == "link" and a.get("rel") == "alternate":
            print("alternate", a.get("type"), a.get("href"))
        if tag == "a":
            print("a", a.get("href"))
        if tag in FORBIDDEN or any(k.startswith("on") for k in a):
            print("element", tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            print("# pagecheck: </%s> closes nothing open" % tag,
                  file=sys.stderr)
            self.bad += 1
            return
        self.open.pop()

    def handle_data(self, data):
        # HTML's white space only: a no-break space is text.
        text = re.sub(r"[ \t\n\r\f]+", " ", data).strip(" ")
        if text:
            print("text", text)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    page = Page()
    with open(argv[1], encoding="utf-8") as f:
        page.feed(f.read())
    page.close()
    for tag in page.open:
        print("unclosed", tag)
    return 1 if page.bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
