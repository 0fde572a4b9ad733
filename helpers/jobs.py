"""The pack's jobs, with or without make: ``intervention-history <job>`` or ``python -m helpers <job>``.

    handouts  build every handout (learner + facilitator) into build/handouts/
    test      run the test suite (pytest's own options may follow: test -x -k lessons)
    lab       open JupyterLab on your own copy of the lessons, without the answers, in
              my-lessons/<language>/ (lab --language es|pt|en; lab --facilitator: the
              source lessons in lessons/, with the answers)
    check     validate every table in data/
    pdf       build the handouts, then print each one to A4 PDF (needs Chromium)
    bench     measure speed and size; writes build/bench.json
    bundle    zip the built handouts for a USB stick or a message: a learners' zip (learner
              editions, index, glossary) and a facilitators' zip (both editions, with the
              answers) (--no-build: zip build/handouts/ as it is)
    learner-branch  maintainers: build the learner-edition branch (learner notebooks in
              every language, the package with the keys inside it, the data; no source
              lessons or answer files) in this repository, for a class on JupyterHub or Binder
    hub-link  the links that give each learner their own copy of the learner-edition branch:
              hub-link HUB_URL REPO_URL [LESSON] [--language es] prints the nbgitpuller link
              for a JupyterHub (and the Binder link when the repository is on GitHub)
    translate translators: translate update writes new and changed messages into every
              language's .po files (helpers/locale, lessons/locale, data/locale);
              translate status counts what is still untranslated or fuzzy (--language es)
    lock      maintainers: after changing pyproject.toml, pin requirements.lock and
              binder/requirements.txt again (installs uv into build/lock-tools)

Each job first sets up ``.venv`` the first time, and again whenever pyproject.toml or
requirements.lock changed, with the exact versions in requirements.lock; then it runs inside it.
On Windows: ``py -3.11 -m helpers handouts``; on macOS: ``python3 -m helpers handouts``.
Where the packages are already installed (Binder, JupyterHub), set
``INTERVENTION_HISTORY_ENV=current`` to run in the current Python instead of ``.venv``.

This module uses the standard library only: it runs before anything else is installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

JOBS = ("handouts", "test", "lab", "check", "pdf", "bench", "bundle", "hub-link", "learner-branch",
        "translate", "lock")
NEEDS = (3, 11)
LOCK = "requirements.lock"
BINDER_REQUIREMENTS = "binder/requirements.txt"
EXTRAS = ("test", "hub")  # what requirements.lock pins, besides the lessons' own packages
OVERRIDES = "helpers/publish/assets/jupyterlab-overrides.json"
STAMP = ".installed-stamp"
CURRENT = "INTERVENTION_HISTORY_ENV"  # "current": use this Python, set up nothing
INSTALLER = "INTERVENTION_HISTORY_INSTALLER"  # "uv": install with uv (faster) instead of pip
# What `check`, `sync-sources` and `diff` import; absent here, they run inside .venv instead.
_DATA_MODULES = ("pandas", "frictionless", "yaml", "nbformat")


class JobError(Exception):
    """A job could not run; the message says what to do."""


def project_root() -> Path:
    """The folder holding pyproject.toml and lessons/: the checkout ``helpers`` came from, or
    else the current folder (for a copy of the command installed elsewhere)."""
    for folder in (Path(__file__).resolve().parents[1], Path.cwd()):
        if (folder / "pyproject.toml").is_file() and (folder / "lessons").is_dir():
            return folder
    raise JobError("Run this inside a copy of the pack: the folder with pyproject.toml and lessons/.")


def venv_python(venv: Path, windows: bool | None = None) -> Path:
    """The Python of a virtual environment: ``.venv/bin/python``, or on Windows
    ``.venv\\Scripts\\python.exe``."""
    windows = (os.name == "nt") if windows is None else windows
    return venv / "Scripts" / "python.exe" if windows else venv / "bin" / "python"


def fingerprint(root: Path) -> str:
    """What the environment is made from: pyproject.toml, the lock and the JupyterLab settings
    (line endings ignored, so a Windows checkout matches). A change means install again."""
    digest = hashlib.sha256()
    for name in ("pyproject.toml", LOCK, OVERRIDES):
        path = root / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") if path.is_file() else b"(none)")
    return digest.hexdigest()


def in_env(root: Path, venv: Path | None = None) -> bool:
    """Whether this Python is the pack's own environment (or stands in for it)."""
    if os.environ.get(CURRENT) == "current":
        return True
    venv = venv or root / ".venv"
    try:
        return Path(sys.prefix).resolve() == venv.resolve()
    except OSError:
        return False


def handles(argv: list[str]) -> bool:
    """Whether ``python -m helpers <argv>`` is for this module: a job, help, or a data command
    (check, sync-sources, diff) asked of a Python that has not got the packages it needs."""
    first = argv[0] if argv else "check"
    if first in JOBS and first != "check" or first in ("-h", "--help", "help"):
        return True
    if all(importlib.util.find_spec(name) for name in _DATA_MODULES):
        return False  # the packages are here: run it in this Python, as always
    try:
        return not in_env(project_root())
    except JobError:
        return False


def _python_ok(version=None) -> None:
    version = version or sys.version_info
    if tuple(version[:2]) < NEEDS:
        raise JobError(
            f"The pack needs Python 3.11 or newer; this is {version[0]}.{version[1]}. "
            "Run it with a newer one: on Windows `py -3.11 -m helpers handouts`, on macOS "
            "`python3.11 -m helpers handouts`, elsewhere `make PYTHON=python3.11 handouts`.")


def _runs(python: Path) -> bool:
    try:
        return subprocess.run([str(python), "-c", "import sys; assert sys.version_info >= (3, 11)"],
                              capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _install(python: Path, installer: str, *args: str) -> int:
    if installer == "pip":
        return subprocess.call([str(python), "-m", "pip", "install",
                                "--disable-pip-version-check", *args])
    return subprocess.call([installer, "pip", "install", "--python", str(python), *args])


def _installer(asked: str | None = None) -> str:
    """pip, unless uv is asked for (``INTERVENTION_HISTORY_INSTALLER=uv``) and found."""
    asked = asked or os.environ.get(INSTALLER, "pip")
    if asked == "pip":
        return "pip"
    found = shutil.which(asked) or shutil.which(asked, path=os.path.dirname(sys.executable))
    if not found:
        raise JobError(f"{INSTALLER}={asked}, but {asked} is not installed: pip install uv")
    return found


def ensure_env(root: Path | None = None, venv: Path | None = None, base: str | None = None,
               quiet: bool = True, installer: str | None = None) -> Path:
    """Set up the virtual environment if it is missing or out of date; return its Python.

    ``base`` is the Python that creates it (this one by default: `make PYTHON=python3.11`
    chooses it). Installs the exact versions in requirements.lock, then the pack itself
    (editable), applies the JupyterLab settings, and writes a stamp so the next run starts at once.
    ``installer``: "pip" (the default) or "uv".
    """
    root = root or project_root()
    if os.environ.get(CURRENT) == "current":
        return Path(sys.executable)
    _python_ok()
    venv = venv or root / ".venv"
    python = venv_python(venv)
    stamp = venv / STAMP
    wanted = fingerprint(root)
    if python.exists() and stamp.is_file() and stamp.read_text().strip() == wanted:
        return python
    if not _runs(python):
        print(f"Setting up {_shown(venv, root)} with Python {sys.version.split()[0]} "
              "(the first time takes a few minutes)...", flush=True)
        command = [base or sys.executable, "-m", "venv"]
        if venv.exists():
            command.append("--clear")  # a broken or foreign environment (another OS, a moved Python)
        if subprocess.call([*command, str(venv)]) != 0:
            raise JobError(f"Could not create {venv}. On Debian/Ubuntu: sudo apt-get install python3-venv")
    else:
        print(f"Updating {_shown(venv, root)}: pyproject.toml or {LOCK} changed...", flush=True)
    flags = ["--quiet"] if quiet else []
    extras = ",".join(EXTRAS)
    installer = _installer(installer)

    lock = root / LOCK
    if lock.is_file():
        status = _install(python, installer, *flags, "-r", str(lock))
        if status != 0:
            if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
                raise JobError(f"Installing {LOCK} failed (see the installer's message above).")
            print(f"\nThe exact versions in {LOCK} do not install on Python "
                  f"{sys.version.split()[0]} here; installing the newest versions pyproject.toml "
                  "allows instead.", flush=True)
            status = _install(python, installer, *flags, "-e", f"{root}[{extras}]")
        elif lock_gaps(root):  # pyproject.toml names a package the lock has not pinned yet
            print(f"{LOCK} does not pin {', '.join(lock_gaps(root))} yet (run: python -m "
                  "helpers lock); installing the newest version pyproject.toml allows.", flush=True)
            status = _install(python, installer, *flags, "-e", f"{root}[{extras}]")
        else:
            status = _install(python, installer, *flags, "--no-deps", "-e", str(root))
    else:
        status = _install(python, installer, *flags, "-e", f"{root}[{extras}]")
    if status != 0:
        raise JobError(f"Installing the pack into {venv} failed (see the installer's message above).")
    apply_lab_settings(root, venv)
    stamp.write_text(wanted + "\n")
    return python


def _name(requirement: str) -> str:
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", name[1]).lower() if name else requirement


def lock_gaps(root: Path) -> list[str]:
    """The packages pyproject.toml asks for (with the locked extras) that requirements.lock
    does not pin: a sign that someone changed pyproject.toml and did not run `lock`."""
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project.get("dependencies", []),
              *(r for extra in EXTRAS for r in project.get("optional-dependencies", {}).get(extra, []))]
    pinned = {_name(line) for line in (root / LOCK).read_text(encoding="utf-8").splitlines()
              if "==" in line and not line.lstrip().startswith("#")}
    return sorted({_name(r) for r in wanted} - pinned)


def apply_lab_settings(root: Path, prefix: Path) -> Path:
    """JupyterLab: start the lesson's kernel without asking, and fetch no news (offline)."""
    target = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / OVERRIDES, target)
    return target


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _call(python: Path, args: list[str], root: Path) -> int:
    """Run a job's command and return its exit code. Ctrl+C reaches the command too: it is
    left to stop itself (a build shuts its kernels down and says so; JupyterLab stops), not
    killed at once as subprocess.call would, which left a build's workers running. A third
    Ctrl+C ends it."""
    with subprocess.Popen([str(python), *args], cwd=root) as process:
        for _attempt in range(3):
            try:
                return process.wait()
            except KeyboardInterrupt:
                continue
        process.kill()
        return 130


def version(root: Path) -> str:
    import tomllib

    with open(root / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


FACILITATOR_PAGES = re.compile(r"(^|[./])facilitator\.(html|pdf)$")  # x.facilitator.html, facilitator.html


def write_bundle(handouts: Path | None = None, out: Path | None = None,
                 edition: str = "learner") -> tuple[Path, int, int]:
    """Zip the built handouts (each language, the index, the glossary) into one folder inside
    ``build/intervention-history-handouts-<version>.zip``: for ``edition="learner"`` without
    any facilitator page (the one to send learners); for ``"facilitator"`` everything, as
    ``...-<version>-facilitator.zip``. Return (path, size in bytes, number of files). A full
    disk or a read-only folder is one JobError, and leaves no partial file."""
    root = project_root()
    handouts = handouts or root / "build" / "handouts"
    if not (handouts / "index.html").is_file():
        raise JobError(f"No handouts in {_shown(handouts, root)} yet: run "
                       "`python -m helpers handouts` first (or `python -m helpers bundle`).")
    name = f"intervention-history-handouts-{version(root)}"
    if edition == "facilitator":
        name += "-facilitator"
    out = out or root / "build" / f"{name}.zip"
    files = sorted(p for p in handouts.rglob("*")
                   if p.is_file() and not any(part.startswith(".")
                                              for part in p.relative_to(handouts).parts)
                   and not _stale(p, root)
                   and (edition == "facilitator" or not FACILITATOR_PAGES.search(p.name)))
    partial = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in files:
                archive.write(path, f"{name}/{path.relative_to(handouts).as_posix()}")
        partial.replace(out)  # a bundle is whole or absent
    except OSError as error:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        raise JobError(f"cannot write {_shown(out, root)}: {error.strerror or error}. Free some disk "
                       f"space or make {_shown(out.parent, root)} writable, then run bundle again.") from None
    return out, out.stat().st_size, len(files)


def _stale(path: Path, root: Path) -> bool:
    """A handout of a lesson no longer in lessons/ (renamed or split), left from an old build."""
    stem = path.name.split(".")[0]
    return bool(re.match(r"\d\d[a-z]?_", stem)) and not (root / "lessons" / f"{stem}.ipynb").exists()


def bundle_figure(handouts: Path | None = None) -> dict:
    """The learners' bundle's size, for `make bench`: writes it, returns {path, mb, files}."""
    path, size, count = write_bundle(handouts)
    return {"path": str(path), "mb": size / 1e6, "files": count}


BUNDLE_HELP = """usage: python -m helpers bundle [--no-build] [handouts options]

Build the handouts (unless --no-build), then write two zips into build/:
  intervention-history-handouts-<version>.zip              for learners: learner editions,
                                                           index, glossary; no answers
  intervention-history-handouts-<version>-facilitator.zip  for facilitators: both editions
                                                           and facilitator.html, with the answers
Other options go to the handouts build (python -m helpers handouts --help)."""


def _bundle(root: Path, extra: list[str]) -> int:
    if "-h" in extra or "--help" in extra:
        print(BUNDLE_HELP)
        return 0
    if "--no-build" not in extra:
        status = run("handouts", [a for a in extra if a != "--no-build"], root)
        if status != 0:
            print("No bundle: a handout did not build (named above). Fix it, or zip what was "
                  "built: python -m helpers bundle --no-build", file=sys.stderr)
            return status
    path, size, count = write_bundle()
    print(f"Learners' bundle: {_shown(path, root)}, {size / 1e6:.2f} MB, {count} files, no answers. "
          "Copy it to a USB stick or send it to learners; unzipped, index.html opens in any browser, offline.")
    path, size, count = write_bundle(edition="facilitator")
    print(f"Facilitators' bundle: {_shown(path, root)}, {size / 1e6:.2f} MB, {count} files, with the "
          "answers: for facilitators only (start at facilitator.html).")
    return 0


LEARNER_BRANCH = "learner-edition"  # what `learner-branch` builds and hub-link points at


def _lesson_path(lesson: str, language: str | None) -> str:
    """A lesson inside a copy of the repository: the learner notebook in my-lessons/<language>/,
    or (language None: the facilitator's route) the source lesson in lessons/."""
    name = f"{lesson.removesuffix('.ipynb')}.ipynb"
    return f"lessons/{name}" if language is None else f"my-lessons/{language}/{name}"


def hub_link(hub: str, repo: str, lesson: str = "00_getting_started", branch: str = LEARNER_BRANCH,
             language: str | None = "en") -> str:
    """The nbgitpuller link that clones (or updates) ``branch`` of ``repo`` into each learner's
    home on the JupyterHub at ``hub`` and opens ``lesson`` in JupyterLab. Learners' own edits
    are kept. ``language=None``: the source lesson in lessons/ (a facilitator, on main).

    >>> hub_link("https://hub.example.org", "https://github.com/someone/intervention-history")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fsomeone%2Fintervention-history&branch=learner-edition&targetpath=intervention-history&urlpath=lab%2Ftree%2Fintervention-history%2Fmy-lessons%2Fen%2F00_getting_started.ipynb'
    """
    from urllib.parse import urlencode

    folder = repo.rstrip("/").split("/")[-1].removesuffix(".git")
    query = urlencode({"repo": repo, "branch": branch, "targetpath": folder,
                       "urlpath": f"lab/tree/{folder}/{_lesson_path(lesson, language)}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def binder_link(repo: str, lesson: str = "00_getting_started", branch: str = LEARNER_BRANCH,
                language: str | None = "en") -> str | None:
    """The mybinder.org link for a repository on GitHub (None for any other host).

    >>> binder_link("https://github.com/someone/intervention-history")
    'https://mybinder.org/v2/gh/someone/intervention-history/learner-edition?urlpath=lab%2Ftree%2Fmy-lessons%2Fen%2F00_getting_started.ipynb'
    """
    from urllib.parse import quote, urlparse

    url = urlparse(repo)
    parts = url.path.strip("/").removesuffix(".git").split("/")
    if url.netloc != "github.com" or len(parts) != 2:
        return None
    path = quote(f"lab/tree/{_lesson_path(lesson, language)}", safe="")
    return f"https://mybinder.org/v2/gh/{parts[0]}/{parts[1]}/{branch}?urlpath={path}"


def _https_url(text: str, what: str) -> str:
    """``text`` if it is a plain https:// address (a host, no query, no markup); else JobError."""
    from urllib.parse import urlparse

    url = urlparse(text)
    if url.scheme != "https" or not url.hostname or url.query or url.fragment or url.username \
            or not re.fullmatch(r"https://[A-Za-z0-9.:-]+(/[A-Za-z0-9._~/-]*)?", text):
        raise JobError(f"{text!r} is not a plain https:// address for the {what} (like "
                       f"{'https://hub.example.org' if what == 'hub' else 'https://github.com/you/intervention-history'}"
                       "; no http://, ftp://, ?query, #fragment or markup)")
    return text


HUB_LINK_USAGE = ("give the hub's address and the repository's, e.g. hub-link "
                  "https://hub.example.org https://github.com/you/intervention-history "
                  "[00_getting_started] [--language en|es|pt] [--facilitator]")


def _hub_link(extra: list[str], root: Path | None = None) -> int:
    language, facilitator, given = "en", False, []
    words = iter(extra)
    for word in words:
        if word == "--facilitator":
            facilitator = True
        elif word == "--language" or word.startswith("--language="):
            language = word.partition("=")[2] if "=" in word else next(words, "")
            if language not in ("en", "es", "pt"):
                raise JobError(f"--language {language!r}: choose en, es or pt")
        elif word.startswith("-"):
            raise JobError(f"unknown option {word!r}: {HUB_LINK_USAGE}")
        else:
            given.append(word)
    if len(given) not in (2, 3):
        raise JobError(HUB_LINK_USAGE)
    _https_url(given[0], "hub")
    _https_url(given[1], "repository")
    if len(given) == 3:
        lessons = sorted(p.stem for p in ((root or project_root()) / "lessons").glob("*.ipynb")
                         if re.fullmatch(r"\d\d[a-z]?_[a-z0-9_]+", p.stem))
        if given[2].removesuffix(".ipynb") not in lessons:
            raise JobError(f"there is no lesson {given[2]!r}; choose one of: {', '.join(lessons)}")
    branch, shown = ("main", None) if facilitator else (LEARNER_BRANCH, language)
    if facilitator:
        print("For facilitators only: the main branch, with the source lessons, run sheets and "
              "answers (never send this link to learners).")
    else:
        print(f"Learners get the {LEARNER_BRANCH} branch: the lessons without the answers "
              f"(build it with `python -m helpers learner-branch`, then push it).")
    print("JupyterHub (nbgitpuller; each learner gets their own copy, kept between visits):")
    print("  " + hub_link(*given, branch=branch, language=shown))
    binder = binder_link(*given[1:], branch=branch, language=shown)
    if binder:
        print("Binder (a temporary copy; download your work before closing the tab):")
        print("  " + binder)
    return 0


def _lock(root: Path) -> int:
    """Pin requirements.lock (every platform, Python 3.11 and newer) and binder/requirements.txt
    (the class image: the lessons' packages and nbgitpuller, at the lock's versions) with uv."""
    tools = root / "build" / "lock-tools"
    uv = tools / ("Scripts" if os.name == "nt" else "bin") / ("uv.exe" if os.name == "nt" else "uv")
    if not uv.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(tools)])
        subprocess.check_call([str(venv_python(tools)), "-m", "pip", "install", "--quiet", "uv"])
    common = ["pip", "compile", "pyproject.toml", "--universal", "--python-version", "3.11"]
    extras = [flag for extra in EXTRAS for flag in ("--extra", extra)]
    subprocess.check_call([str(uv), *common, *extras, "--quiet", "-o", LOCK], cwd=root)
    pinned = subprocess.run([str(uv), *common, "--extra", "hub", "-c", LOCK, "--no-annotate",
                             "--no-header", "--quiet"], cwd=root, check=True, capture_output=True,
                            text=True).stdout
    (root / BINDER_REQUIREMENTS).write_text(
        "# The class image (Binder, JupyterHub via repo2docker): the lessons' packages and nbgitpuller,\n"
        "# at exactly the versions of ../requirements.lock. Regenerate both with: python -m helpers lock\n"
        + pinned, encoding="utf-8")
    print(f"Pinned {LOCK} and {BINDER_REQUIREMENTS}. Run the tests: python -m helpers test")
    return 0


def run(job: str, extra: list[str], root: Path) -> int:
    """Run one job (setting up the environment first)."""
    if job == "bundle":
        return _bundle(root, extra)
    if job == "lock":
        return _lock(root)
    if job == "hub-link":
        return _hub_link(extra, root)
    python = ensure_env(root)
    if job == "handouts":
        return _call(python, ["-m", "helpers.publish", "handouts", *extra], root)
    if job == "test":
        return _call(python, ["-m", "pytest", *extra], root)
    if job == "lab":
        if getattr(os, "geteuid", lambda: 1)() == 0 and "--allow-root" not in extra:
            # Jupyter refuses root after 20 lines of log; in a container root is the norm.
            print("Running as root (usual in a container): JupyterLab starts with --allow-root. "
                  "On a shared machine, run it as an ordinary user instead.", flush=True)
            extra = [*extra, "--allow-root"]
        return _call(python, ["-m", "helpers.lab", *extra], root)
    if job == "learner-branch":
        return _call(python, ["-m", "helpers.publish.learner_branch", *extra], root)
    if job == "check":
        return _call(python, ["-m", "helpers", "check", *extra], root)
    if job == "pdf":  # no Chromium: say so before building anything
        status = _call(python, ["-m", "helpers.publish.browser"], root) or run("handouts", [], root)
        return status or _call(python, ["-m", "helpers.publish", "pdf", *extra], root)
    if job == "bench":
        return _call(python, ["-m", "helpers.publish.bench", *extra], root)
    if job == "translate":
        return _call(python, ["-m", "helpers.publish.translate", *extra], root)
    # sync-sources, diff, ...: the data commands, inside the environment
    return _call(python, ["-m", "helpers", job, *extra], root)


def usage() -> str:
    return (__doc__.split("\n\n")[1] + "\n\nData commands: check, sync-sources, "
            "diff <old> <new> (python -m helpers check --help).")


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers <job> [options]``: see the module's docstring."""
    argv = sys.argv[1:] if argv is None else list(argv)
    job, extra = (argv[0], argv[1:]) if argv else ("check", [])
    if job in ("-h", "--help", "help"):
        print("usage: intervention-history <job> [options]   (or: python -m helpers <job>)\n")
        print(usage())
        return 0
    try:
        return run(job, extra, project_root())
    except JobError as error:
        print(f"intervention-history {job}: {error}", file=sys.stderr)
        return 1
