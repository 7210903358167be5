"""Documentation that matches the code: every content key documented, README's commands real."""

import re

import pytest

from congkhai import model
from congkhai.build.schema_errors import allowed_keys

from .conftest import REPO

MODELS = [model.SiteConfig, model.Contact, model.ServiceCentre, model.Kiosk, model.Agency, model.FieldOfWork,
          model.Procedure, model.Method, model.DocumentItem, model.Case, model.LegalRef, model.Decision, model.Change,
          model.Plan, model.Appendix, model.Task, model.FeedbackPosting, model.OnlineChannel, model.Page, model.Source,
          model.SearchVocabulary]


@pytest.mark.parametrize("content_model", MODELS, ids=[m.__name__ for m in MODELS])
def test_every_content_key_is_documented(content_model):
    guide = (REPO / "docs" / "noi-dung.md").read_text(encoding="utf-8")
    for key in allowed_keys(content_model):
        assert f"`{key}`" in guide, f"{content_model.__name__}.{key} is not documented in docs/noi-dung.md"


def test_every_label_is_nfc_vietnamese():
    import unicodedata
    for table in (model.LABELS, model.LEVELS, model.METHODS, model.ONLINE, model.ACTIONS):
        for label in table.values():
            assert unicodedata.is_normalized("NFC", label)


def test_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^```(?:sh|bash)\n(.+?)\n```", readme, re.M | re.S)
    assert len(commands) == 2, "README must show exactly two commands"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci
