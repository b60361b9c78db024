"""Pure decisions about KPM records: who may record what. No Flask, no database.

The relation of the acting user to the doctor is worked out by ``app.kpm.permissions``;
this table says what each relation may do with each kind of record.
"""

from __future__ import annotations

from typing import Any

#: kinds of record a doctor has
RECORD_KINDS = ("service", "supervision", "teaching", "documents", "checklist")

#: how the acting user stands to the person whose records they are
MANAGER = "manager"  # an admin, or a coordinator who manages the person
SUPERVISOR = "supervisor"  # an assigned supervisor
SELF = "self"  # the doctor herself
READER = "reader"  # anyone else who may see the person (her leader)

#: what each relation may record (and undo). A doctor records her own records, but
#: a service period she records is never approved (only a manager approves service),
#: and she attests a checklist item only where the plan says the item is self-attested.
MAY_RECORD: dict[str, frozenset[str]] = {
    MANAGER: frozenset(RECORD_KINDS),
    SUPERVISOR: frozenset({"supervision", "checklist"}),
    SELF: frozenset({"service", "supervision", "teaching", "documents", "checklist"}),
    READER: frozenset(),
}


def may_record(relation: str, kind: str) -> bool:
    """True when a user of this relation may add or remove records of this kind."""
    return kind in MAY_RECORD.get(relation, frozenset())


def may_approve_service(relation: str) -> bool:
    """Only managers (coordinators, admins) approve a service period."""
    return relation == MANAGER


def may_attest(relation: str, attested_by: str | None) -> bool:
    """Who attests a checklist item: managers and supervisors always; the doctor herself
    only when the requirement's ``attested_by`` is ``self``."""
    if relation in (MANAGER, SUPERVISOR):
        return True
    return relation == SELF and attested_by == "self"


def checklist_item_keys(params: dict[str, Any] | None) -> list[str]:
    """The item keys of a checklist requirement's params, in order."""
    keys: list[str] = []
    for item in (params or {}).get("items") or ():
        key = item.get("key") if isinstance(item, dict) else item
        if key is not None:
            keys.append(str(key))
    return keys
