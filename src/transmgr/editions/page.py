"""The HTML page every edition page shares: document skeleton, stylesheet, pieces and links."""

from __future__ import annotations

import functools
import html
import posixpath
from urllib.parse import quote

from transmgr.languages import text_direction

STYLE = """\
:root{color-scheme:light dark;--fg:#1f1f22;--bg:#fdfcf8;--muted:#5c5c63;--accent:#1a5fb4;--rule:#d9d6cc;\
--draft:#fff1b8;--draft-line:#a66f00;--soft:#f0eee7}
@media (prefers-color-scheme:dark){:root{--fg:#e7e5df;--bg:#1a1a1c;--muted:#a8a6a1;--accent:#8ab4f8;\
--rule:#3b3b3f;--draft:#4d4000;--draft-line:#f0c040;--soft:#29292c}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"DejaVu Serif","Noto Serif",serif}
nav,footer,.notice,.tag,.head{font-family:system-ui,-apple-system,"Segoe UI","DejaVu Sans","Noto Sans",sans-serif}
a{color:var(--accent)}
.switcher{border-bottom:1px solid var(--rule);font-size:.95rem;line-height:1.4}
.switcher ul{display:flex;flex-wrap:wrap;gap:.35rem 1.25rem;list-style:none;margin:0 auto;padding:.8rem 1.25rem;\
max-width:42rem}
.switcher [aria-current]{font-weight:600}
main{max-width:42rem;margin:0 auto;padding:1.75rem 1.25rem 2rem}
article{hyphens:auto;-webkit-hyphens:auto;overflow-wrap:break-word}
h1{font-size:2.1rem;line-height:1.2;margin:.25rem 0 1.25rem}
h2{font-size:1.5rem;line-height:1.25;margin:2rem 0 .75rem}
h3,h4,h5,h6{font-size:1.2rem;line-height:1.3;margin:1.5rem 0 .5rem}
p,ul,ol{margin:0 0 1rem}
li{margin:.25rem 0}
.lead{font-size:1.25rem;line-height:1.5;color:var(--muted)}
.caption{font-size:.95rem;font-style:italic;color:var(--muted);border-left:3px solid var(--rule);padding-left:.75rem}
blockquote{margin:1.25rem 0;padding-left:1rem;border-left:3px solid var(--rule);color:var(--muted)}
code,pre{font-family:"DejaVu Sans Mono",ui-monospace,Menlo,Consolas,monospace;font-size:.88em}
code{background:var(--soft);padding:.05em .3em;border-radius:3px}
pre{background:var(--soft);padding:.75rem 1rem;overflow-x:auto;line-height:1.45;border-radius:4px}
pre code{background:none;padding:0}
hr{border:0;border-top:1px solid var(--rule);margin:2rem 0}
table{border-collapse:collapse;margin:0 0 1rem;display:block;overflow-x:auto}
th,td{border:1px solid var(--rule);padding:.3rem .6rem;text-align:left;vertical-align:top}
img{max-width:100%;height:auto}
.footnotes{font-size:.95rem}
.task-list-item{list-style:none}
.draft{background:var(--draft);text-decoration:underline dashed var(--draft-line);text-underline-offset:.2em}
.fallback{color:var(--muted);background:var(--soft)}
.notice{font-size:.9rem;border:1px solid var(--draft-line);background:var(--draft);padding:.5rem .75rem;\
border-radius:4px;margin:0 0 1.5rem}
footer{max-width:42rem;margin:0 auto;padding:1rem 1.25rem 3rem;border-top:1px solid var(--rule);font-size:.9rem;\
line-height:1.5;color:var(--muted)}
footer p{margin:0 0 .4rem}
.parallel main,.parallel footer,.parallel .switcher ul{max-width:none}
.row{display:grid;grid-template-columns:repeat(var(--columns),minmax(0,1fr));gap:0 1.5rem;\
border-top:1px solid var(--rule);padding:.6rem 0}
.row.more{border-top-style:dotted}
.row.head{position:sticky;top:0;background:var(--bg);font-weight:600;border-top:0;border-bottom:2px solid var(--rule)}
.cell{hyphens:auto;-webkit-hyphens:auto;overflow-wrap:break-word;min-width:0}
.cell>p{margin:0}
.k-title{font-size:1.5rem;font-weight:700;line-height:1.25}
.k-heading{font-size:1.2rem;font-weight:700}
.k-lead{font-size:1.1rem}
.k-quote>.cell{border-left:3px solid var(--rule);padding-left:.75rem}
.k-caption{font-style:italic;color:var(--muted)}
.k-list-item>.cell{padding-left:calc(var(--level,0) * 1.25rem)}
.tag{display:none;font-size:.75rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.index section{margin:0 0 1.75rem}
.index ul{padding-left:1.1rem}
.formats{font-size:.9rem;color:var(--muted)}
@media (max-width:640px){
body{font-size:1.0625rem}
h1{font-size:1.65rem}
main{padding:1.25rem 1rem 1.5rem}
.switcher ul{padding:.7rem 1rem}
footer{padding:1rem 1rem 2.5rem}
.row{grid-template-columns:1fr;gap:.35rem}
.row.head{display:none}
.tag{display:block}
}
@media print{.switcher{display:none}body{background:#fff;color:#000}}
"""


def html_lang(code: str) -> str:
    """The BCP 47 tag HTML wants for a gettext code (``pt_BR`` -> ``pt-BR``)."""
    return code.replace("_", "-")


@functools.cache
def lang_attrs(code: str) -> str:
    """``lang`` (and ``dir`` for right-to-left languages) attributes for an element."""
    attrs = f'lang="{html.escape(html_lang(code))}"'
    if text_direction(code) == "rtl":
        attrs += ' dir="rtl"'
    return attrs


def render_page(*, lang: str, title: str, body: str, body_class: str = "", head: str = "") -> str:
    """A standalone HTML5 page: no scripts, no external resources, styled for screens of any width."""
    klass = f' class="{body_class}"' if body_class else ""
    return (
        "<!DOCTYPE html>\n"
        f"<html {lang_attrs(lang)}>\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="transmgr">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n{head}<style>\n{STYLE}</style>\n</head>\n"
        f"<body{klass}>\n{body}</body>\n</html>\n"
    )


def relative_href(from_file: str, to_file: str) -> str:
    """A relative link from one build file to another, both given relative to the build folder."""
    start = posixpath.dirname(from_file)
    if not start and not to_file.startswith(("/", "../")) and "/./" not in to_file and "/../" not in to_file:
        target = to_file  # from a file at the top (the index): the path as it is (relpath's answer, faster)
    else:
        target = posixpath.relpath(to_file, start or ".")
    return html.escape(quote(target, safe="/"))
