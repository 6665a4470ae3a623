"""``/``: a small HTML page — a plain query form posting to ``/sparql`` with the named queries as
examples, and links to the dashboard (``/ui``), the API docs and the exports; and ``/ontology``,
the ontology as a page. No scripts; everything interpolated is escaped."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kg import __version__
from kg.export import EXPORT_FORMATS
from kg.ontology_page import ontology_html
from kg.queries import named_queries

router = APIRouter()

DEFAULT_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_STYLE = (
    "body{font:16px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "textarea{width:100%;font:14px/1.4 monospace}label{margin-right:1rem}"
    ".dashboard{display:inline-block;margin:.25rem 0 1rem;padding:.6rem 1.1rem;border-radius:.4rem;"
    "background:#1d4ed8;color:#fff;font-weight:600;text-decoration:none}.dashboard:focus,.dashboard:hover{background:#1e3a8a}"
)


def page(selected: str | None) -> str:
    queries = named_queries()
    text = queries.get(selected or "", DEFAULT_QUERY)
    options = "".join(
        f'<option value="{escape(name)}"{" selected" if name == selected else ""}>{escape(name)}.rq</option>'
        for name in queries
    )
    exports = " · ".join(f'<a href="/export.{escape(f)}">{escape(f)}</a>' for f in EXPORT_FORMATS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg {escape(__version__)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body>
<h1>kg</h1>
<p><a class="dashboard" href="/ui/">Open the dashboard →</a> map, timeline, sources and a SPARQL editor</p>
<p>A knowledge graph built from news articles, with provenance. SPARQL 1.1 endpoint:
<a href="/sparql"><code>/sparql</code></a> · API docs: <a href="/docs">/docs</a> · ontology: <a href="/ontology">/ontology</a> ·
exports: {exports} · events as tables: <a href="/api/v1/events.csv">events.csv</a> · <a href="/api/v1/events.geojson">events.geojson</a></p>
<form method="get" action="/"><label>Example <select name="example">{options}</select></label>
<button type="submit">Load</button></form>
<form method="post" action="/sparql">
<p><textarea name="query" rows="22" spellcheck="false">{escape(text)}</textarea></p>
<p><button type="submit">Run query</button> (results in the format your browser accepts; use
<code>curl -H 'Accept: text/csv'</code> for CSV)</p>
</form>
</body></html>
"""


@router.get("/", response_class=HTMLResponse, summary="Home: a query form, examples, links")
def home(request: Request, example: str | None = None) -> HTMLResponse:
    return HTMLResponse(page(example), headers=SECURITY_HEADERS)


@router.get(
    "/ontology",
    response_class=HTMLResponse,
    summary="The ontology: classes, properties and their mappings (from ontology/kg.ttl)",
)
def ontology() -> HTMLResponse:
    return HTMLResponse(ontology_html(), headers=SECURITY_HEADERS)
