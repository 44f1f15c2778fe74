#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""feedcheck: parse a feed with feedparser and check what readers will see.

Usage: feedcheck.py [options] FEED

Every run checks that feedparser reads FEED without complaint (bozo false)
and that its version is rss20 for *.rss and atom10 for *.atom (or what
--version says). A *.json file is JSON Feed, which Debian's feedparser
(6.0.10) does not read: it is read with the json module instead, every
field JSON Feed 1.1 requires is checked, and its items are seen as the
same entries (version json11). Then, as asked:

  --version V          expect feedparser version V (rss20, atom10)
  --count N            expect N entries
  --newest-first       entries are ordered by update time, newest first
  --entry ID FIELD VALUE
                       the entry with id ID has FIELD equal to VALUE
  --absent TEXT        TEXT occurs in no entry's title, summary or content
  --absent-from FILE   --absent for each non-blank line of FILE
  --expect JSON        expectations as JSON, a file name or inline text:
                         {"version": "atom10", "count": 3,
                          "newest_first": true,
                          "entries": {"ID": {"FIELD": "VALUE", ...}},
                          "order": ["ID", ...],
                          "absent": ["TEXT", ...]}
                       "order" lists the ids of all entries, in order.
  --print FIELD,...    print each entry's fields, tab-separated, one entry
                       a line, for test_cmp (backslash, tab and newline
                       written as \\, \t and \n)

Fields: id, title, link, summary, content, category (the first one),
categories (all, joined by '|'), author, published, updated. Dates are
feedparser's *_parsed values, which are UTC, written 2016-05-20T14:55:00Z.
Text is compared exactly, after feedparser's own decoding.

Problems are printed as "# feedcheck: ..." lines on stderr; the exit status
is 0 when everything holds, 1 otherwise, 2 on bad usage.
"""

import argparse
import calendar
import datetime
import json
import sys
import time

import feedparser

FIELDS = ("id", "title", "link", "summary", "content", "category",
          "categories", "author", "published", "updated")


def field(entry, name):
    """The text of one field of a feedparser entry, "" when missing."""
    if name in ("published", "updated"):
        parsed = entry.get(name + "_parsed")
        if parsed is None:
            return ""
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    if name == "content":
        content = entry.get("content") or []
        return content[0].get("value", "") if content else ""
    if name in ("category", "categories"):
        terms = [t.get("term") or "" for t in entry.get("tags") or []]
        if name == "category":
            return terms[0] if terms else ""
        return "|".join(terms)
    if name not in FIELDS:
        raise KeyError(name)
    return entry.get(name) or ""


def sort_time(entry):
    return entry.get("updated_parsed") or entry.get("published_parsed")


class Checker:
    def __init__(self, path):
        self.path = path
        self.failures = 0

    def fail(self, message):
        self.failures += 1
        print("# feedcheck: %s: %s" % (self.path, message), file=sys.stderr)

    def equal(self, what, expected, actual):
        if expected != actual:
            self.fail("%s: expected %r, got %r" % (what, expected, actual))


def parse_args(argv):
    p = argparse.ArgumentParser(prog="feedcheck.py", add_help=True)
    p.add_argument("feed")
    p.add_argument("--version")
    p.add_argument("--count", type=int)
    p.add_argument("--newest-first", action="store_true")
    p.add_argument("--entry", nargs=3, action="append", default=[],
                   metavar=("ID", "FIELD", "VALUE"))
    p.add_argument("--absent", action="append", default=[])
    p.add_argument("--absent-from", action="append", default=[])
    p.add_argument("--expect")
    p.add_argument("--print", dest="print_fields")
    return p.parse_args(argv)


def load_expectation(args):
    exp = {}
    if args.expect:
        text = args.expect
        if not text.lstrip().startswith("{"):
            with open(text, encoding="utf-8") as f:
                text = f.read()
        exp = json.loads(text)
    if args.version:
        exp["version"] = args.version
    if args.count is not None:
        exp["count"] = args.count
    if args.newest_first:
        exp["newest_first"] = True
    for ident, name, value in args.entry:
        exp.setdefault("entries", {}).setdefault(ident, {})[name] = value
    exp.setdefault("absent", []).extend(args.absent)
    for name in args.absent_from:
        with open(name, encoding="utf-8") as f:
            exp["absent"].extend(line.strip() for line in f if line.strip())
    if "version" not in exp:
        if args.feed.endswith(".rss"):
            exp["version"] = "rss20"
        elif args.feed.endswith(".atom"):
            exp["version"] = "atom10"
        elif args.feed.endswith(".json"):
            exp["version"] = "json11"
    return exp


def check(d, exp, c):
    if d.get("bozo"):
        c.fail("bozo: %s" % d.get("bozo_exception"))
    if "version" in exp:
        c.equal("version", exp["version"], d.get("version"))
    entries = d.get("entries", [])
    if "count" in exp:
        c.equal("entry count", exp["count"], len(entries))
    by_id = {}
    for e in entries:
        if e.get("id") in by_id:
            c.fail("id %r is used twice" % e.get("id"))
        by_id[e.get("id")] = e
    if exp.get("newest_first"):
        times = [sort_time(e) for e in entries]
        if None in times:
            c.fail("an entry has no date")
        elif times != sorted(times, reverse=True):
            c.fail("entries are not newest first: %s" % ", ".join(
                time.strftime("%Y-%m-%dT%H:%M:%SZ", t) for t in times))
    if "order" in exp:
        c.equal("order of ids", exp["order"], [e.get("id") for e in entries])
    for ident, fields in exp.get("entries", {}).items():
        e = by_id.get(ident)
        if e is None:
            c.fail("no entry with id %r (ids: %s)" % (ident, ", ".join(
                str(k) for k in by_id)))
            continue
        for name, value in fields.items():
            c.equal("entry %s: %s" % (ident, name), value, field(e, name))
    for text in exp.get("absent", []):
        for e in entries:
            for name in ("title", "summary", "content"):
                if text in field(e, name):
                    c.fail("%r found in the %s of entry %s" % (
                        text, name, e.get("id")))


JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def rfc3339(text, c, what):
    """A JSON Feed date as a UTC struct_time, None (and a failure) if bad."""
    try:
        when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if when.tzinfo is None or "T" not in text:
            raise ValueError("no time or no offset")
    except (AttributeError, ValueError) as err:
        c.fail("%s: %r is not an RFC 3339 date-time (%s)" % (what, text, err))
        return None
    return time.gmtime(calendar.timegm(when.utctimetuple()))


def parse_json_feed(raw, c):
    """A JSON Feed 1.1 document checked for its required fields and given
    the shape of feedparser's result, so the same checks apply."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        return {"bozo": True, "bozo_exception": err, "entries": []}
    if not isinstance(doc, dict):
        c.fail("not a JSON object")
        return {"entries": []}
    if doc.get("version") != JSON_FEED_VERSION:
        c.fail("version is %r" % doc.get("version"))
    for key in ("title", "feed_url", "home_page_url"):
        if not isinstance(doc.get(key), str) or not doc.get(key):
            c.fail("no %s string" % key)
    items = doc.get("items")
    if not isinstance(items, list):
        c.fail("items is not an array")
        items = []
    entries = []
    for item in items:
        if not isinstance(item.get("id"), str) or not item["id"]:
            c.fail("an item has no string id: %r" % item)
        if "content_html" not in item and "content_text" not in item:
            c.fail("item %r has no content_html or content_text" % item.get("id"))
        # Stripped as feedparser strips the text of XML elements, so that
        # the same article reads the same in every format.
        e = {"id": item.get("id"), "title": (item.get("title") or "").strip(),
             "link": item.get("url"),
             "summary": (item.get("summary") or "").strip(),
             "content": [{"value": item.get("content_html", "").strip()}],
             "tags": [{"term": t} for t in item.get("tags", [])],
             "author": ", ".join(a.get("name", "") for a in
                                 item.get("authors", []))}
        for key, name in (("date_published", "published"),
                          ("date_modified", "updated")):
            if key in item:
                e[name + "_parsed"] = rfc3339(item[key], c, "item %r %s" % (
                    item.get("id"), key))
        entries.append(e)
    return {"version": "json11", "entries": entries, "feed": doc}


def main(argv):
    args = parse_args(argv)
    c = Checker(args.feed)
    try:
        exp = load_expectation(args)
        with open(args.feed, "rb") as f:
            raw = f.read()
    except (OSError, ValueError) as err:
        print("# feedcheck: %s" % err, file=sys.stderr)
        return 2
    if args.feed.endswith(".json"):
        d = parse_json_feed(raw, c)
    else:
        d = feedparser.parse(raw)
    check(d, exp, c)
    if args.print_fields:
        names = args.print_fields.split(",")
        for name in names:
            if name not in FIELDS:
                print("# feedcheck: unknown field %r" % name, file=sys.stderr)
                return 2
        for e in d.get("entries", []):
            print("\t".join(field(e, n).replace("\\", "\\\\")
                            .replace("\t", "\\t").replace("\n", "\\n")
                            for n in names))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stderr.reconfigure(encoding="utf-8")
    sys.exit(main(sys.argv[1:]))
