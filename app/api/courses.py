"""API v1: the course catalogue, offerings, registrations and recorded completions."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.api import bp
from app.api.helpers import created, json_body, only_fields, optional_json_body, parse_bool
from app.api.schemas import courses as schemas
from app.api.schemas import gatherings as registration_schemas
from app.api.schemas import typed
from app.core import access, uploads, writes
from app.core.errors import DomainError
from app.courses import completions, operations, permissions, queries
from app.courses.models import Course
from app.extensions import db
from app.registrations import operations as registrations
from app.registrations import queries as registration_queries
from app.registrations.models import Registration


def _course_or_404(key: str) -> Course:
    if "\x00" in key or len(key) > 80:
        abort(404)
    course = db.session.scalar(select(Course).where(Course.key == key))
    if course is None:
        abort(404)
    return course


@bp.get("/courses")
@typed(resp=schemas.Courses)
def list_courses():
    """The course catalogue."""
    courses = db.session.scalars(select(Course).order_by(Course.title)).all()
    return [queries.course_to_json(c) for c in courses]


@bp.post("/courses")
@typed(json=schemas.CourseCreate, resp=schemas.Course, status=201)
def create_course():
    """Add a course to the catalogue (coordinators and admins)."""
    if not permissions.can_edit_catalogue(current_user):
        abort(403)
    course = writes.run(lambda: operations.create_course(json_body())).value
    return created(queries.course_to_json(course))


@bp.get("/courses/<key>")
@typed(resp=schemas.CourseWithOfferings)
def get_course(key: str):
    """One course with its offerings."""
    course = _course_or_404(key)
    body = queries.course_to_json(course)
    body["offerings"] = [queries.offering_to_json(o) for o in course.offerings]
    return body


@bp.patch("/courses/<key>")
@typed(json=schemas.CourseFields, resp=schemas.Course)
def update_course(key: str):
    """Change a catalogue entry (coordinators and admins)."""
    course = _course_or_404(key)
    if not permissions.can_edit_catalogue(current_user):
        abort(403)
    writes.run(lambda: operations.update_course(course, json_body()))
    return queries.course_to_json(course)


@bp.post("/courses/<key>/offerings")
@typed(json=schemas.OfferingCreate, resp=schemas.Offering, status=201)
def create_offering(key: str):
    """Schedule an offering of a course, possibly with modules."""
    course = _course_or_404(key)
    if not permissions.can_edit_catalogue(current_user):
        abort(403)
    data = json_body()
    if data.get("networks") is not None:
        data["networks"] = permissions.check_network_links(current_user, data["networks"])
    offering = writes.run(lambda: operations.create_offering(course, data, by=current_user)).value
    return created(queries.offering_to_json(offering))


@bp.get("/offerings/<int:offering_id>")
@typed(resp=schemas.Offering)
def get_offering(offering_id: int):
    """One offering with seats left and modules."""
    offering = permissions.get_offering_or_404(offering_id)
    return queries.offering_to_json(offering)


@bp.patch("/offerings/<int:offering_id>")
@typed(json=schemas.OfferingFields, resp=schemas.Offering)
def update_offering(offering_id: int):
    """Change an offering (any field, modules, status published|cancelled)."""
    offering = permissions.get_managed_offering_or_404(current_user, offering_id)
    data = json_body()
    if "networks" in data:
        data["networks"] = permissions.check_network_links(
            current_user, data["networks"] or [], offering
        )
    writes.run(lambda: operations.update_offering(offering, data, by=current_user))
    return queries.offering_to_json(offering)


@bp.post("/offerings/<int:offering_id>/registrations")
@typed(
    json=registration_schemas.OfferingRegistrationCreate,
    resp=registration_schemas.Registration,
    status=201,
)
def register(offering_id: int):
    """Register a person: a seat while there is room, else the waiting list."""
    offering = permissions.get_offering_or_404(offering_id)
    data = json_body()
    person_id = data.get("person_id", current_user.person_id)
    if isinstance(person_id, bool) or not isinstance(person_id, int):
        raise DomainError("person_id", _("Må være et heltall."))
    person = access.get_person_or_404(current_user, person_id)
    own = current_user.person_id == person.id
    manages = access.can_register_other(
        current_user, person, manages_event=permissions.can_manage_offering(current_user, offering)
    )
    if not own and not manages:
        abort(403)
    registration = writes.run(
        lambda: registrations.register(offering, person, by=current_user, override_deadline=manages)
    ).value
    position = registration_queries.waitlist_position(registration)
    return created(registration_queries.registration_to_json(registration, position))


@bp.get("/offerings/<int:offering_id>/registrations")
@typed(resp=registration_schemas.Registrations)
def list_registrations(offering_id: int):
    """The participants and the waiting list in order (position 1, 2, …)."""
    offering = permissions.get_offering_or_404(offering_id)
    if not permissions.can_manage_offering(current_user, offering):
        abort(403)
    return [
        registration_queries.registration_to_json(reg, position)
        for reg, position in registration_queries.registrations_with_positions(offering)
    ]


@bp.get("/registrations/<int:registration_id>")
@typed(resp=registration_schemas.Registration)
def get_registration(registration_id: int):
    """One registration (offering or gathering)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or not permissions.can_see_registration(current_user, registration):
        abort(404)
    return registration_queries.registration_to_json(
        registration, registration_queries.waitlist_position(registration)
    )


@bp.patch("/registrations/<int:registration_id>")
@typed(json=registration_schemas.RegistrationUpdate, resp=registration_schemas.Registration)
def update_registration(registration_id: int):
    """Set a registration's status: cancelled, attended, completed or no_show (also gatherings)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or not permissions.can_see_registration(current_user, registration):
        abort(404)
    data = json_body()
    status = data.get("status")
    if not isinstance(status, str):
        raise DomainError("status", _("Status må fylles ut."))
    if status == "cancelled":
        allowed = permissions.can_cancel_registration(current_user, registration)
    else:
        allowed = permissions.can_manage_registration(current_user, registration)
    if not allowed:
        abort(403)
    writes.run(lambda: registrations.set_status(registration, status, by=current_user))
    return registration_queries.registration_to_json(
        registration, registration_queries.waitlist_position(registration)
    )


@bp.get("/persons/<int:person_id>/course-completions")
@typed(resp=schemas.Completions)
def list_completions(person_id: int):
    """Courses a person has recorded as taken elsewhere."""
    person = access.get_person_or_404(current_user, person_id)
    return [queries.completion_to_json(c) for c in queries.person_completions(person.id)]


def _completion_body() -> tuple[dict, tuple[bytes, str] | None]:
    """The JSON body, or a multipart form with a ``certificate`` file (PDF or image)."""
    if request.mimetype != "multipart/form-data":
        return json_body(), None
    data: dict = dict(request.form.items())
    if "verified" in data:
        flag = str(data["verified"]).strip().lower()
        if flag not in ("true", "false"):
            raise DomainError("verified", _("Må være true eller false."))
        data["verified"] = flag == "true"
    upload = request.files.get("certificate")
    if upload is None or not upload.filename:
        return data, None
    return data, (upload.stream.read(uploads.CERTIFICATE_MAX_BYTES + 1), upload.filename)


@bp.post("/persons/<int:person_id>/course-completions")
@typed(json=schemas.CompletionCreate, resp=schemas.Completion, status=201)
def record_completion(person_id: int):
    """Record a course taken elsewhere (catalogue ``course_key``, or free text ``title``,
    ``provider``, ``level``); only coordinators and admins may mark it verified."""
    person = access.get_person_or_404(current_user, person_id)
    data, certificate = _completion_body()
    verified = parse_bool(data.get("verified"), "verified") or False
    coordinator = access.can_manage_person(current_user, person)
    if not coordinator and current_user.person_id != person.id:
        abort(403)
    if verified and not coordinator:
        abort(403, description=_("Bare en koordinator kan registrere et verifisert kurs."))
    completion = writes.run(
        lambda: completions.record_completion(
            person, data, verified=verified, by=current_user, certificate=certificate
        )
    ).value
    return created(queries.completion_to_json(completion))


@bp.post("/course-completions/<int:completion_id>/verify")
@typed(json=schemas.VerifyCompletion, resp=schemas.Completion)
def verify_completion(completion_id: int):
    """A coordinator verifies a recorded course (``{level?}`` matches free text to a level)."""
    completion = queries.get_completion(completion_id)
    if completion is None or not access.can_manage_person(current_user, completion.person):
        abort(404)
    level = only_fields(optional_json_body(), {"level"}).get("level")
    writes.run(lambda: completions.verify_completion(completion, by=current_user, level=level))
    return queries.completion_to_json(completion)
