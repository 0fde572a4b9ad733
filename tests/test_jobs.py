"""The pack's jobs without make (issue 18): `intervention-history <job>` / `python -m helpers <job>`,
the environment from requirements.lock, the class set-up in binder/, and the offline bundle."""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from helpers import jobs

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
BINDER = ROOT / "binder"
HEAVY = ("pandas", "numpy", "altair", "frictionless", "yaml", "nbformat", "jupyterlab")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)\s*(?:;\s*(.+))?$")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def pins(path: Path) -> dict[str, dict[str, str]]:
    """{package: {marker ('' for none): version}} from a requirements file of exact pins."""
    found: dict[str, dict[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not an exact pin: {line!r}"
        found.setdefault(_name(match[1]), {})[match[3] or ""] = match[2]
    return found


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def fake_root(tmp_path: Path) -> Path:
    """A copy of what the environment is made from, with no lessons to run."""
    root = tmp_path / "pack"
    (root / "lessons").mkdir(parents=True)
    (root / "helpers/publish/assets").mkdir(parents=True)
    for name in ("pyproject.toml", "requirements.lock", jobs.OVERRIDES):
        shutil.copyfile(ROOT / name, root / name)
    return root


# --- running anywhere ---------------------------------------------------------------------

def test_the_environment_python_is_found_on_windows_and_elsewhere():
    venv = Path("C:/class/intervention-history/.venv")
    assert jobs.venv_python(venv, windows=True).parts[-2:] == ("Scripts", "python.exe")
    assert jobs.venv_python(venv, windows=False).parts[-2:] == ("bin", "python")


def test_an_old_python_is_refused_with_the_command_to_use_instead():
    with pytest.raises(jobs.JobError, match=r"3\.11 or newer; this is 3\.10.*py -3\.11 -m helpers"):
        jobs._python_ok((3, 10))
    jobs._python_ok((3, 11))
    jobs._python_ok((3, 13))


def test_a_windows_checkout_needs_no_new_install(tmp_path):
    root = fake_root(tmp_path)
    before = jobs.fingerprint(root)
    lock = root / "requirements.lock"
    lock.write_bytes(lock.read_bytes().replace(b"\n", b"\r\n"))  # git's autocrlf on Windows
    assert jobs.fingerprint(root) == before
    lock.write_text(lock.read_text() + "extra==1.0\n")
    assert jobs.fingerprint(root) != before, "a changed lock must mean installing again"


def test_the_environment_is_installed_from_the_lock_once_then_reused(tmp_path, monkeypatch):
    root = fake_root(tmp_path)
    venv = tmp_path / "venv"
    calls = []
    monkeypatch.delenv(jobs.CURRENT, raising=False)
    monkeypatch.setattr(jobs, "_runs", lambda python: True)  # an environment that exists
    monkeypatch.setattr(jobs, "_install", lambda python, installer, *args: calls.append(args) or 0)
    python = jobs.ensure_env(root, venv)
    assert python == jobs.venv_python(venv)
    assert calls == [("--quiet", "-r", str(root / "requirements.lock")),
                     ("--quiet", "--no-deps", "-e", str(root))], \
        "the exact versions first, then the pack itself without resolving anything again"
    settings = venv / "share/jupyter/lab/settings/overrides.json"
    assert settings.read_text() == (ROOT / jobs.OVERRIDES).read_text(), \
        "the JupyterLab settings (kernel auto-start, no news) were not applied"
    python.parent.mkdir(parents=True)
    python.write_text("")
    calls.clear()
    jobs.ensure_env(root, venv)
    assert calls == [], "an up-to-date environment was installed again"
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text() + "\n# changed\n")
    jobs.ensure_env(root, venv)
    assert calls and calls[0][-1].endswith("requirements.lock"), "a changed pyproject.toml was ignored"


def test_a_lock_that_cannot_install_falls_back_to_the_ranges_except_in_ci(tmp_path, monkeypatch):
    root = fake_root(tmp_path)
    calls = []

    def pip(python, installer, *args):
        calls.append(args)
        return 1 if "-r" in args else 0  # e.g. a Python too new for a pinned wheel
    monkeypatch.delenv(jobs.CURRENT, raising=False)
    monkeypatch.setattr(jobs, "_runs", lambda python: True)
    monkeypatch.setattr(jobs, "_install", pip)
    monkeypatch.setenv("CI", "")
    jobs.ensure_env(root, tmp_path / "venv")
    assert calls[-1] == ("--quiet", "-e", f"{root}[test,hub]")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(jobs.JobError, match="requirements.lock failed"):
        jobs.ensure_env(root, tmp_path / "venv2")


def test_a_package_added_to_pyproject_but_not_locked_is_still_installed(tmp_path, monkeypatch):
    root = fake_root(tmp_path)
    assert jobs.lock_gaps(root) == []
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text.replace('"pyyaml>=6.0",', '"pyyaml>=6.0",\n    "Scipy_Extra>=1",'))
    assert jobs.lock_gaps(root) == ["scipy-extra"]
    calls = []
    monkeypatch.delenv(jobs.CURRENT, raising=False)
    monkeypatch.setattr(jobs, "_runs", lambda python: True)
    monkeypatch.setattr(jobs, "_install", lambda python, installer, *args: calls.append(args) or 0)
    jobs.ensure_env(root, tmp_path / "venv")
    assert calls[-1] == ("--quiet", "-e", f"{root}[test,hub]"), "the unlocked package was left out"


def test_where_everything_is_installed_the_jobs_use_that_python(monkeypatch, tmp_path):
    monkeypatch.setenv(jobs.CURRENT, "current")  # what binder/start sets on Binder and JupyterHub
    assert jobs.ensure_env(fake_root(tmp_path)) == Path(sys.executable)


def _bare_python(*args, env=None, **kwargs):
    """This Python without site-packages: as on a fresh clone, before anything is installed."""
    return subprocess.run([sys.executable, "-S", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, **kwargs)


def test_the_command_imports_nothing_that_is_not_installed_yet():
    code = ("import sys, helpers, helpers.__main__, helpers.jobs; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))")
    result = _bare_python("-c", code)
    assert result.returncode == 0, f"helpers cannot even be imported before .venv exists:\n{result.stderr}"
    assert result.stdout.strip() == "[]", f"imported before .venv exists: {result.stdout}"
    shown = _bare_python("-m", "helpers", "--help")
    assert shown.returncode == 0, shown.stderr
    for job in ("handouts", "test", "lab", "check", "pdf", "bench", "bundle", "learner-branch"):
        assert re.search(rf"^\s+{job}\s", shown.stdout, re.M), f"help does not list {job}"


def test_check_runs_inside_the_environment_without_make_on_path(tmp_path):
    """`python3 -m helpers check` from a Python without the packages and a PATH without make:
    what a Windows or macOS facilitator types."""
    if not jobs.venv_python(ROOT / ".venv").exists():
        pytest.skip("no .venv yet: `python -m helpers test` sets it up")
    result = _bare_python("-m", "helpers", "check", env={"PATH": str(tmp_path)}, timeout=600)
    assert "ModuleNotFoundError" not in result.stderr, result.stderr
    assert re.search(r"^(ok|FAIL)\s+\S+", result.stdout, re.M), \
        f"check did not run inside .venv:\n{result.stdout}\n{result.stderr}"
    assert result.returncode in (0, 1)


def test_make_is_a_thin_alias_of_the_pack_command():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # as typed in a shell, also when these tests run under `make test`
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHON", "ARGS", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    for target in ("handouts", "test", "lab", "check", "pdf", "bench", "bundle", "learner-branch"):
        shown = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT, env=env,
                               capture_output=True, text=True)
        assert shown.stdout.split() == ["python3", "-m", "helpers", target], shown.stdout
    chosen = subprocess.run(["make", "-n", "--no-print-directory", "PYTHON=python3.11", "test",
                             "ARGS=-x"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert chosen.stdout.split() == ["python3.11", "-m", "helpers", "test", "-x"]


def test_the_jobs_examples_run():
    assert doctest.testmod(jobs).failed == 0


# --- the offline bundle ------------------------------------------------------------------

def test_the_bundles_keep_the_editions_apart_in_every_language(tmp_path, capsys, monkeypatch):
    """Issue 22: the learners' zip holds no facilitator page (no answers); the facilitators'
    zip holds both editions and facilitator.html."""
    handouts = tmp_path / "handouts"
    for name in ("index.html", "facilitator.html", "glossary.html", "about.html", "01_panama_1989.html",
                 "01_panama_1989.facilitator.html", "01_panama_1989.pdf", "es/index.html",
                 "es/01_panama_1989.html", "es/01_panama_1989.facilitator.html", "es/facilitator.html",
                 "01_panama_1989.facilitator.pdf", ".DS_Store",
                 "03_renamed_lesson.html", "es/03_renamed_lesson.facilitator.html"):  # stale
        (handouts / name).parent.mkdir(parents=True, exist_ok=True)
        (handouts / name).write_text(f"<p>{name}</p>" * 200)
    path, size, count = jobs.write_bundle(handouts, tmp_path / "bundle.zip")
    top = f"intervention-history-handouts-{pyproject()['project']['version']}"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert archive.testzip() is None
    assert names == {f"{top}/{n}" for n in ("index.html", "glossary.html", "about.html",
                     "01_panama_1989.html", "01_panama_1989.pdf", "es/index.html", "es/01_panama_1989.html")}
    assert count == 7 and size == path.stat().st_size
    assert size < sum(p.stat().st_size for p in handouts.rglob("*") if p.is_file()), "not compressed"
    path, size, count = jobs.write_bundle(handouts, tmp_path / "facilitator.zip", edition="facilitator")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert names == {f"{top}-facilitator/{n}" for n in (
        "index.html", "facilitator.html", "glossary.html", "about.html", "01_panama_1989.html",
        "01_panama_1989.facilitator.html", "01_panama_1989.pdf", "01_panama_1989.facilitator.pdf",
        "es/index.html", "es/01_panama_1989.html", "es/01_panama_1989.facilitator.html",
        "es/facilitator.html")}
    # the job: zips what is there with --no-build, and says how big it is
    monkeypatch.setattr(jobs, "project_root", lambda: tmp_path)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "01_panama_1989.ipynb").write_text("{}")
    shutil.copytree(handouts, tmp_path / "build" / "handouts")
    assert jobs.main(["bundle", "--no-build"]) == 0
    said = capsys.readouterr().out
    assert re.search(rf"Learners' bundle: build[/\\]{top}\.zip, \d+\.\d\d MB, 7 files, no answers", said), said
    assert re.search(rf"Facilitators' bundle: build[/\\]{top}-facilitator\.zip, \d+\.\d\d MB, 12 files", said), said
    assert not list((tmp_path / "build").glob("*.partial"))


def test_bundle_help_prints_help_and_builds_nothing(capsys, monkeypatch):
    monkeypatch.setattr(jobs, "ensure_env", lambda *a, **k: pytest.fail("bundle --help ran the build"))
    assert jobs.main(["bundle", "--help"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("usage: python -m helpers bundle") and "facilitator" in said


@pytest.mark.parametrize("failure", ["read-only", "full"])
def test_a_bundle_that_cannot_be_written_says_so_in_one_line(tmp_path, monkeypatch, capsys, failure):
    """A read-only build/ or a full disk: one line, rc 1, and no .zip.partial left behind."""
    import errno

    monkeypatch.setattr(jobs, "project_root", lambda: tmp_path)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    handouts = tmp_path / "build" / "handouts"
    handouts.mkdir(parents=True)
    (handouts / "index.html").write_text("<p>index</p>")
    real = zipfile.ZipFile

    if failure == "read-only":
        def refuse(path, *args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        monkeypatch.setattr(jobs.zipfile, "ZipFile", refuse)
    else:
        class Full(real):
            def write(self, *args, **kwargs):
                raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(jobs.zipfile, "ZipFile", Full)
    assert jobs.main(["bundle", "--no-build"]) == 1
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1 and "Traceback" not in said, said
    assert "cannot write build" in said and ("Read-only" in said or "No space" in said), said
    assert not list((tmp_path / "build").glob("*.partial")), "a partial zip was left"


def test_a_bundle_before_any_handout_says_what_to_run(tmp_path):
    with pytest.raises(jobs.JobError, match="run `python -m helpers handouts` first"):
        jobs.write_bundle(tmp_path / "handouts", tmp_path / "bundle.zip")


def test_bench_reports_the_bundle_size():
    source = (ROOT / "helpers/publish/bench.py").read_text(encoding="utf-8")
    assert "bundle_figure" in source, "make bench does not report the bundle's size"


# --- the lock ------------------------------------------------------------------------------

def test_the_lock_pins_every_dependency_within_pyproject_ranges():
    from packaging.requirements import Requirement

    project = pyproject()["project"]
    locked = pins(LOCK)
    wanted = [*project["dependencies"], *(r for extra in jobs.EXTRAS
                                          for r in project["optional-dependencies"][extra])]
    for text in wanted:
        requirement = Requirement(text)
        versions = locked.get(_name(requirement.name))
        assert versions, f"{requirement.name} is in pyproject.toml but not in requirements.lock: " \
                         "run python -m helpers lock"
        for version in versions.values():
            assert requirement.specifier.contains(version, prereleases=True), \
                f"requirements.lock pins {requirement.name}=={version}, outside pyproject's " \
                f"{requirement.specifier}: run python -m helpers lock"
    header = LOCK.read_text(encoding="utf-8").splitlines()[:2]
    assert "uv pip compile pyproject.toml" in header[1] and "--universal" in header[1], \
        "requirements.lock must say how it was made (one lock for Linux, macOS and Windows)"


# --- the class set-up: Binder, JupyterHub (repo2docker) -------------------------------------

def test_the_class_image_uses_the_locks_versions_without_the_test_tools():
    locked, image = pins(LOCK), pins(BINDER / "requirements.txt")
    for name, versions in image.items():
        assert locked.get(name) == versions, \
            f"binder/requirements.txt pins {name} {versions}, the lock {locked.get(name)}: run python -m helpers lock"
    from packaging.requirements import Requirement

    project = pyproject()["project"]
    for text in [*project["dependencies"], *project["optional-dependencies"]["hub"]]:
        assert _name(Requirement(text).name) in image, f"the class image lacks {text}"
    for tool in ("pytest", "playwright", "jupyter-repo2docker"):
        assert tool not in image, f"the class image need not carry the test tool {tool}"
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11" and "--python-version 3.11" in LOCK.read_text()


@pytest.mark.skipif(os.name == "nt", reason="repo2docker's scripts run in Linux images")
def test_postbuild_installs_the_pack_and_applies_the_jupyterlab_settings(tmp_path):
    tools = tmp_path / "bin"
    tools.mkdir()
    log = tmp_path / "python.log"
    fake = tools / "python"  # stands in for the image's Python: records what it is asked
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    fake.chmod(0o755)
    prefix = tmp_path / "notebook-env"
    subprocess.run(["bash", str(BINDER / "postBuild")], cwd=ROOT, check=True,
                   env={**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
                        "NB_PYTHON_PREFIX": str(prefix)})
    assert log.read_text().splitlines() == ["-m pip install --no-cache-dir --no-deps -e .",
                                            "-m helpers.publish.notebooks --into my-lessons"]
    settings = prefix / "share/jupyter/lab/settings/overrides.json"
    assert settings.read_text() == (ROOT / jobs.OVERRIDES).read_text()
    # The learner-edition branch has its learner notebooks already, and no lessons/ to make them.
    branch = tmp_path / "learner-edition"
    (branch / "helpers/publish/assets").mkdir(parents=True)
    shutil.copy(ROOT / jobs.OVERRIDES, branch / jobs.OVERRIDES)
    log.unlink()
    subprocess.run(["bash", str(BINDER / "postBuild")], cwd=branch, check=True,
                   env={**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
                        "NB_PYTHON_PREFIX": str(prefix)})
    assert log.read_text().splitlines() == ["-m pip install --no-cache-dir --no-deps -e ."]
    started = subprocess.run(["bash", str(BINDER / "start"), "env"], capture_output=True, text=True,
                             check=True)
    assert f"{jobs.CURRENT}=current" in started.stdout.splitlines()


def test_repo2docker_accepts_the_configuration():
    """repo2docker's own reading of binder/ (no image is built: no container engine here)."""
    command = shutil.which("jupyter-repo2docker", path=os.path.dirname(sys.executable)) \
        or shutil.which("jupyter-repo2docker")
    if command is None:
        pytest.skip("jupyter-repo2docker is not installed (it is in the test extra)")
    result = subprocess.run([command, "--no-build", "--debug", str(ROOT)], capture_output=True,
                            text=True, timeout=300)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said[-3000:]
    assert "python=3.11" in said, "repo2docker did not take Python 3.11 from binder/runtime.txt"
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in said, \
        "lessons' kernel and JupyterLab must share one environment"
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in said
    assert "RUN ./binder/postBuild" in said
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in said


# --- a fresh environment from the lock ------------------------------------------------------

@pytest.mark.slow
def test_a_fresh_environment_from_the_lock_builds_a_handout(tmp_path, monkeypatch):
    """What a new facilitator's first `python -m helpers handouts` does, from an empty venv
    (pip's cache is reused, so this takes a minute or two rather than a download)."""
    monkeypatch.delenv(jobs.CURRENT, raising=False)
    venv = tmp_path / "venv"
    # uv, from the lock, installs the same versions as pip (which `make test` in CI uses) and,
    # unlike pip here, reuses what it downloaded before.
    python = jobs.ensure_env(ROOT, venv, installer="uv" if shutil.which(
        "uv", path=os.path.dirname(sys.executable)) else "pip")
    checked = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True)
    assert checked.returncode == 0, f"the lock's versions do not fit together:\n{checked.stdout}"
    out = tmp_path / "handouts"
    built = subprocess.run([str(python), "-m", "helpers.publish", "handouts", "--lessons",
                            "00_getting_started.ipynb", "--out", str(out), "--no-cache",
                            "--language", "en"],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, f"lesson 00 did not build in a fresh environment:\n{built.stdout}\n{built.stderr}"
    for name in ("index.html", "00_getting_started.html", "00_getting_started.facilitator.html"):
        assert (out / name).is_file(), f"{name} missing after the build"
    # ... and its bundle: every page the index links to is inside the zip
    path, _, _ = jobs.write_bundle(out, tmp_path / "bundle.zip", edition="facilitator")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        top = next(iter(names)).split("/")[0]
        index = archive.read(f"{top}/facilitator.html").decode("utf-8")
    links = {link for link in re.findall(r'href=["\']([^"\'#?]+)', index) if "://" not in link}
    assert "00_getting_started.facilitator.html" in links
    missing = sorted(link for link in links if f"{top}/{link}" not in names)
    assert not missing, f"the bundle's index links to pages the zip lacks: {missing}"


# --- issue 22: the smaller defects of the command line --------------------------------------

@pytest.mark.parametrize("typed, guess", [("handout", "handouts"), ("frobnicate", None), ("sync-source", "sync-sources")])
def test_an_unknown_job_lists_the_real_jobs(typed, guess, capsys):
    from helpers.__main__ import main as helpers_main

    assert helpers_main([typed]) == 2
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1 and "invalid choice" not in said, said
    assert all(job in said for job in ("handouts", "test", "lab", "bundle", "hub-link", "diff")), said
    assert (f"Did you mean: python -m helpers {guess}?" in said) if guess else ("Did you mean" not in said), said


@pytest.mark.parametrize("fake", ["/bin/true", "script"])
def test_a_wrong_chromium_is_one_clear_line(fake, tmp_path, monkeypatch, capsys):
    """CHROMIUM=/bin/true gave Playwright's TargetClosedError traceback."""
    from helpers.publish.pdf import write_pdfs

    if fake == "script":  # answers --version like Chromium, but is not one
        fake = tmp_path / "chromium"
        fake.write_text("#!/bin/sh\necho Chromium 999.0\n")
        fake.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(fake))
    handouts = tmp_path / "handouts"
    handouts.mkdir()
    (handouts / "01_x.html").write_text("<p>x</p>")
    assert write_pdfs(handouts) == 2
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1 and "Traceback" not in said and str(fake) in said, said
    assert "Set CHROMIUM=/path/to/chromium" in said


def test_pdf_says_there_is_no_chromium_before_building(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on PATH (python is called by its full path)
    monkeypatch.setattr(jobs, "ensure_env", lambda root: Path(sys.executable))
    real = jobs.run
    monkeypatch.setattr(jobs, "run", lambda job, extra, root: pytest.fail("built before checking for Chromium")
                        if job == "handouts" else real(job, extra, root))
    assert jobs.run("pdf", [], ROOT) == 2


@pytest.mark.parametrize("given, wrong", [
    (["notaurl", "alsonot"], "notaurl"),
    (["https://hub.example.org", "ftp://example.org/repo"], "ftp://example.org/repo"),
    (["http://hub.example.org", "https://github.com/you/intervention-history"], "http://hub.example.org"),
    (["https://hub.example.org/?x=<script>", "https://github.com/you/intervention-history"], "?x=<script>"),
    (["https://hub.example.org", "https://github.com/you/ih\"><script>"], "<script>"),
    (["https://hub.example.org", "https://github.com/you/intervention-history", "99_nope"], "99_nope"),
    (["https://hub.example.org", "https://github.com/you/intervention-history", "../../etc/passwd"], "passwd"),
])
def test_hub_link_refuses_what_is_not_a_link_or_a_lesson(given, wrong, capsys):
    """Issue 22: hub-link printed links for any text, markup and made-up lessons included."""
    assert jobs.main(["hub-link", *given]) == 1
    captured = capsys.readouterr()
    assert captured.out == "", "a link was printed"
    said = captured.err.strip()
    assert len(said.splitlines()) == 1 and wrong in said, said


def test_hub_link_prints_the_links_for_a_real_lesson(capsys):
    assert jobs.main(["hub-link", "https://hub.example.org", "https://github.com/you/intervention-history",
                      "01_panama_1989"]) == 0
    out = capsys.readouterr().out
    assert "https://hub.example.org/hub/user-redirect/git-pull?repo=" in out
    # Learners pull the learner-edition branch and open their language's learner notebook.
    assert "branch=learner-edition" in out and "my-lessons%2Fen%2F01_panama_1989.ipynb" in out
    assert "https://mybinder.org/v2/gh/you/intervention-history/learner-edition?urlpath=lab%2Ftree%2Fmy-lessons%2Fen%2F01_panama_1989.ipynb" in out
    assert "lessons%2F01" not in out.replace("my-lessons%2Fen%2F01", "")


def test_hub_link_in_a_language_and_for_facilitators(capsys):
    repo = ["https://hub.example.org", "https://github.com/you/intervention-history"]
    assert jobs.main(["hub-link", *repo, "02_plan_colombia", "--language", "pt"]) == 0
    out = capsys.readouterr().out
    assert "my-lessons%2Fpt%2F02_plan_colombia.ipynb" in out and "branch=learner-edition" in out
    assert jobs.main(["hub-link", *repo, "--facilitator"]) == 0
    out = capsys.readouterr().out
    assert "branch=main" in out and "lessons%2F00_getting_started.ipynb" in out and "my-lessons" not in out
    assert "never send this link to learners" in out
    assert jobs.main(["hub-link", *repo, "--language", "fr"]) == 1
    assert "--language 'fr': choose en, es or pt" in capsys.readouterr().err


@pytest.mark.parametrize("uid", [0, 1000])
def test_lab_as_root_starts_with_a_note(uid, monkeypatch, capsys):
    """Issue 22: as root, lab failed with Jupyter's --allow-root hint buried in 20 log lines.
    Decision: root (usual in containers) is allowed, with a one-line note."""
    calls = []
    monkeypatch.setattr(jobs.os, "geteuid", lambda: uid, raising=False)
    monkeypatch.setattr(jobs, "ensure_env", lambda root: Path(sys.executable))
    monkeypatch.setattr(jobs, "_call", lambda python, args, root: calls.append(args) or 0)
    assert jobs.run("lab", [], ROOT) == 0
    said = capsys.readouterr().out
    assert ("--allow-root" in calls[0]) == (uid == 0) and ("Running as root" in said) == (uid == 0)
    assert calls[0][:2] == ["-m", "helpers.lab"]  # the learner's folder (helpers/lab.py)
