"""The JSON Schema an editor uses to complete and check indicators.yaml while one types."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from proforient_cli.cli import main
from proforient_cli.methodology.schema import methodology_schema

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [ROOT / "indicators.yaml", ROOT / "tests" / "fixtures" / "mini.yaml",
           *sorted((ROOT / "examples").glob("*/indicators.yaml"))]


def as_json(value):
    """YAML as JSON sees it: mapping keys are strings (a year 2024 becomes "2024")."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def test_check_prints_the_schema_and_the_committed_copy_is_up_to_date():
    result = CliRunner().invoke(main, ["check", "--schema"])
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert printed == methodology_schema()
    committed = json.loads((ROOT / "docs" / "indicators.schema.json").read_text(encoding="utf-8"))
    assert committed == printed, "regenerate: proforient check --schema > docs/indicators.schema.json"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_methodology_satisfies_the_schema(path):
    document = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.validate(document, methodology_schema())


def test_the_schema_catches_a_misspelt_key_as_the_editor_would():
    document = as_json(yaml.safe_load((ROOT / "tests" / "fixtures" / "mini.yaml").read_text(encoding="utf-8")))
    document["elements"][0]["lable"] = document["elements"][0].pop("label")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, methodology_schema())
