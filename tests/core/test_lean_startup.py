"""A web process loads only what serving pages needs: the PDF library, the OIDC client, the
task engine and the migration tool come when first used (together about 60 MB per worker)."""

from __future__ import annotations

import subprocess
import sys


def test_creating_the_app_leaves_the_rarely_used_libraries_unloaded(tmp_path):
    script = (
        "import sys\n"
        "from app import create_app\n"
        f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/x.db',"
        " 'SECRET_KEY': 'x'})\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'fpdf', 'fontTools', 'authlib', 'huey', 'alembic', 'mako', 'flask_migrate'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd="."
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_flask_db_still_answers_with_flask_migrates_commands(runner):
    listed = runner.invoke(args=["db", "--help"])
    assert listed.exit_code == 0, listed.output
    assert "upgrade" in listed.output and "--directory" in listed.output
    heads = runner.invoke(args=["db", "heads"])  # loads Flask-Migrate and reads the scripts
    assert heads.exit_code == 0, heads.output
    assert heads.exception is None
