"""KPM application forms: input checks only; rules live in kpm.application_operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import FlaskForm, Form
from app.kpm.application_models import ConditionKind, DecisionOutcome

#: condition rows shown on the decision form
CONDITION_ROWS = 3


class ConditionForm(Form):
    """One condition of an approval: what kind, and what is asked for."""

    kind = SelectField(_l("Type vilkår"), validators=[Optional()])
    text = TextAreaField(_l("Vilkår"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = ConditionKind.choices()


class DecisionForm(FlaskForm):
    """The KPM body's decision on an application."""

    outcome = SelectField(_l("Utfall"), validators=[DataRequired()])
    conditions = FieldList(FormField(ConditionForm), min_entries=CONDITION_ROWS)
    note = TextAreaField(_l("Merknad i vedtaket"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decision", **kwargs)
        self.outcome.choices = [("", "—"), *DecisionOutcome.choices()]

    def condition_list(self) -> list[dict[str, str]]:
        """The filled-in condition rows, as the operation takes them."""
        kept = [
            (index, row)
            for index, row in enumerate(self.conditions)
            if (row.text.data or "").strip()
        ]
        #: the row on the page of each condition handed on (errors name the latter)
        self.row_of = [index for index, _row in kept]
        return [{"kind": row.kind.data, "text": row.text.data} for _index, row in kept]


class AppealForm(FlaskForm):
    """An appeal (klage) on a rejection or a deferral."""

    text = TextAreaField(
        _l("Begrunnelse for klagen"), validators=[DataRequired(), Length(max=10000)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="appeal", **kwargs)
