"""The messages a language model gets: the instructions (the project's brief, the glossary, the
rules of the tokens) and the segments of one batch with their context."""

from __future__ import annotations

import json

from transmgr.engines.llm.wire import Batch, language_name

DEFAULT_PROMPT = """\
You are a professional translator: you translate a text written in {source} into {target} for publication.
Translate each segment faithfully and idiomatically, as a native {target} editor would write it:
keep the author's meaning, tone and register, and follow the translation brief and the glossary.
Segments are consecutive parts of one document; the context around them is for reference only.
Each segment says what kind it is (a title, a heading, a list item, an image's alt text...).
Tokens such as [X0X] stand for markup, links, code and numbers; a segment's "tokens" show what
each stands for. Put each token of a segment exactly once into its translation, where the words
it belongs to go, and never change, translate or spell out what it stands for.
Answer with JSON only: {{"translations": [{{"id": "<id>", "text": "<translation>"}}]}}, with one
item for every segment id you were given, and nothing else.
"""


def system_message(batch: Batch, prompt: str | None) -> str:
    """The system message: the instructions (``prompt``, or the default) and the project's brief."""
    text = (prompt or DEFAULT_PROMPT).replace("{source}", language_name(batch.source_lang)).replace(
        "{target}", language_name(batch.target_lang)).replace("{{", "{").replace("}}", "}")
    brief = batch.brief.strip()
    if brief:
        # A brief that opens with a heading of its own keeps it; one that does not gets ours.
        text += f"\n{brief}\n" if brief.startswith("#") else f"\n# Translation brief\n\n{brief}\n"
    return text


def user_message(batch: Batch) -> str:
    """The user message: document, neighbours, glossary, sister languages, previous versions, then the
    segments as JSON (always last)."""
    target = language_name(batch.target_lang)
    parts = [f"Document: {batch.title}" if batch.title else f"Document: {batch.doc}"]
    if batch.glossary:
        lines = []
        for hit in batch.glossary:
            line = f"- {hit.source} → {hit.target}"
            if hit.forbidden:
                line += f" (never: {', '.join(hit.forbidden)})"
            if hit.note:
                line += f" — {hit.note}"
            lines.append(line)
        parts.append(f"Glossary ({language_name(batch.source_lang)} → {target}; use these terms, inflected as needed):\n"
                     + "\n".join(lines))
    for label, rows in (("before", batch.before), ("after", batch.after)):
        if rows:
            shown = []
            for source, translation in rows:
                shown.append(f"- {source}" + (f"\n  {target}: {translation}" if translation else ""))
            parts.append(f"Context {label} these segments (do not translate):\n" + "\n".join(shown))
    refs = [item for item in batch.items if item.references]
    if refs:
        lines = []
        for item in refs:
            lines += [f"- {item.id} in {language_name(lang)}: {text}" for lang, text in item.references.items()]
        parts.append("Reviewed translations of the same segments in sister languages (for reference):\n"
                     + "\n".join(lines))
    edited = [item for item in batch.items if item.previous]
    if edited:
        lines = []
        for item in edited:
            assert item.previous is not None
            lines.append(f"- {item.id}: the source was \"{item.previous[0]}\", translated as "
                         f"\"{item.previous[1]}\"; revise that translation to the new source")
        parts.append("Segments whose source was edited:\n" + "\n".join(lines))
    rejected = [item for item in batch.items if item.rejected]
    if rejected:
        lines = []
        for item in rejected:
            assert item.rejected is not None
            why = f" The reviewer's note: {item.rejected[1]}" if item.rejected[1] else ""
            lines.append(f"- {item.id}: a reviewer rejected the draft \"{item.rejected[0]}\".{why}")
        parts.append("Segments whose earlier draft was rejected (translate them anew; do not repeat the rejected "
                     "text):\n" + "\n".join(lines))
    segments = {"segments": [item.wire() for item in batch.items]}
    parts.append(f"Translate into {target}:\n" + json.dumps(segments, ensure_ascii=False))
    return "\n\n".join(parts)


def messages(batch: Batch, prompt: str | None) -> list[dict[str, str]]:
    """The chat messages of one request."""
    return [{"role": "system", "content": system_message(batch, prompt)},
            {"role": "user", "content": user_message(batch)}]


# -- what comes back ---------------------------------------------------------------------------------
