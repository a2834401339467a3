"""The docs stay in step with the code: every chart type, key and setting is documented."""

from __future__ import annotations

import json
import os
import re

import pytest
from helpers import ROOT

from flask_jsondash.schema import INPUT_TYPES, dashboard_json_schema
from flask_jsondash.settings import CHARTS_CONFIG, DEFAULT_CONFIG

DOCS = os.path.join(ROOT, "docs")


def read(*parts: str) -> str:
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return handle.read()


def sections(text: str, level: str) -> list[str]:
    return re.findall(rf"^{level} (\S+)\s*$", text, re.M)


def test_schemas_md_has_every_family_and_type_and_no_other():
    text = read("docs", "schemas.md")
    assert sections(text, "##") == list(CHARTS_CONFIG)
    documented = sections(text, "###")
    registered = [chart[0] for family in CHARTS_CONFIG.values() for chart in family["charts"]]
    assert sorted(documented) == sorted(registered)


def test_schemas_md_types_sit_under_their_family():
    text = read("docs", "schemas.md")
    for family, config in CHARTS_CONFIG.items():
        start = text.index(f"\n## {family}\n")
        following = text.find("\n## ", start + 1)
        body = text[start : following if following > 0 else len(text)]
        for chart_type, _label in config["charts"]:
            assert f"\n### {chart_type}\n" in body, (family, chart_type)


def test_schemas_md_family_paragraphs_are_the_manifests_docs():
    """docs/schemas.md opens each family's section with its manifest's docs paragraph."""
    from flask_jsondash.families import BUILTIN

    text = read("docs", "schemas.md")
    for family in BUILTIN:
        start = text.index(f"\n## {family.name}\n") + len(f"\n## {family.name}\n")
        paragraph = text[start:].strip().split("\n\n")[0]
        assert " ".join(paragraph.split()) == family.docs, family.name


def test_schemas_md_states_override_support_as_the_registry_does():
    text = read("docs", "schemas.md")
    table = dict(re.findall(r"^\| (\w+) \| (supported|not supported) \|$", text, re.M))
    expected = {
        name: "supported" if family.get("override") else "not supported"
        for name, family in CHARTS_CONFIG.items()
    }
    assert table == expected


def test_schemas_md_has_an_example_for_every_type_and_its_json_parses():
    text = read("docs", "schemas.md")
    for body in re.split(r"^### ", text, flags=re.M)[1:]:
        assert "```" in body, body.splitlines()[0]
    for block in re.findall(r"```json\n(.*?)```", text, re.S):
        json.loads(block)


def schema_keys() -> set[str]:
    schema = dashboard_json_schema()
    defs = schema["$defs"]
    return (
        set(schema["properties"])
        | set(defs["module"]["properties"])
        | set(defs["module"]["properties"]["inputs"]["properties"])
        | set(defs["inputOption"]["properties"])
    )


@pytest.mark.parametrize("key", sorted(schema_keys()))
def test_config_md_documents_every_dashboard_and_module_key(key):
    assert f"`{key}`" in read("docs", "config.md")


SETTINGS = [
    *DEFAULT_CONFIG,
    "JSONDASH",
    "JSONDASH_MAX_PERPAGE",
    "SECRET_KEY",
    "CHARTS_ACTIVE_DB",
    "CHARTS_DB_HOST",
    "CHARTS_DB_PORT",
    "CHARTS_DB_NAME",
    "CHARTS_DB_DB",
    "CHARTS_DB_TABLE",
    "CHARTS_DB_URI",
    "CHARTS_DB_PATH",
    "CHARTS_DB_TIMEOUT",
    "CHARTS_DB_SYNCHRONOUS",
]


@pytest.mark.parametrize("name", SETTINGS)
def test_config_md_documents_every_setting(name):
    assert f"`{name}`" in read("docs", "config.md")


def test_every_setting_the_code_reads_is_in_that_list():
    source = read("flask_jsondash", "settings.py") + read("flask_jsondash", "charts_builder.py")
    read_names = set(re.findall(r'"((?:CHARTS|JSONDASH)_[A-Z_]+)"', source))
    assert read_names <= set(SETTINGS)


@pytest.mark.parametrize(
    "hook", ["create", "update", "delete", "clone", "view", "edit_others", "edit_global"]
)
def test_config_md_documents_every_auth_hook(hook):
    assert f"| `{hook}` |" in read("docs", "config.md")


def test_config_md_lists_every_input_type():
    text = read("docs", "config.md")
    assert all(f"`{kind}`" in text for kind in INPUT_TYPES)


@pytest.mark.parametrize(
    "words",
    [
        "make run",
        "make test",
        "pip install",
        "register_blueprint",
        "JSONDASH",
        "metadata",
        "JSONDASH_CDN",
        "registerCallback",
        "docs/config.md",
        "docs/schemas.md",
        "docs/data_utils.md",
    ],
)
def test_readme_covers_the_essentials(words):
    assert words in read("README.md")


def _anchors(name: str) -> set[str]:
    """GitHub's anchors of a Markdown file's headings."""
    headings = re.findall(r"^#+ (.+)$", read(name), re.M)
    return {re.sub(r"[^a-z0-9 _-]", "", h.lower()).replace(" ", "-") for h in headings}


def test_docs_links_point_at_files_that_exist():
    names = ("README.md", "docs/config.md", "docs/schemas.md", "docs/data_utils.md")
    for name in (*names, "docs/migrating.md"):
        folder = os.path.dirname(os.path.join(ROOT, name))
        for target in re.findall(r"\]\(((?!https?:|#|<)[^)\s]+)\)", read(name)):
            path, _, anchor = target.partition("#")
            assert os.path.exists(os.path.join(folder, path)), (name, target)
            if anchor:
                linked = os.path.relpath(os.path.join(folder, path), ROOT)
                assert anchor in _anchors(linked), (name, target)


def test_migrating_guide_is_linked_and_names_each_original_test_that_fails_here():
    """docs/migrating.md lists every original test that fails here, with its reason."""
    assert "(docs/migrating.md)" in read("README.md")
    guide = read("docs", "migrating.md")
    for test in (
        "test_get_view_valid_id_invalid_config",
        "test_update_edit_raw_invalidschema_missing_x[family]",
        "test_all_code_lints_via_prospector",
        "test_get_tree_invalid_path",
        "test_get_dotfile_tree_invalid_path",
    ):
        assert f"`{test}`" in guide, test
