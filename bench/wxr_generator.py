#!/usr/bin/env python3
"""A synthetic WordPress export (WXR 1.2: RSS 2.0 with the `wp:` namespace) for benchmarking
`dateline import wordpress` (see bench/import.sh).

    python3 bench/wxr_generator.py --posts 10000 > export.xml        # 10,000 posts, 30,000 comments
    python3 bench/wxr_generator.py --posts 50 --seed 7 -o small.xml
    python3 bench/wxr_generator.py --target-bytes 1073741824 --body-bytes 100000 -o big.xml --progress

The file is written as it is made, one item at a time, so a file of any size takes the memory
of one post. The same options and seed give the same bytes.

What it holds, as a WordPress 6 export would:
- the site's header, 5 authors (`wp:author`), 20 categories (`wp:category`, some nested with
  `wp:category_parent`) and 200 tags (`wp:tag`);
- posts, each with a title, permalink (`https://old.example.org/YYYY/MM/DD/slug/`), author
  (`dc:creator`), body (`content:encoded`: classic paragraphs separated by blank lines, now and
  then a `[caption]` around a picture, or Gutenberg blocks: paragraphs, headings, lists), an
  excerpt for about half, unique `wp:post_id` and `wp:post_name`, dates from 2009 to 2025 in
  local time (UTC+2) and GMT, a status (mostly publish; some draft, pending, and future, dated
  2031-2033), 1-2 categories, 0-4 tags, and `--comments-per-post` comments (ids unique in the
  file, about a third replies to an earlier comment of the same post, approved "1" mostly, some
  "0" and "spam", dated after the post);
- three pages per 1,000 posts (the first after post 1, so a small file has one), published,
  comments closed.

The words come from a small vocabulary written for this script; bodies are sentences drawn
from a pool made with the seed, so large files are made quickly (1 GB in about 15 s on the
benchmark machine, with --body-bytes 100000).
"""

import argparse
import datetime
import random
import sys
from xml.sax.saxutils import escape

SITE = "https://old.example.org"

# ---------------------------------------------------------------------------------------------
# The vocabulary.

DETERMINERS = ["the", "a", "every", "one", "another", "this", "that", "our"]
ADJECTIVES = [
    "quiet", "old", "new", "busy", "narrow", "wide", "early", "late", "small", "large", "green",
    "gray", "bright", "local", "northern", "southern", "eastern", "western", "public", "open",
    "careful", "patient", "young", "elderly", "cheerful", "muddy", "windy", "sunny", "rainy",
    "wooden", "stone", "brick", "tidy", "crowded", "empty", "distant", "nearby", "weekly",
    "seasonal", "famous", "humble", "shared", "hidden", "lively", "steady",
]
NOUNS = [
    "ferry", "market", "council", "bridge", "school", "library", "river", "harbor", "bakery",
    "garden", "clinic", "station", "road", "square", "orchard", "choir", "team", "mayor",
    "teacher", "farmer", "baker", "nurse", "driver", "reader", "neighbor", "volunteer",
    "committee", "festival", "museum", "theater", "boat", "lantern", "tower", "street", "well",
    "meadow", "mill", "quarry", "village", "town", "pier", "workshop", "kitchen", "hall",
    "chapel", "playground", "path", "canal", "fountain", "bus", "tram", "roof", "fence",
]
VERBS = [
    "opened", "closed", "repaired", "painted", "visited", "praised", "questioned", "planned",
    "delayed", "welcomed", "measured", "counted", "cleaned", "moved", "rebuilt", "announced",
    "discussed", "approved", "rejected", "supported", "watched", "studied", "mapped",
    "photographed", "described", "finished", "started", "celebrated", "inspected", "funded",
]
PREPOSITIONS = ["near", "beside", "behind", "across", "along", "under", "above", "beyond",
                "around", "past", "toward", "opposite"]
TIMES = [
    "on Monday", "on Tuesday", "on Friday", "last week", "this spring", "after the storm",
    "before dawn", "by the evening", "during the fair", "in the morning", "at noon",
    "over the weekend", "in the autumn", "for the third year",
]
CONNECTORS = ["and", "but", "while", "because", "so", "although", "after", "before"]
SPEAKERS = ["the baker", "a teacher", "the mayor", "one neighbor", "a volunteer", "the nurse",
            "the ferry captain", "a farmer", "the librarian"]
SAYINGS = [
    "We expected more", "It took longer than planned", "Everyone should come and see",
    "The water was higher than last year", "We will be back next month",
    "Nobody here minds the rain", "It is better than it was", "The children loved it",
]
FIRST_NAMES = ["Ada", "Bram", "Cleo", "Dara", "Emil", "Fern", "Gus", "Hana", "Ivo", "Jun",
               "Kira", "Lev", "Mina", "Nils", "Oona", "Pia", "Quin", "Rosa", "Sami", "Tova"]
LAST_NAMES = ["Alder", "Brook", "Cole", "Dale", "Ember", "Ford", "Grove", "Hale", "Isle",
              "Joss", "Kemp", "Lark", "Moss", "North", "Oak", "Pike", "Reed", "Stone"]

AUTHORS = [  # login, display name, first, last
    ("mara", "Mara Fenwick", "Mara", "Fenwick"),
    ("tobias.lund", "Tobias Lund", "Tobias", "Lund"),
    ("ines_q", "Ines Quarry", "Ines", "Quarry"),
    ("desk", "The News Desk", "", ""),
    ("okafor", "Ben Okafor", "Ben", "Okafor"),
]
CATEGORIES = [  # slug, name, parent slug
    ("news", "News", ""), ("local", "Local", ""), ("city-hall", "City Hall", "local"),
    ("schools", "Schools", "local"), ("weather", "Weather", "news"), ("sport", "Sport", ""),
    ("football", "Football", "sport"), ("rowing", "Rowing", "sport"),
    ("culture", "Culture", ""), ("music", "Music", "culture"), ("theater", "Theater", "culture"),
    ("books", "Books", "culture"), ("business", "Business", ""),
    ("harbor", "Harbor", "business"), ("markets", "Markets", "business"),
    ("opinion", "Opinion", ""), ("letters", "Letters", "opinion"), ("science", "Science", ""),
    ("health", "Health", "science"), ("food-drink", "Food & Drink", ""),
]
TAG_COUNT = 200
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LOCAL_OFFSET = datetime.timedelta(hours=2)  # the old site's timezone, UTC+2

# ---------------------------------------------------------------------------------------------
# Escaping.


def text(value):
    """Element text outside CDATA."""
    return escape(value)


def attr(value):
    """An attribute value, for double quotes."""
    return escape(value, {'"': "&quot;"})


def cdata(value):
    """A CDATA section; a `]]>` inside is split across two sections."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


# ---------------------------------------------------------------------------------------------
# Words.


class Words:
    """Sentences, titles and bodies drawn from the vocabulary with one seeded generator."""

    def __init__(self, rng):
        self.rng = rng
        self.plain = [self.sentence() for _ in range(1024)]
        self.marked = [self.marked_sentence() for _ in range(4096)]
        self.marked_bytes = [len(s.encode("utf-8")) for s in self.marked]

    def phrase(self):
        r = self.rng
        if r.random() < 0.5:
            return determined(r.choice(DETERMINERS), f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}")
        return determined(r.choice(DETERMINERS), r.choice(NOUNS))

    def clause(self):
        r = self.rng
        parts = [self.phrase(), r.choice(VERBS), self.phrase()]
        if r.random() < 0.5:
            parts += [r.choice(PREPOSITIONS), self.phrase()]
        if r.random() < 0.4:
            parts.append(r.choice(TIMES))
        return " ".join(parts)

    def sentence(self):
        r = self.rng
        kind = r.random()
        if kind < 0.08:
            return f"\u201c{r.choice(SAYINGS)},\u201d said {r.choice(SPEAKERS)}."
        body = self.clause()
        if kind < 0.35:
            body += f" {r.choice(CONNECTORS)} {self.clause()}"
        elif kind < 0.42:
            body += f" \u2014 {self.phrase()} {r.choice(VERBS)} it too"
        elif kind < 0.45:
            body += f" & {self.phrase()}"
        return body[0].upper() + body[1:] + "."

    def marked_sentence(self):
        """A sentence with, now and then, inline HTML (the body's `&` as `&amp;`)."""
        r = self.rng
        words = self.sentence().replace("&", "&amp;").split(" ")
        kind = r.random()
        if kind < 0.2 and len(words) > 4:
            at = r.randrange(1, len(words) - 2)
            tag = r.choice(["strong", "em"])
            words[at] = f"<{tag}>{words[at]}"
            words[at + 1] = f"{words[at + 1]}</{tag}>"
        elif kind < 0.3 and len(words) > 4:
            at = r.randrange(1, len(words) - 2)
            href = f"{SITE}/{r.randint(2009, 2024)}/{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{r.choice(NOUNS)}-{r.choice(NOUNS)}/"
            words[at] = f'<a href="{href}">{words[at]}'
            words[at + 1] = f"{words[at + 1]}</a>"
        return " ".join(words)

    def title(self, words=None):
        r = self.rng
        words = words or r.randint(4, 8)
        picked = [r.choice(ADJECTIVES), r.choice(NOUNS), r.choice(VERBS)]
        while len(picked) < words:
            picked.append(r.choice(NOUNS + ADJECTIVES + ["the", "of", "in", "for"]))
        title = " ".join(w.capitalize() if i == 0 or len(w) > 3 else w for i, w in enumerate(picked))
        roll = r.random()
        if roll < 0.08:
            title += f" & {r.choice(NOUNS).capitalize()}"
        elif roll < 0.12:
            title = f"{r.choice(NOUNS).capitalize()}\u2019s {title}"
        elif roll < 0.15:
            title += f': "{r.choice(SAYINGS)}"'
        return title

    def paragraph(self):
        """A paragraph of 3-7 sentences, and its size in bytes."""
        picks = self.rng.choices(range(len(self.marked)), k=self.rng.randint(3, 7))
        return " ".join(self.marked[i] for i in picks), sum(self.marked_bytes[i] for i in picks) + len(picks) - 1

    def caption(self, number):
        r = self.rng
        width = r.choice([300, 640, 1024])
        year, month = r.randint(2012, 2024), r.randint(1, 12)
        picture = f"{SITE}/wp-content/uploads/{year}/{month:02d}/{r.choice(NOUNS)}-{number}.jpg"
        alt = determined(r.choice(DETERMINERS), f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}")
        words = r.choice(self.plain)
        return (f'[caption id="attachment_{number}" align="aligncenter" width="{width}"]'
                f'<img class="size-medium wp-image-{number}" src="{picture}" alt="{alt}" '
                f'width="{width}" height="{width * 2 // 3}" /> {words}[/caption]')

    def classic_body(self, size, picture_number):
        """Paragraphs separated by blank lines, sometimes a captioned picture after the first."""
        parts, total = [], 0
        with_picture = self.rng.random() < 0.15
        while total < size or not parts:
            paragraph, length = self.paragraph()
            parts.append(paragraph)
            total += length + 2
            if with_picture and len(parts) == 1:
                parts.append(self.caption(picture_number))
                total += len(parts[-1]) + 2
        return "\n\n".join(parts)

    def block_body(self, size):
        """Gutenberg blocks: paragraphs, with a heading and a list every few paragraphs."""
        r = self.rng
        parts, total, paragraphs = [], 0, 0
        while total < size or not parts:
            if paragraphs % 8 == 2 and (not parts or not parts[-1].startswith("<!-- wp:heading")):
                block = ('<!-- wp:heading -->\n<h2 class="wp-block-heading">'
                         f"{self.title(r.randint(2, 4))}</h2>\n<!-- /wp:heading -->")
                block = block.replace("&", "&amp;")
            elif paragraphs % 12 == 5 and not parts[-1].startswith("<!-- wp:list"):
                items = "".join(
                    f"<!-- wp:list-item -->\n<li>{r.choice(self.plain).replace('&', '&amp;')}</li>\n<!-- /wp:list-item -->\n"
                    for _ in range(r.randint(2, 5)))
                block = f'<!-- wp:list -->\n<ul class="wp-block-list">{items}</ul>\n<!-- /wp:list -->'
            else:
                paragraph, _ = self.paragraph()
                block = f"<!-- wp:paragraph -->\n<p>{paragraph}</p>\n<!-- /wp:paragraph -->"
                paragraphs += 1
            parts.append(block)
            total += len(block.encode("utf-8")) + 2
        return "\n\n".join(parts)


def determined(determiner, words):
    """`a` before a consonant, `an` before a vowel."""
    if determiner == "a" and words[0] in "aeiou":
        determiner = "an"
    return f"{determiner} {words}"


def slugify(title, suffix):
    cleaned = "".join(c if c.isascii() and c.isalnum() else " " for c in title.replace("\u2019", "").lower())
    return "-".join(cleaned.split()[:8] + [str(suffix)])


def wxr_time(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def rss_time(moment):
    return (f"{WEEKDAYS[moment.weekday()]}, {moment.day:02d} {MONTHS[moment.month - 1]} "
            f"{moment.year} {moment:%H:%M:%S} +0000")


# ---------------------------------------------------------------------------------------------
# The export.


class Export:
    def __init__(self, out, args):
        self.out = out
        self.args = args
        self.rng = random.Random(args.seed)
        self.words = Words(self.rng)
        self.written = 0
        self.next_post_id = 10
        self.next_comment_id = 1
        self.next_picture = 5000
        self.posts = self.pages = self.comments = 0
        self.tags = self.make_tags()
        self.progress_step = 64 * 1024 * 1024
        self.next_progress = self.progress_step

    def write(self, chunk):
        data = chunk.encode("utf-8")
        self.out.write(data)
        self.written += len(data)
        if self.args.progress and self.written >= self.next_progress:
            goal = f" of {self.args.target_bytes // 1048576} MB" if self.args.target_bytes else ""
            print(f"  wrote {self.written // 1048576} MB{goal} ({self.posts} posts)", file=sys.stderr, flush=True)
            self.next_progress += self.progress_step

    def make_tags(self):
        names = sorted({f"{a} {n}" for a in ADJECTIVES for n in NOUNS})
        picked = self.rng.sample(names, TAG_COUNT)
        return [(f"{name.replace(' ', '-')}", name) for name in picked]

    def header(self):
        self.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            "<!-- A synthetic WordPress eXtended RSS export for benchmarking Dateline's importer"
            f" (bench/wxr_generator.py, seed {self.args.seed}). -->\n"
            '<!-- generator="WordPress/6.4.2" created="2025-06-30 12:00" -->\n'
            '<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
            ">\n\n<channel>\n"
            "\t<title>The River Towns Gazette</title>\n"
            f"\t<link>{SITE}</link>\n"
            "\t<description>News, sport &amp; culture from the river towns</description>\n"
            "\t<pubDate>Mon, 30 Jun 2025 12:00:00 +0000</pubDate>\n"
            "\t<language>en-US</language>\n"
            "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n"
            f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n")
        for number, (login, display, first, last) in enumerate(AUTHORS, start=1):
            self.write(
                f"\t<wp:author><wp:author_id>{number}</wp:author_id>"
                f"<wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_email>{cdata(login.replace('.', '').replace('_', '') + '@old.example.org')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(display)}</wp:author_display_name>"
                f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
                f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n")
        self.write("\n")
        for number, (slug, name, parent) in enumerate(CATEGORIES, start=2):
            self.write(
                f"\t<wp:category><wp:term_id>{number}</wp:term_id>"
                f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
                f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
                f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n")
        self.write("\n")
        for number, (slug, name) in enumerate(self.tags, start=40):
            self.write(
                f"\t<wp:tag><wp:term_id>{number}</wp:term_id>"
                f"<wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n")
        self.write("\n\t<generator>https://wordpress.org/?v=6.4.2</generator>\n\n")

    def footer(self):
        self.write("</channel>\n</rss>\n")

    def post_id(self):
        post_id = self.next_post_id
        self.next_post_id += self.rng.randint(1, 3)  # revisions and uploads take ids between
        return post_id

    def post(self):
        r = self.rng
        self.posts += 1
        post_id = self.post_id()
        roll = r.random()
        status = "publish" if roll < 0.85 else "draft" if roll < 0.92 else "pending" if roll < 0.96 else "future"
        if status == "future":
            start, span = datetime.datetime(2031, 1, 1), 3 * 365 * 86400
        else:
            start, span = datetime.datetime(2009, 1, 1), 16 * 365 * 86400 + 180 * 86400
        gmt = start + datetime.timedelta(seconds=r.randrange(span))
        local = gmt + LOCAL_OFFSET
        modified = gmt + datetime.timedelta(seconds=r.randrange(3 * 86400)) if r.random() < 0.3 else gmt
        title = self.words.title()
        slug = slugify(title, self.posts)
        link = f"{SITE}/{local:%Y/%m/%d}/{slug}/"
        if r.random() < 0.4:
            body = self.words.block_body(self.args.body_bytes)
        else:
            self.next_picture += 1
            body = self.words.classic_body(self.args.body_bytes, self.next_picture)
        excerpt = r.choice(self.words.plain) if r.random() < 0.5 else ""
        author_number = r.randrange(len(AUTHORS))
        author = AUTHORS[author_number][0]
        terms = []
        for slug_, name, _ in r.sample(CATEGORIES, r.randint(1, 2)):
            terms.append(f'\t\t<category domain="category" nicename="{attr(slug_)}">{cdata(name)}</category>\n')
        for slug_, name in r.sample(self.tags, r.randint(0, 4)):
            terms.append(f'\t\t<category domain="post_tag" nicename="{attr(slug_)}">{cdata(name)}</category>\n')
        parts = [
            "\t<item>\n",
            f"\t\t<title>{text(title)}</title>\n",
            f"\t\t<link>{text(link)}</link>\n",
            f"\t\t<pubDate>{rss_time(gmt)}</pubDate>\n",
            f"\t\t<dc:creator>{cdata(author)}</dc:creator>\n",
            f'\t\t<guid isPermaLink="false">{text(f"{SITE}/?p={post_id}")}</guid>\n',
            "\t\t<description></description>\n",
            f"\t\t<content:encoded>{cdata(body)}</content:encoded>\n",
            f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n",
            f"\t\t<wp:post_id>{post_id}</wp:post_id>\n",
            f"\t\t<wp:post_date>{cdata(wxr_time(local))}</wp:post_date>\n",
            f"\t\t<wp:post_date_gmt>{cdata(wxr_time(gmt))}</wp:post_date_gmt>\n",
            f"\t\t<wp:post_modified>{cdata(wxr_time(modified + LOCAL_OFFSET))}</wp:post_modified>\n",
            f"\t\t<wp:post_modified_gmt>{cdata(wxr_time(modified))}</wp:post_modified_gmt>\n",
            "\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n",
            "\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>\n",
            f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n",
            f"\t\t<wp:status>{cdata(status)}</wp:status>\n",
            "\t\t<wp:post_parent>0</wp:post_parent>\n",
            "\t\t<wp:menu_order>0</wp:menu_order>\n",
            "\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n",
            "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n",
            f"\t\t<wp:is_sticky>{1 if r.random() < 0.005 else 0}</wp:is_sticky>\n",
            *terms,
            "\t\t<wp:postmeta>\n\t\t\t<wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>\n"
            f"\t\t\t<wp:meta_value>{cdata(str(author_number + 1))}</wp:meta_value>\n"
            "\t\t</wp:postmeta>\n",
        ]
        parts += self.post_comments(gmt)
        parts.append("\t</item>\n")
        self.write("".join(parts))

    def post_comments(self, after):
        r = self.rng
        parts, ids = [], []
        moment = after
        for _ in range(self.args.comments_per_post):
            comment_id = self.next_comment_id
            self.next_comment_id += 1
            self.comments += 1
            moment += datetime.timedelta(seconds=r.randint(60, 4 * 86400))
            parent = r.choice(ids) if ids and r.random() < 0.35 else 0
            ids.append(comment_id)
            reader = r.randint(1, 5000)
            name = f"{FIRST_NAMES[reader % len(FIRST_NAMES)]} {LAST_NAMES[reader // len(FIRST_NAMES) % len(LAST_NAMES)]}"
            roll = r.random()
            approved = "1" if roll < 0.85 else "0" if roll < 0.95 else "spam"
            words = " ".join(r.choices(self.words.plain, k=r.randint(1, 3)))
            if r.random() < 0.2:
                words += "\n\n" + r.choice(self.words.plain)
            url = f"https://reader{reader}.example.net/" if r.random() < 0.1 else ""
            parts.append(
                "\t\t<wp:comment>\n"
                f"\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
                f"\t\t\t<wp:comment_author>{cdata(name)}</wp:comment_author>\n"
                f"\t\t\t<wp:comment_author_email>{cdata(f'reader{reader}@example.org')}</wp:comment_author_email>\n"
                f"\t\t\t<wp:comment_author_url>{text(url)}</wp:comment_author_url>\n"
                f"\t\t\t<wp:comment_author_IP>{cdata(f'192.0.2.{reader % 250 + 1}')}</wp:comment_author_IP>\n"
                f"\t\t\t<wp:comment_date>{cdata(wxr_time(moment + LOCAL_OFFSET))}</wp:comment_date>\n"
                f"\t\t\t<wp:comment_date_gmt>{cdata(wxr_time(moment))}</wp:comment_date_gmt>\n"
                f"\t\t\t<wp:comment_content>{cdata(words)}</wp:comment_content>\n"
                f"\t\t\t<wp:comment_approved>{cdata(approved)}</wp:comment_approved>\n"
                "\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n"
                f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
                "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
                "\t\t</wp:comment>\n")
        return parts

    def page(self):
        r = self.rng
        self.pages += 1
        post_id = self.post_id()
        gmt = datetime.datetime(2009, 1, 1) + datetime.timedelta(seconds=r.randrange(16 * 365 * 86400))
        local = gmt + LOCAL_OFFSET
        title = f"About the {r.choice(ADJECTIVES).capitalize()} {r.choice(NOUNS).capitalize()} Desk"
        slug = slugify(title, f"page-{self.pages}")
        self.next_picture += 1
        body = self.words.classic_body(min(self.args.body_bytes, 4000), self.next_picture)
        self.write(
            "\t<item>\n"
            f"\t\t<title>{cdata(title)}</title>\n"
            f"\t\t<link>{text(f'{SITE}/{slug}/')}</link>\n"
            f"\t\t<pubDate>{rss_time(gmt)}</pubDate>\n"
            f"\t\t<dc:creator>{cdata(AUTHORS[0][0])}</dc:creator>\n"
            f'\t\t<guid isPermaLink="false">{text(f"{SITE}/?page_id={post_id}")}</guid>\n'
            "\t\t<description></description>\n"
            f"\t\t<content:encoded>{cdata(body)}</content:encoded>\n"
            "\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
            f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
            f"\t\t<wp:post_date>{cdata(wxr_time(local))}</wp:post_date>\n"
            f"\t\t<wp:post_date_gmt>{cdata(wxr_time(gmt))}</wp:post_date_gmt>\n"
            f"\t\t<wp:post_modified>{cdata(wxr_time(local))}</wp:post_modified>\n"
            f"\t\t<wp:post_modified_gmt>{cdata(wxr_time(gmt))}</wp:post_modified_gmt>\n"
            "\t\t<wp:comment_status><![CDATA[closed]]></wp:comment_status>\n"
            "\t\t<wp:ping_status><![CDATA[closed]]></wp:ping_status>\n"
            f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
            "\t\t<wp:status><![CDATA[publish]]></wp:status>\n"
            "\t\t<wp:post_parent>0</wp:post_parent>\n"
            "\t\t<wp:menu_order>0</wp:menu_order>\n"
            "\t\t<wp:post_type><![CDATA[page]]></wp:post_type>\n"
            "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n"
            "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
            "\t\t<wp:postmeta>\n\t\t\t<wp:meta_key><![CDATA[_wp_page_template]]></wp:meta_key>\n"
            "\t\t\t<wp:meta_value><![CDATA[default]]></wp:meta_value>\n\t\t</wp:postmeta>\n"
            "\t</item>\n")

    def run(self):
        self.header()
        footer = len("</channel>\n</rss>\n")
        while True:
            if self.args.posts is not None and self.posts >= self.args.posts:
                break
            if self.args.target_bytes is not None and self.written + footer >= self.args.target_bytes:
                break
            self.post()
            if self.posts % 333 == 1:
                self.page()
        self.footer()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--posts", type=int, help="how many posts")
    size.add_argument("--target-bytes", type=int,
                      help="write posts until the file is at least this many bytes")
    parser.add_argument("--comments-per-post", type=int, default=3, help="comments on each post (3)")
    parser.add_argument("--body-bytes", type=int, default=3000,
                        help="about how many bytes of content each post has (3000)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same file (1)")
    parser.add_argument("-o", "--output", help="the file to write (default: standard output)")
    parser.add_argument("--progress", action="store_true", help="say every 64 MB how far it is, on stderr")
    args = parser.parse_args()
    if (args.posts is not None and args.posts < 0) or args.comments_per_post < 0 or args.body_bytes < 1:
        parser.error("--posts and --comments-per-post cannot be negative, --body-bytes must be positive")

    out = open(args.output, "wb", buffering=1 << 20) if args.output else sys.stdout.buffer
    export = Export(out, args)
    try:
        export.run()
        out.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error here
        sys.stderr.close()
        sys.exit(0)
    finally:
        if args.output:
            out.close()
    print(f"wrote {export.written} bytes: {export.posts} posts, {export.pages} pages, "
          f"{export.comments} comments", file=sys.stderr)


if __name__ == "__main__":
    main()
