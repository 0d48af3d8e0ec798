"""The checks on tables of real-looking faults, and the same number of correct translations that must pass.

Most sentences come from the project's essay (source/deeply-concerned.md) and its be/uk/ru
translations; the faults are the ones machine drafts between these languages make.
"""

from __future__ import annotations

import pytest

from tests.checks.conftest import run_checks
from transmgr.checks import Glossary

NBSP = "\u00a0"

# (expected check id, severity, language, source, translation, a fragment of the message)
FAULTS = [
    ("wrong-language", "error", "be", "Lukashenko jailed political prisoners.",
     "Лукашэнка кінуў у турмы политзаключённых.", "политзаключённых"),
    ("wrong-language", "error", "uk", "There is no bottom in Belarus.", "У Білорусі дна нэма.", "нэма"),
    ("wrong-language", "error", "ru", "There is no bottom in Belarus.", "У Беларусі дна нет.", "Беларусі"),
    ("mixed-script", "error", "be", "To help Belarus.", "Каб дапамагчы Беларусi.", "Беларусi"),
    ("mixed-script", "error", "ru", "The modernization of Su-25M jets.", "Модернизация самолётов Су-25M.", "Су-25M"),
    ("mixed-script", "error", "ru", "Adopted by resolution 217 A (III).", "Принята резолюцией 217 А (III).",
     "217 А (III)"),
    ("numbers", "error", "ru", "More than 60,000 people.", "Более 6000 человек.", "60,000"),
    ("numbers", "error", "ru", "More than 60,000 people.", "Более 60,000 человек.", "reads as 60"),
    ("numbers", "error", "uk", "Inflation of 3.5 percent.", "Інфляція 35 відсотків.", "3.5"),
    ("numbers", "error", "be", "It happened in 2020.", "Гэта здарылася ў 2021 годзе.", "2020"),
    ("numbers", "warning", "ru", "One minute", "1 минута", "not in the source"),
    ("placeholders", "error", "uk", "One minute", "{} хвилина", "{}"),
    ("placeholders", "error", "be", "Delete %(name)s?", "Выдаліць?", "%(name)s"),
    ("links", "error", "ru", "Read [the report](https://example.org/report).",
     "Прочитайте [доклад](https://example.org/doklad).", "https://example.org/report"),
    ("links", "error", "ru", "Read [the report](https://example.org/report).", "Прочитайте доклад.",
     "https://example.org/report"),
    ("inline-code", "error", "be", "Run `transmgr check` first.", "Спачатку запусціце `transmgr праверка`.",
     "`transmgr check`"),
    ("emphasis", "warning", "uk", "This is *not* an illusion.", "Це не ілюзія.", "emphasised"),
    ("forbidden-term", "error", "ru", "To stop mass repressions in Belarus.",
     "Остановить массовые репрессии в Белоруссии.", "белоруссии"),
    ("forbidden-term", "error", "be", "Lukashenko is a dictator.", "Лукашенка — дыктатар.", "Лукашэнка"),
    ("forbidden-term", "error", "uk", "Help Belarus.", "Допоможіть Білорусії.", "білорусії"),
    ("glossary", "warning", "be", "Putin is the problem.", "Пуцина — праблема.", "Пуцін"),
    ("end-punctuation", "warning", "be", "Article 1", "Артыкул 1.", "full stop"),
    ("end-punctuation", "warning", "ru", "What are you going to do about it?", "Что вы собираетесь с этим делать.",
     "question mark"),
    ("brackets", "error", "ru", "The terror continues (and it never stopped).",
     "Террор продолжается (и он никогда не прекращался.", "unbalanced ("),
    ("quotes", "error", "ru", 'We have an expression: "there is no bottom".', 'У нас есть выражение: "дна нет".',
     "straight quotes"),
    ("quotes", "error", "uk", 'We have an expression: "there is no bottom".', "У нас є вислів: “дна немає”.",
     "English quotes"),
    ("quotes", "warning", "ru", 'He wrote: "they call it "a second carriage"".',
     "Он написал: «они называют это «вторым вагоном»».", "inside"),
    ("dashes", "error", "be", "If necessary — he will do it.", "Калі трэба - ён гэта зробіць.", "hyphen"),
    ("dashes", "warning", "ru", "It is in limbo — for now.", "Это в подвешенном состоянии – пока.", "en dash"),
    ("apostrophe", "warning", "uk", "The United Transitional Cabinet of Belarus.",
     "Об'єднаний перехідний кабінет Білорусі.", "U+0027"),
    ("spacing", "warning", "be", "He did it.", "Ён  гэта зрабіў.", "double space"),
    ("lowercase-after-stop", "warning", "uk", "Taking into account that member states have pledged themselves,",
     "беручи до уваги. що держави-члени зобовʼязались,", "уваги. що"),
    ("untranslated", "warning", "ru", "The question remains open.", "The question remains open.", "identical"),
    ("untranslated", "warning", "ru", "The question is what are you going to do about it?",
     "Вопрос в том, what are you going to do about it?", "untranslated"),
    ("length", "warning", "be", "Sanctions were adopted in stages, with delays, with exceptions, with loopholes.",
     "Санкцыі.", "sentence may be missing"),
]

# (language, source, translation): correct translations; every check must stay silent.
CORRECT = [
    ("be", 'We have such an expression in Belarus: "there is no bottom".',
     "У нас у Беларусі ёсць такі выраз: «дна няма»."),
    ("uk", 'We have such an expression in Belarus: "there is no bottom".',
     "У нас у Білорусі є такий вислів: «дна немає»."),
    ("ru", 'We have such an expression in Belarus: "there is no bottom".',
     "У нас в Беларуси есть такое выражение: «дна нет»."),
    ("be", "More than 60,000 people went through prisons.", f"Больш за 60{NBSP}000 чалавек прайшлі праз турмы."),
    ("be", "More than 60,000 people went through prisons.", "Больш за 60 000 чалавек прайшлі праз турмы."),
    ("uk", "Inflation of 3.5 percent.", "Інфляція 3,5 відсотка."),
    ("ru", "They invade Ukraine on February 24.", "Они вторгаются в Украину 24 февраля."),
    ("be", "In 2020 and in 2022.", "У 2020 і ў 2022 годзе."),
    ("ru", "We did not understand this 2 years ago.", "Мы не понимали этого два года назад."),
    ("ru", "One minute", "Одна минута"),
    ("be", "The problem with Lukashenko is not solved.", "Праблема з Лукашэнкам не вырашана."),
    ("be", "It will follow Lukashenko’s order.", "Яна выканае загад Лукашэнкі."),
    ("ru", "The modernization of SU-25M jets is underway.", "Идёт модернизация самолётов Су-25М."),
    ("ru", 'The dual-purpose "Iskander-M" missile systems.', "Ракетные комплексы двойного назначения «Искандер-М»."),
    ("uk", "I do not want to remove responsibility from the United Transitional Cabinet of Belarus.",
     "Я не хочу знімати відповідальність з Обʼєднаного перехідного кабінету Білорусі."),
    ("be", "Not from the United Transitional Cabinet of Belarus.", "Не з Абʼяднанага пераходнага кабінета Беларусі."),
    ("ru", "The question is — what are you going to do about it?", "Вопрос в том — что вы собираетесь с этим делать?"),
    ("ru", 'He wrote: "they call it "a second carriage"".', "Он написал: «они называют это „вторым вагоном“»."),
    ("be", "Thousands of political prisoners ended up in prisons.", "Тысячы палітвязняў апынуліся ў турмах."),
    ("ru", "Thousands of political prisoners ended up in prisons.", "Тысячи политзаключённых оказались в тюрьмах."),
    ("uk", "The leaders visit Irpin.", "Лідери відвідують Ірпінь."),
    ("uk", "The shelling near Irpin.", "Обстріл поблизу Ірпеня."),
    ("ru", "Read [the report](https://example.org/report).", "Прочитайте [доклад](https://example.org/report)."),
    ("be", "Run `transmgr check` first.", "Спачатку запусціце `transmgr check`."),
    ("uk", "This is *not* an illusion.", "Це *не* ілюзія."),
    ("ru", "{} minutes", "{} минут"),
    ("be", "With the support of the Kremlin.", "Пры падтрымцы Крамля."),
    ("ru", "The war in Ukraine.", "Война в Украине."),
    ("be", "One country is about to turn into a new North Korea.",
     "Адна краіна вось-вось ператворыцца ў новую Паўночную Карэю."),
    ("uk", "The mechanism of universal jurisdiction allowed this.", "Механізм універсальної юрисдикції це дозволяв."),
    ("ru", "The years 1941–1945.", "1941–1945 годы."),
    ("be", "Article 1", "Артыкул 1"),
    ("uk", "Should I continue?", "Чи продовжувати?"),
    ("en", "The problem with Lukashenko.", "The problem with Lukashenka."),
    ("uk", "To help Belarus. To help Ukraine.", "Допомогти Білорусі. Допомогти Україні."),
]


def test_tables_have_the_same_size() -> None:
    assert len(FAULTS) == len(CORRECT)


@pytest.mark.parametrize(("check_id", "severity", "lang", "source", "translation", "fragment"), FAULTS,
                         ids=[f"{f[0]}-{f[2]}-{n}" for n, f in enumerate(FAULTS)])
def test_fault_is_found(glossary: Glossary, check_id: str, severity: str, lang: str, source: str,
                        translation: str, fragment: str) -> None:
    findings = run_checks(source, translation, lang, glossary=glossary)
    matching = [f for f in findings if f.check_id == check_id and f.severity == severity]
    assert matching, f"{check_id} did not report {translation!r}; found {[(f.check_id, f.message) for f in findings]}"
    assert any(fragment.lower() in f.message.lower() for f in matching), [f.message for f in matching]
    finding = matching[0]
    assert (finding.lang, finding.source, finding.translation) == (lang, source, translation)


@pytest.mark.parametrize(("lang", "source", "translation"), CORRECT,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(CORRECT)])
def test_correct_translation_is_silent(glossary: Glossary, lang: str, source: str, translation: str) -> None:
    findings = run_checks(source, translation, lang, glossary=glossary)
    assert findings == [], [(f.check_id, f.message) for f in findings]
