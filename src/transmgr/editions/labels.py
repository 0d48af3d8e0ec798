"""The few words HTML editions print around the text (switcher, colophon, notices), per language.

A page speaks its own language: a language without a table here gets English labels, while
language names, dates and percentages still come from CLDR through Babel.
"""

from __future__ import annotations

from transmgr.languages import base_language

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "languages": "Languages",
        "translation": "Translation",
        "reviewed": "{share} reviewed",
        "translated": "{share} translated, not yet reviewed",
        "draft": "{share} unreviewed drafts",
        "fallback": "{share} not yet translated (shown in the original)",
        "omitted": "{share} not yet translated (left out)",
        "original": "Original language: {language}.",
        "source_note": "This is the original text.",
        "built": "Built on {date}.",
        "parallel": "All languages side by side",
        "index": "All editions",
        "draft_notice": "This edition includes drafts nobody has reviewed yet; they are underlined with dashes.",
        "draft_title": "Draft, not reviewed",
        "fallback_title": "Not yet translated",
        "editions": "Editions",
        "not_included": "Not included (not translated enough yet): {languages}.",
        "formats": "Other formats",
    },
    "be": {
        "languages": "Мовы",
        "translation": "Пераклад",
        "reviewed": "{share} праверана",
        "translated": "{share} перакладзена, яшчэ не праверана",
        "draft": "{share} — неправераныя чарнавікі",
        "fallback": "{share} яшчэ не перакладзена (пададзена мовай арыгінала)",
        "omitted": "{share} яшчэ не перакладзена (прапушчана)",
        "original": "Мова арыгінала: {language}.",
        "source_note": "Гэта тэкст арыгінала.",
        "built": "Сабрана {date}.",
        "parallel": "Усе мовы побач",
        "index": "Усе выданні",
        "draft_notice": "У гэтае выданне ўвайшлі неправераныя чарнавікі; яны падкрэслены пункцірам.",
        "draft_title": "Чарнавік, не правераны",
        "fallback_title": "Яшчэ не перакладзена",
        "editions": "Выданні",
        "not_included": "Не ўвайшлі (пераклад яшчэ не гатовы): {languages}.",
        "formats": "Іншыя фарматы",
    },
    "uk": {
        "languages": "Мови",
        "translation": "Переклад",
        "reviewed": "{share} перевірено",
        "translated": "{share} перекладено, ще не перевірено",
        "draft": "{share} — неперевірені чернетки",
        "fallback": "{share} ще не перекладено (подано мовою оригіналу)",
        "omitted": "{share} ще не перекладено (пропущено)",
        "original": "Мова оригіналу: {language}.",
        "source_note": "Це текст оригіналу.",
        "built": "Зібрано {date}.",
        "parallel": "Усі мови поруч",
        "index": "Усі видання",
        "draft_notice": "До цього видання увійшли неперевірені чернетки; їх підкреслено пунктиром.",
        "draft_title": "Чернетка, не перевірена",
        "fallback_title": "Ще не перекладено",
        "editions": "Видання",
        "not_included": "Не увійшли (переклад ще не готовий): {languages}.",
        "formats": "Інші формати",
    },
    "ru": {
        "languages": "Языки",
        "translation": "Перевод",
        "reviewed": "{share} проверено",
        "translated": "{share} переведено, ещё не проверено",
        "draft": "{share} — непроверенные черновики",
        "fallback": "{share} ещё не переведено (дано на языке оригинала)",
        "omitted": "{share} ещё не переведено (пропущено)",
        "original": "Язык оригинала: {language}.",
        "source_note": "Это текст оригинала.",
        "built": "Собрано {date}.",
        "parallel": "Все языки рядом",
        "index": "Все издания",
        "draft_notice": "В это издание вошли непроверенные черновики; они подчёркнуты пунктиром.",
        "draft_title": "Черновик, не проверен",
        "fallback_title": "Ещё не переведено",
        "editions": "Издания",
        "not_included": "Не вошли (перевод ещё не готов): {languages}.",
        "formats": "Другие форматы",
    },
}


def label(lang: str, key: str, **fields: str) -> str:
    """The label ``key`` in ``lang`` (English when the language has no table), with ``fields`` filled in."""
    table = LABELS.get(base_language(lang), LABELS["en"])
    return table.get(key, LABELS["en"][key]).format(**fields)
