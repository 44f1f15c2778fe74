/* SPDX-License-Identifier: MIT */
/* gencorpus: a deterministic corpus of newsroom articles for the feedd
 * benchmark, in the layout of example/articles/000_fdbb7cce0301ea7d.txt:
 *
 *     Title line
 *
 *     Paragraph.            (2-6 KB of paragraphs in all)
 *
 *     Last update: Fri, 20/05/2016 - 16:55
 *
 *     More from World
 *
 *     Related headline
 *
 *     Related teaser...     (3-6 headline/teaser pairs; no final newline)
 *
 * spread over 8 sections and the years 2016-2025, some files in
 * subfolders, plus the feedd configs (one feed per section and an "all"
 * feed) and, on request, the same articles as a Hugo site.
 *
 * Same options, same seed => the same bytes: only integer arithmetic on a
 * splitmix64 stream seeded per article, nothing from the clock or locale.
 *
 * usage:
 *   gencorpus -n N [-s SEED] -o DIR [--hugo HDIR]     (1 <= N <= 10,000,000)
 *       DIR/articles/..., DIR/feedd.conf, DIR/feedd-burst.conf,
 *       DIR/manifest.tsv (path TAB section TAB "Last update" text)
 *       HDIR/config.toml, HDIR/content/<section>/<name>.md
 *   gencorpus --burst K --rep R [-s SEED] -o DIR [--hugo HDIR]
 *       K new articles, all newer than any corpus article (and newer than
 *       those of burst R-1), flat in DIR/articles as zz_bR_NNNN.txt, and
 *       DIR/feedd.conf whose "all" feed holds K items.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "civil.h"

#define NSECTIONS 8

static const char *const section_names[NSECTIONS] = {
	"World", "Europe", "Business", "Science", "Sport", "Culture",
	"Technology", "Environment",
};
static const char *const section_dirs[NSECTIONS] = {
	"world", "europe", "business", "science", "sport", "culture",
	"technology", "environment",
};
/* Percent of the articles in each section. */
static const unsigned section_weights[NSECTIONS] = {
	20, 15, 15, 10, 15, 10, 10, 5,
};

static const char *const nouns[] = {
	"government", "minister", "parliament", "court", "council", "army",
	"police", "report", "agreement", "talks", "election", "campaign",
	"economy", "market", "bank", "company", "investors", "prices",
	"inflation", "budget", "tax", "reform", "law", "vote", "coalition",
	"opposition", "president", "leader", "officials", "spokesman",
	"spokeswoman", "agency", "researchers", "scientists", "study",
	"survey", "data", "climate", "emissions", "energy", "gas", "oil",
	"power", "grid", "storm", "floods", "drought", "harvest", "farmers",
	"workers", "unions", "strike", "factory", "exports", "imports",
	"trade", "tariffs", "border", "refugees", "migrants", "aid",
	"hospital", "doctors", "patients", "vaccine", "virus", "health",
	"schools", "students", "teachers", "university", "museum", "festival",
	"film", "novel", "exhibition", "orchestra", "team", "coach", "match",
	"season", "league", "championship", "players", "fans", "stadium",
	"software", "network", "chip", "satellite", "rocket", "mission",
	"telescope", "ocean", "forest", "river", "city", "region", "village",
	"capital", "province", "summit", "alliance", "treaty", "sanctions",
	"ceasefire", "negotiators", "diplomats", "ministry", "committee",
	"inquiry", "investigation", "prosecutors", "judges", "verdict",
	"ruling", "appeal", "protest", "demonstrators", "crowd", "residents",
	"commuters", "airline", "airport", "railway", "bridge", "port",
	"shipping", "supply", "demand", "growth", "recession", "shares",
	"currency", "debt", "loan", "deal", "merger", "profit", "losses",
	"plan", "proposal", "deadline", "decision", "statement", "interview",
	"press conference", "broadcaster", "newspaper", "platform", "users",
	"privacy", "regulators", "watchdog", "startup", "industry", "sector",
};
static const char *const counted[] = {
	"workers", "officials", "students", "patients", "refugees", "jobs",
	"companies", "villages", "soldiers", "flights", "homes", "schools",
	"voters", "members", "fans", "delegates", "households", "farms",
};
static const char *const verbs[] = {
	"said", "announced", "warned", "confirmed", "denied", "rejected",
	"approved", "proposed", "signed", "agreed", "called for", "criticised",
	"welcomed", "postponed", "delayed", "cancelled", "launched", "opened",
	"closed", "raised", "cut", "increased", "reduced", "expected",
	"estimated", "reported", "revealed", "published", "questioned",
	"defended", "promised", "pledged", "suspended", "resumed", "blocked",
	"backed", "challenged", "dismissed", "accepted", "discussed",
	"reviewed", "extended", "tightened", "eased", "won", "lost", "beat",
	"drew with", "overtook", "joined", "left", "visited", "met",
};
static const char *const adjectives[] = {
	"new", "former", "senior", "local", "national", "regional",
	"international", "European", "American", "African", "Asian",
	"economic", "political", "military", "financial", "public",
	"private", "major", "minor", "key", "rare", "early", "late", "final",
	"first", "second", "last", "next", "recent", "long-awaited",
	"controversial", "unexpected", "sharp", "modest", "record", "annual",
	"quarterly", "monthly", "weekly", "small", "large", "growing",
	"falling", "rising", "stable", "fragile", "cautious", "bold",
	"renewed", "fresh", "broader", "tighter", "cheaper", "costlier",
};
static const char *const connectors[] = {
	"after", "before", "while", "as", "because", "although", "since",
	"when", "despite", "amid", "following", "ahead of", "over", "against",
	"with", "without", "under", "across", "around", "between",
};
static const char *const fillers[] = {
	"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
	"on Saturday", "on Sunday", "last week", "this year", "last month",
	"in recent days", "for the first time", "in the capital",
	"in a statement", "according to officials", "according to the report",
	"by the end of the year", "within weeks", "in the long run",
	"so far", "once again", "for now", "at least for now",
	"in the coming months", "across the region", "at home and abroad",
};
static const char *const people[] = {
	"Stoltenberg", "Lavrov", "Steinmeier", "Mogherini", "Merkel",
	"Macron", "Sánchez", "Draghi", "Lagarde", "von der Leyen",
	"Guterres", "Müller", "Dubois", "Rossi", "Kowalski", "Novak",
	"Papadopoulos", "Jansen", "Svensson", "O'Brien", "Nakamura", "Okafor",
	"Silva", "Horvat", "Nielsen", "Schmidt", "García", "Łukasz Nowak",
};
static const char *const places[] = {
	"Brussels", "Berlin", "Paris", "Madrid", "Rome", "Warsaw", "Vienna",
	"Athens", "Lisbon", "Dublin", "Stockholm", "Helsinki", "Tallinn",
	"Vilnius", "Riga", "Prague", "Budapest", "Bucharest", "Sofia",
	"Zürich", "Geneva", "London", "Washington", "Beijing", "Tokyo",
	"Delhi", "Nairobi", "Lagos", "São Paulo", "Buenos Aires", "Ankara",
	"Kyiv", "Moscow", "Cairo", "Jakarta", "Sydney", "Ottawa", "Mexico City",
};
static const char *const orgs[] = {
	"NATO", "the EU", "the UN", "the IMF", "the World Bank", "the WHO",
	"the European Commission", "the ECB", "OPEC", "the G7", "UEFA",
	"FIFA", "the IOC", "ESA", "NASA", "the OECD", "AT&T", "Procter & Gamble",
	"the Red Cross", "Amnesty International", "Human Rights Watch",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- randomness: splitmix64, one stream per article ---- */

struct rng {
	uint64_t s;
};

static uint64_t
next_u64(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Streams start at scattered points of the splitmix sequence, so that
 * article i's numbers are not article i+1's shifted by one. */
static void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	r->s = mix64(mix64(seed + 0x2545F4914F6CDD1DULL) ^
	    mix64(stream * 0xD1342543DE82EF95ULL + 1));
}

/* Uniform in [lo, hi]. */
static unsigned
between(struct rng *r, unsigned lo, unsigned hi)
{
	return lo + (unsigned)(next_u64(r) % (uint64_t)(hi - lo + 1));
}

#define PICK(r, a) ((a)[next_u64(r) % COUNT(a)])

/* ---- a growable string ---- */

struct buf {
	char *data;
	size_t len, cap;
};

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "gencorpus: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->data = realloc(b->data, b->cap);
		if (b->data == NULL)
			die("out of memory");
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
putf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		die("formatted string too long");
	put(b, tmp, (size_t)n);
}

/* Upper-cases the first byte of what was appended from 'from' on. */
static void
capitalise(struct buf *b, size_t from)
{
	if (from < b->len && b->data[from] >= 'a' && b->data[from] <= 'z')
		b->data[from] = (char)(b->data[from] - 'a' + 'A');
}

struct when {
	int year;
	unsigned month, day, hour, minute;
	long days;
};

/* Local wall-clock minutes since 1970: hours 06-22 only, so no date falls
 * in a daylight-saving gap or fold. */
static struct when
when_from_minutes(long minutes)
{
	struct when w;

	w.days = minutes / 1440;
	w.hour = (unsigned)(minutes % 1440 / 60);
	w.minute = (unsigned)(minutes % 60);
	civil_from_days(w.days, &w.year, &w.month, &w.day);
	return w;
}

static const char *
weekday_abbr(long days)
{
	static const char *const names[7] = { "Thu", "Fri", "Sat", "Sun",
	    "Mon", "Tue", "Wed" };	/* 1970-01-01 was a Thursday */

	return names[((days % 7) + 7) % 7];
}

/* ---- text ---- */

static void
noun_phrase(struct rng *r, struct buf *b)
{
	const char *adjective;

	switch (between(r, 0, 9)) {
	case 0: case 1: case 2:
		putf(b, "the %s", PICK(r, nouns));
		break;
	case 3: case 4:
		putf(b, "the %s %s", PICK(r, adjectives), PICK(r, nouns));
		break;
	case 5:
		putf(b, "%s", PICK(r, orgs));
		break;
	case 6:
		putf(b, "%s", PICK(r, people));
		break;
	case 7:
		putf(b, "the %s in %s", PICK(r, nouns), PICK(r, places));
		break;
	case 8:
		putf(b, "%u %s", between(r, 2, 950), PICK(r, counted));
		break;
	default:
		adjective = PICK(r, adjectives);
		putf(b, "%s %s %s", strchr("aeiouAEIOU", adjective[0]) ?
		    "an" : "a", adjective, PICK(r, nouns));
		break;
	}
}

static void
sentence(struct rng *r, struct buf *b)
{
	size_t start = b->len;
	unsigned form = between(r, 0, 9);

	if (form == 0) {
		/* A quotation. */
		puts_(b, "\"");
		start = b->len;
		noun_phrase(r, b);
		capitalise(b, start);
		putf(b, " %s ", PICK(r, verbs));
		noun_phrase(r, b);
		putf(b, ",\" %s said %s.", PICK(r, people), PICK(r, fillers));
		return;
	}
	noun_phrase(r, b);
	capitalise(b, start);
	putf(b, " %s ", PICK(r, verbs));
	noun_phrase(r, b);
	if (form >= 4) {
		putf(b, " %s ", PICK(r, connectors));
		noun_phrase(r, b);
	}
	if (form >= 6)
		putf(b, " %s", PICK(r, fillers));
	if (form == 9) {
		puts_(b, ", ");
		noun_phrase(r, b);
		putf(b, " %s", PICK(r, verbs));
		puts_(b, " it");
	}
	puts_(b, ".");
}

static void
headline(struct rng *r, struct buf *b)
{
	size_t start = b->len;

	switch (between(r, 0, 4)) {
	case 0:
		putf(b, "%s: \"", PICK(r, people));
		start = b->len;
		noun_phrase(r, b);
		capitalise(b, start);
		putf(b, " %s ", PICK(r, verbs));
		noun_phrase(r, b);
		puts_(b, "\"");
		return;
	case 1:
		noun_phrase(r, b);
		capitalise(b, start);
		putf(b, " %s ", PICK(r, verbs));
		noun_phrase(r, b);
		putf(b, "; %s %s", PICK(r, places), PICK(r, verbs));
		puts_(b, " it");
		return;
	default:
		noun_phrase(r, b);
		capitalise(b, start);
		putf(b, " %s ", PICK(r, verbs));
		noun_phrase(r, b);
		if (between(r, 0, 1))
			putf(b, " %s %s", PICK(r, connectors), PICK(r, places));
		return;
	}
}

/* ---- one article ---- */

struct article {
	unsigned section;
	struct when when;
	struct buf title;
	struct buf body;	/* paragraphs, each followed by "\n\n" */
	unsigned paragraphs;
	struct buf related;	/* "More from" block, without the heading */
};

static unsigned
pick_section(struct rng *r)
{
	unsigned x = between(r, 0, 99), i;

	for (i = 0; i < NSECTIONS - 1; i++) {
		if (x < section_weights[i])
			return i;
		x -= section_weights[i];
	}
	return NSECTIONS - 1;
}

static void
article_make(struct article *a, struct rng *r, long minutes)
{
	size_t target, paragraph_target, before;
	unsigned i, pairs;

	memset(a, 0, sizeof(*a));
	a->section = pick_section(r);
	a->when = when_from_minutes(minutes);
	headline(r, &a->title);
	target = between(r, 2048, 6144);
	while (a->body.len < target) {
		paragraph_target = between(r, 150, 700);
		before = a->body.len;
		do {
			if (a->body.len > before)
				puts_(&a->body, " ");
			sentence(r, &a->body);
		} while (a->body.len - before < paragraph_target);
		puts_(&a->body, "\n\n");
		a->paragraphs++;
	}
	pairs = between(r, 3, 6);
	for (i = 0; i < pairs; i++) {
		struct buf teaser = { NULL, 0, 0 };
		size_t cut;
		if (i > 0)
			puts_(&a->related, "\n\n");
		headline(r, &a->related);
		puts_(&a->related, "\n\n");
		while (teaser.len < 120) {
			if (teaser.len > 0)
				puts_(&teaser, " ");
			sentence(r, &teaser);
		}
		/* Cut at a space near 110 bytes, as the site's teasers are. */
		cut = 110;
		while (cut > 40 && teaser.data[cut] != ' ')
			cut--;
		while (cut > 0 && (teaser.data[cut - 1] == ',' ||
		    teaser.data[cut - 1] == ' '))
			cut--;
		put(&a->related, teaser.data, cut);
		puts_(&a->related, "...");
		free(teaser.data);
	}
}

static void
article_free(struct article *a)
{
	free(a->title.data);
	free(a->body.data);
	free(a->related.data);
}

static void
last_update(const struct article *a, char *out, size_t size)
{
	snprintf(out, size, "%s, %02u/%02u/%04d - %02u:%02u",
	    weekday_abbr(a->when.days), a->when.day, a->when.month,
	    a->when.year, a->when.hour, a->when.minute);
}

static void
article_text(const struct article *a, struct buf *out)
{
	char date[64];

	out->len = 0;
	put(out, a->title.data, a->title.len);
	puts_(out, "\n\n");
	put(out, a->body.data, a->body.len);
	last_update(a, date, sizeof(date));
	putf(out, "Last update: %s\n\nMore from %s\n\n", date,
	    section_names[a->section]);
	put(out, a->related.data, a->related.len);
}

static void
yaml_quoted(struct buf *out, const char *s)
{
	puts_(out, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			puts_(out, "\\");
		put(out, s, 1);
	}
	puts_(out, "\"");
}

/* The same article as Hugo content: front matter, then the paragraphs
 * (the "More from" block is site navigation, not part of the article). */
static void
article_markdown(const struct article *a, struct buf *out)
{
	out->len = 0;
	puts_(out, "---\ntitle: ");
	yaml_quoted(out, a->title.data);
	putf(out, "\ndate: %04d-%02u-%02uT%02u:%02u:00\nsection: %s\n---\n\n",
	    a->when.year, a->when.month, a->when.day, a->when.hour,
	    a->when.minute, section_names[a->section]);
	put(out, a->body.data, a->body.len);
}

/* ---- files ---- */

static void
make_dirs(const char *path)
{
	char tmp[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(tmp))
		die("path too long: %s", path);
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (tmp[i] == '/' || tmp[i] == '\0') {
			char c = tmp[i];
			tmp[i] = '\0';
			if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
				die("cannot create %s: %s", tmp,
				    strerror(errno));
			tmp[i] = c;
		}
	}
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		die("cannot create %s: %s", path, strerror(errno));
	if (len > 0 && fwrite(data, 1, len, f) != len)
		die("cannot write %s", path);
	if (fclose(f) != 0)
		die("cannot write %s: %s", path, strerror(errno));
}

/* feedd reads at most max_articles files, 1,000,000 unless told; the
 * benchmark's bursts add up to 1,000 files a repetition to a corpus, so a
 * corpus this close to that default gets room for them in its configs
 * (smaller ones keep the configs they always had). */
#define FEEDD_MAX_ARTICLES 1000000UL
#define BURST_ROOM 100000UL

static void
write_config(const char *path, const char *comment, const char *output,
    const char *state, unsigned all_max_items, unsigned long articles)
{
	struct buf b = { NULL, 0, 0 };
	unsigned i;

	putf(&b, "# %s\n", comment);
	puts_(&b,
	    "[site]\n"
	    "title       = Bench News\n"
	    "description = A generated corpus for the feedd benchmark\n"
	    "url         = https://news.example.org/\n"
	    "feeds_url   = https://news.example.org/feeds/\n"
	    "article_url = https://news.example.org/{section}/{name}.html\n"
	    "articles    = articles\n");
	putf(&b, "output      = %s\nstate_file  = %s\n", output, state);
	puts_(&b,
	    "timezone    = Europe/Brussels\n"
	    "author      = Bench News Desk\n"
	    "language    = en\n"
	    "id_prefix   = tag:news.example.org,2016:\n"
	    "debounce    = 1ms\n"
	    "formats     = rss atom json\n");
	if (articles + BURST_ROOM > FEEDD_MAX_ARTICLES)
		putf(&b, "max_articles = %lu\n", articles + BURST_ROOM);
	for (i = 0; i < NSECTIONS; i++)
		putf(&b, "\n[%s]\ntitle    = Bench News: %s\nsections = %s\n",
		    section_dirs[i], section_names[i], section_names[i]);
	putf(&b, "\n[all]\ntitle     = Bench News: all news\n"
	    "sections  = *\nmax_items = %u\n", all_max_items);
	write_file(path, b.data, b.len);
	free(b.data);
}

static void
write_hugo_config(const char *hdir)
{
	char path[4096];
	struct buf b = { NULL, 0, 0 };

	snprintf(path, sizeof(path), "%s/config.toml", hdir);
	puts_(&b,
	    "# generated by bench/gencorpus: the benchmark corpus as a Hugo site\n"
	    "baseURL = \"https://news.example.org/\"\n"
	    "title = \"Bench News\"\n"
	    "languageCode = \"en\"\n"
	    "timeZone = \"Europe/Brussels\"\n"
	    "disableKinds = [\"taxonomy\", \"term\", \"sitemap\", \"robotsTXT\", \"404\"]\n"
	    "\n"
	    "# Feeds only, as feedd makes: the home page's RSS lists every\n"
	    "# article (feedd's \"all\"), each section's its own.\n"
	    "[outputs]\n"
	    "home = [\"RSS\"]\n"
	    "section = [\"RSS\"]\n"
	    "\n"
	    "# 50 items a feed, as feedd's max_items.\n"
	    "[services.rss]\n"
	    "limit = 50\n"
	    "\n"
	    "# Articles are listed in the feeds, with their links, but get no\n"
	    "# page of their own: feedd writes none either.\n"
	    "[[cascade]]\n"
	    "[cascade._build]\n"
	    "render = \"link\"\n"
	    "[cascade._target]\n"
	    "kind = \"page\"\n");
	write_file(path, b.data, b.len);
	free(b.data);
}

/* Corpus dates: 2016-01-01 .. 2025-11-30. Edits made by the benchmark use
 * 2025-12-01 on, bursts 2025-12-05 on, so they are always the newest. */
#define FIRST_DAY days_from_civil(2016, 1, 1)
#define LAST_DAY days_from_civil(2025, 11, 30)
#define BURST_DAY days_from_civil(2025, 12, 5)
#define BURST_STREAM 1000000000ULL
/* Article i is "%06lu_..." (seven digits and more from i = 1,000,000 on,
 * so every smaller N keeps its names) on stream i, which must stay below
 * BURST_STREAM, the bursts' first. */
#define MAX_ARTICLES 10000000UL

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gencorpus -n N [-s SEED] -o DIR [--hugo HDIR]"
	    "   (N up to %lu)\n"
	    "       gencorpus --burst K --rep R [-s SEED] -o DIR [--hugo HDIR]\n",
	    MAX_ARTICLES);
	exit(64);
}

int
main(int argc, char **argv)
{
	unsigned long long seed = 1;
	unsigned long n = 0, burst = 0, rep = 0, i;
	const char *dir = NULL, *hdir = NULL;
	struct buf text = { NULL, 0, 0 }, manifest = { NULL, 0, 0 };
	char path[4096], sub[256], date[64];
	unsigned long long bytes = 0;
	int a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-n") == 0 && a + 1 < argc)
			n = strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-s") == 0 && a + 1 < argc)
			seed = strtoull(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-o") == 0 && a + 1 < argc)
			dir = argv[++a];
		else if (strcmp(argv[a], "--hugo") == 0 && a + 1 < argc)
			hdir = argv[++a];
		else if (strcmp(argv[a], "--burst") == 0 && a + 1 < argc)
			burst = strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "--rep") == 0 && a + 1 < argc)
			rep = strtoul(argv[++a], NULL, 10);
		else
			usage();
	}
	if (dir == NULL || (n == 0) == (burst == 0) || n > MAX_ARTICLES ||
	    burst > 1440 || rep > 300)
		usage();
	snprintf(path, sizeof(path), "%s/articles", dir);
	make_dirs(path);
	if (hdir != NULL) {
		unsigned s;
		for (s = 0; s < NSECTIONS; s++) {
			snprintf(path, sizeof(path), "%s/content/%s", hdir,
			    section_dirs[s]);
			make_dirs(path);
		}
		write_hugo_config(hdir);
	}

	for (i = 0; i < (burst ? burst : n); i++) {
		struct article art;
		struct rng r;
		long minutes;
		char name[64];
		unsigned place;

		if (burst) {
			rng_seed(&r, seed, BURST_STREAM + rep * 10000ULL + i);
			/* One burst a day, one article a minute from 06:00. */
			minutes = (BURST_DAY + (long)rep) * 1440 + 6 * 60 +
			    (long)i;
		} else {
			long day;
			rng_seed(&r, seed, i);
			day = FIRST_DAY + (long)(next_u64(&r) %
			    (uint64_t)(LAST_DAY - FIRST_DAY + 1));
			minutes = day * 1440 + (long)between(&r, 6 * 60,
			    22 * 60 + 59);
		}
		article_make(&art, &r, minutes);
		if (burst) {
			snprintf(name, sizeof(name), "zz_b%lu_%04lu", rep, i);
			sub[0] = '\0';
		} else {
			snprintf(name, sizeof(name), "%06lu_%016llx", i,
			    (unsigned long long)next_u64(&r));
			/* 40% at the top, 30% in a section folder, 30% in
			 * archive/YEAR. */
			place = between(&r, 0, 9);
			if (place < 4)
				sub[0] = '\0';
			else if (place < 7)
				snprintf(sub, sizeof(sub), "%s/",
				    section_dirs[art.section]);
			else
				snprintf(sub, sizeof(sub), "archive/%04d/",
				    art.when.year);
		}
		if (sub[0] != '\0') {
			snprintf(path, sizeof(path), "%s/articles/%.*s", dir,
			    (int)strlen(sub) - 1, sub);
			make_dirs(path);
		}
		article_text(&art, &text);
		snprintf(path, sizeof(path), "%s/articles/%s%s.txt", dir, sub,
		    name);
		write_file(path, text.data, text.len);
		bytes += text.len;
		last_update(&art, date, sizeof(date));
		putf(&manifest, "%s%s.txt\t%s\t%s\n", sub, name,
		    section_names[art.section], date);
		if (hdir != NULL) {
			article_markdown(&art, &text);
			snprintf(path, sizeof(path), "%s/content/%s/%s.md",
			    hdir, section_dirs[art.section], name);
			write_file(path, text.data, text.len);
		}
		article_free(&art);
	}

	snprintf(path, sizeof(path), "%s/manifest.tsv", dir);
	write_file(path, manifest.data, manifest.len);
	snprintf(path, sizeof(path), "%s/feedd.conf", dir);
	if (burst) {
		snprintf(sub, sizeof(sub), "generated by bench/gencorpus "
		    "--burst %lu --rep %lu -s %llu", burst, rep, seed);
		write_config(path, sub, "feeds", "state/feedd.state",
		    (unsigned)burst, burst);
	} else {
		snprintf(sub, sizeof(sub), "generated by bench/gencorpus "
		    "-n %lu -s %llu", n, seed);
		write_config(path, sub, "feeds", "state/feedd.state", 50, n);
		snprintf(path, sizeof(path), "%s/feedd-burst.conf", dir);
		snprintf(sub, sizeof(sub), "generated by bench/gencorpus "
		    "-n %lu -s %llu: the burst test's daemon, whose \"all\" "
		    "feed holds 1000 items", n, seed);
		write_config(path, sub, "feeds-burst",
		    "state-burst/feedd.state", 1000, n);
	}
	free(text.data);
	free(manifest.data);
	printf("%lu articles, %llu bytes\n", burst ? burst : n, bytes);
	return 0;
}
