"""Two people editing one course: the second save is refused with what changed, never overwritten."""

from dataclasses import replace

import pytest

from pscp_training.db.audit import acting_as
from pscp_training.db.engine import Database
from pscp_training.domain.errors import StaleRecord
from pscp_training.services.sessions import catalogue
from tests import factories


@pytest.fixture
def second_pc(db_url):
    other = Database(db_url)
    yield other
    other.dispose()


def _form(course, **changes) -> catalogue.CourseForm:
    form = catalogue.CourseForm(
        code=course.code, title=course.title, agency=course.agency, category=course.category,
        default_duration_minutes=course.default_duration_minutes,
        default_capacity=course.default_capacity, description=course.description,
        active=course.active,
    )
    return replace(form, **changes)


def test_the_second_save_of_a_course_is_refused_and_says_who_changed_what(db, second_pc):
    shown = factories.course(db, code="DSL1", title="Designated Safeguarding Lead", capacity=20)
    assert shown.version == 1
    with acting_as("Jo Bloggs"):
        theirs = catalogue.save_course(second_pc, _form(shown, default_capacity=24), shown.id,
                                       expected_version=shown.version)
    assert theirs.version == 2

    with pytest.raises(StaleRecord) as refused:
        catalogue.save_course(db, _form(shown, title="DSL: New to Role"), shown.id,
                              expected_version=shown.version)
    message = str(refused.value)
    assert message.startswith(
        "Someone else saved a change to the course DSL1 while you were editing it.")
    assert "Jo Bloggs changed" in message and "from 20 to 24" in message
    kept = catalogue.get_course(db, shown.id)
    assert (kept.title, kept.default_capacity, kept.version) == (
        "Designated Safeguarding Lead", 24, 2)

    # From the reloaded course, the same edit goes through and keeps Jo's change.
    saved = catalogue.save_course(db, _form(kept, title="DSL: New to Role"), kept.id,
                                  expected_version=kept.version)
    assert (saved.title, saved.default_capacity, saved.version) == ("DSL: New to Role", 24, 3)


def test_a_course_saved_without_a_version_is_still_accepted(db):
    # The command line and imports edit without having shown anything first.
    course = factories.course(db, code="NEG1")
    saved = catalogue.save_course(db, _form(course, title="Neglect"), course.id)
    assert (saved.title, saved.version) == ("Neglect", 2)
