"""The stopword language guesser."""

from __future__ import annotations

import pytest

from kg.ingest.lang import guess_lang

SAMPLES = {
    "en": "The government said on Tuesday that the schools in the capital would remain closed until the end of "
    "the week, and officials told reporters that the situation was under control.",
    "es": "El Gobierno anunció el martes que las escuelas de la capital permanecerán cerradas hasta el final de "
    "la semana, según informaron fuentes oficiales a los periodistas.",
    "ro": "Guvernul a anunțat marți că școlile din capitală vor rămâne închise până la sfârșitul săptămânii, iar "
    "oficialii au declarat că situația este sub control.",
    "fr": "Le gouvernement a annoncé mardi que les écoles de la capitale resteront fermées jusqu'à la fin de la "
    "semaine, et les responsables ont déclaré que la situation est sous contrôle.",
    "de": "Die Regierung hat am Dienstag angekündigt, dass die Schulen in der Hauptstadt bis zum Ende der Woche "
    "geschlossen bleiben, und die Behörden sagten, die Lage sei unter Kontrolle.",
    "it": "Il governo ha annunciato martedì che le scuole della capitale resteranno chiuse fino alla fine della "
    "settimana, e le autorità hanno dichiarato che la situazione è sotto controllo.",
    "pt": "O governo anunciou na terça-feira que as escolas da capital vão permanecer fechadas até o fim da "
    "semana, e as autoridades disseram que a situação está sob controle.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_guess(lang: str) -> None:
    assert guess_lang(SAMPLES[lang]) == lang


def test_short_or_unclear_text() -> None:
    assert guess_lang("Kabul falls") is None
    assert guess_lang("Kabul Kandahar Herat Mazar Kunduz Faizabad Taloqan Sheberghan " * 5) is None
    assert guess_lang("Kabul the and of Kandahar der und die Herat " * 5) is None  # no clear lead
