"""The command line itself: the installed command, what each command loads, files refused first."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo import cli

ROOT = Path(__file__).resolve().parents[1]
ADD = ["--place", "xã Mai Pha, thành phố Lạng Sơn", "--activity", "làm đường", "--start", "2017-03-01"]


def test_the_installed_command_is_the_same_command():
    """`pip install` puts `vn-activity-map` next to the interpreter; it runs geo.cli.main."""
    command = shutil.which("vn-activity-map", path=os.path.dirname(sys.executable))
    if command is None:
        pytest.skip("the project is not installed in this environment (pip install -e .)")
    done = subprocess.run([command, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("vn-activity-map ")
    usage = subprocess.run([command, "geocode"], capture_output=True, text=True, check=False)
    assert usage.returncode == cli.USAGE and "give at least one QUERY" in usage.stderr


def test_the_script_in_a_checkout_names_itself_as_before(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("build_map.py ")


# What a command imports: the geocoder starts without the records, the batch reader, the map code
# or any heavy library; building a map imports folium only when it draws.
@pytest.mark.parametrize(
    ("handler", "absent"),
    [
        (
            "geocode:run",
            ["geo.records", "geo.batch", "geo.render", "geo.extract", "folium", "numpy", "shapely"],
        ),
        ("units:run", ["geo.batch", "geo.render", "geo.extract", "folium", "shapely"]),
        ("records:build", ["folium", "geopandas", "pandas", "starlette"]),
        ("extract:run", ["folium", "geopandas", "starlette"]),
    ],
)
def test_a_command_loads_only_what_it_uses(handler, absent):
    code = (
        "import sys; from geo.cli import handler; "
        f"handler({handler!r}); print(' '.join(m for m in {absent!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == []


def test_add_refuses_a_spreadsheet_before_reading_anything(project, capsys):
    """Rows cannot be appended to a spreadsheet: said first, even when the row itself is wrong too."""
    sheet = project / "data" / "activities.xlsx"
    code = cli.main(["add", *ADD[:4], "--start", "2017-02-30", "--activities", str(sheet), "--no-build"])
    err = capsys.readouterr().err
    assert code == cli.FAILED
    assert "bảng tính" in err and "CSV UTF-8" in err  # a spreadsheet: export it as CSV
    assert "2017-02-30" not in err
    assert not sheet.exists()


@pytest.mark.parametrize(
    ("province", "name"),
    [
        (None, "lang_son_activities.html"),
        ("all", "vietnam_activities.html"),
        ("Thừa Thiên Huế", "thua_thien_hue_activities.html"),
    ],
)
def test_the_default_map_is_named_by_its_province(province, name):
    assert cli.default_map_path(province) == Path("maps") / name


def test_a_map_built_by_the_command_does_not_import_pandas_and_folium_still_knows_dataframes(project):
    """`build` imports folium without pandas (its slowest import); folium then accepts DataFrames
    as it does with pandas, once pandas is imported."""
    code = (
        "import sys; from geo.cli import main; assert main(['build', '--quiet']) == 0; "
        "print('pandas' in sys.modules); import pandas; from folium.utilities import validate_location; "
        "print(validate_location(pandas.DataFrame([[21.5, 106.7]])))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=project, env=env
    )
    assert done.stdout.split("\n")[-3:-1] == ["False", "[21.5, 106.7]"]


@pytest.mark.parametrize("command", cli.COMMANDS)
def test_every_command_names_a_function_that_exists(command):
    required = {"add": ["--place", "x", "--activity", "x", "--start", "x"], "extract": ["x"]}
    required |= {"units": ["--province", "x", "--as-of", "2017-01-01"]}
    args = cli.build_parser().parse_args([command, *required.get(command, [])])
    assert callable(cli.handler(args.handler))
