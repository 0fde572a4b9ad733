"""The links every page of an edition carries: the search box and the front pages (index,
glossary, about, search), with the site's own words. Lesson pages (export.py), front pages
(index.py) and the site's finishing pass (site.py) all read it.

>>> INDEX_PAGE["facilitator"]
'facilitator.html'
"""

from __future__ import annotations

import html

from ..i18n import _

E = html.escape
SEARCH_PAGE = {"learner": "search.html", "facilitator": "search.facilitator.html"}
INDEX_PAGE = {"learner": "index.html", "facilitator": "facilitator.html"}


def words() -> dict[str, str]:
    """The site's own words (navigation and the search page), in the language in use."""
    return {
        "search": _("Search"), "search_label": _("Search these handouts (a name, a place, a word)"),
        "lessons": _("Lessons"), "glossary": _("Glossary"), "about": _("About the data"),
        "contents": _("Contents of this lesson"), "site": _("Lesson contents and other pages"),
        "previous": _("Previous lesson:"), "next": _("Next lesson:"),
        "pager": _("Previous and next lesson"), "document": _("Document:"),
        "search_title": _("Search the handouts"),
        "search_intro": _("Type a name, a place or a word: every place it appears in these "
                          "handouts is listed, with a link to it. The search runs in this page; "
                          "nothing leaves it."),
        "no_script": _("Searching needs JavaScript, which is off in this browser. The index "
                       "page lists every lesson."),
        "pages_nav": _("Handout pages"),
    }


def js_words() -> dict[str, str]:
    """What handout.js says on the search page (added to the page's data block of words)."""
    return {
        "searchNone": _("No place in these handouts holds “{query}”."),
        "searchOne": _("1 place holds “{query}”."),
        "searchMany": _("{count} places in {pages} pages hold “{query}”."),
        "searchEmpty": _("Type a word or a name, then press Enter."),
        "searchTimes": _("{count} times"),
        "searchCannot": _("The search cannot run in this browser: {error}."),
        "showTable": _("Show these rows as a table"), "hideTable": _("Hide the table"),
    }


# ---------------------------------------------------------------------------- reading a page


def site_links(which: str, current: str = "") -> str:
    """The search box and the links to the front pages of one edition (front pages and lesson
    pages share it)."""
    w = words()
    search = SEARCH_PAGE[which]
    links = [(INDEX_PAGE[which], w["lessons"]), ("glossary.html", w["glossary"]),
             ("about.html", w["about"]), (search, w["search"])]
    shown = " · ".join(
        f'<span aria-current="page">{E(text)}</span>' if href == current else f'<a href="{href}">{E(text)}</a>'
        for href, text in links)
    return (f'<form class="ih-search-form" role="search" data-ih-search="{search}">'
            f'<label for="ih-search-box">{E(w["search_label"])}</label>'
            f'<span class="ih-search-row"><input type="search" id="ih-search-box" name="q" '
            f'autocomplete="off" spellcheck="false"><button type="submit">{E(w["search"])}</button></span></form>'
            f'<p class="ih-site-links">{shown}</p>')
