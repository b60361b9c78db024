"""WTForms' own messages in nynorsk: WTForms ships bokmål but no nynorsk, and without
this a nynorsk page would show «This field is required.» in English."""

from __future__ import annotations

#: WTForms' message id → nynorsk (plural ids as a pair, with a pair of forms)
MESSAGES: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Invalid field name '%s'.": "Ugyldig feltnamn «%s».",
    "Field must be equal to %(other_name)s.": "Feltet må vere likt %(other_name)s.",
    (
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
    ): ("Feltet må ha minst %(min)d teikn.", "Feltet må ha minst %(min)d teikn."),
    (
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
    ): (
        "Feltet kan ikkje ha meir enn %(max)d teikn.",
        "Feltet kan ikkje ha meir enn %(max)d teikn.",
    ),
    (
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
    ): ("Feltet må ha nøyaktig %(max)d teikn.", "Feltet må ha nøyaktig %(max)d teikn."),
    "Field must be between %(min)d and %(max)d characters long.": (
        "Feltet må ha mellom %(min)d og %(max)d teikn."
    ),
    "Number must be at least %(min)s.": "Talet må vere minst %(min)s.",
    "Number must be at most %(max)s.": "Talet kan vere høgst %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Talet må vere mellom %(min)s og %(max)s.",
    "Date must be at least %(min)s.": "Datoen kan ikkje vere før %(min)s.",
    "Date must be at most %(max)s.": "Datoen kan ikkje vere etter %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Datoen må vere mellom %(min)s og %(max)s.",
    "This field is required.": "Feltet må fyllast ut.",
    "Invalid input.": "Ugyldig verdi.",
    "Invalid email address.": "Ugyldig e-postadresse.",
    "Invalid IP address.": "Ugyldig IP-adresse.",
    "Invalid Mac address.": "Ugyldig MAC-adresse.",
    "Invalid URL.": "Ugyldig URL.",
    "Invalid UUID.": "Ugyldig UUID.",
    "Invalid value, must be one of: %(values)s.": "Ugyldig verdi, må vere ein av: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": (
        "Ugyldig verdi, kan ikkje vere nokon av: %(values)s."
    ),
    "This field cannot be edited.": "Feltet kan ikkje endrast.",
    "This field is disabled and cannot have a value.": (
        "Feltet er slått av og kan ikkje ha nokon verdi."
    ),
    "Invalid CSRF Token.": "Ugyldig skjemanøkkel (CSRF). Last sida på nytt og prøv igjen.",
    "CSRF token missing.": "Skjemanøkkelen (CSRF) manglar. Last sida på nytt og prøv igjen.",
    "CSRF failed.": "Skjemakontrollen (CSRF) feila. Last sida på nytt og prøv igjen.",
    "CSRF token expired.": "Skjemanøkkelen (CSRF) har gått ut. Last sida på nytt og prøv igjen.",
    "Invalid Choice: could not coerce.": "Ugyldig val.",
    "Choices cannot be None.": "Vala kan ikkje vere tomme.",
    "Not a valid choice.": "Ikkje eit gyldig val.",
    "Invalid choice(s): one or more data inputs could not be coerced.": (
        "Ugyldig val: ein eller fleire av verdiane er ikkje gyldige."
    ),
    (
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
    ): (
        "«%(value)s» er ikkje eit gyldig val for dette feltet.",
        "«%(value)s» er ikkje gyldige val for dette feltet.",
    ),
    "Not a valid datetime value.": "Ikkje eit gyldig tidspunkt.",
    "Not a valid date value.": "Ikkje ein gyldig dato.",
    "Not a valid time value.": "Ikkje eit gyldig klokkeslett.",
    "Not a valid week value.": "Ikkje ei gyldig veke.",
    "Not a valid integer value.": "Ikkje eit gyldig heiltal.",
    "Not a valid decimal value.": "Ikkje eit gyldig desimaltal.",
    "Not a valid float value.": "Ikkje eit gyldig tal.",
}


class NynorskTranslations:
    """The gettext pair WTForms asks its ``meta.get_translations`` for."""

    def gettext(self, string: str) -> str:
        found = MESSAGES.get(string)
        return found if isinstance(found, str) else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = MESSAGES.get((singular, plural))
        if isinstance(found, tuple):
            return found[0] if n == 1 else found[1]
        return singular if n == 1 else plural


translations = NynorskTranslations()
