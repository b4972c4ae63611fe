"""The workshop bench's server side: the PostgreSQL database `kpi_bench` (created, migrated,
seeded and dropped), gunicorn on 127.0.0.1:8717, and optionally py-spy on its workers.

`bench_workshop` describes the run; `workshop_load` plays the people in the room.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8717
BASE = f"http://{HOST}:{PORT}"
DB_NAME = "kpi_bench"
PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "bench-pass-8717"
# Threads per gunicorn worker (gthread when more than 1, as in the Procfile); 1: sync workers.
THREADS = int(os.environ.get("BENCH_WORKSHOP_THREADS", "4"))


def server_env() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kpiplanner.settings.production",
        SECRET_KEY="bench-only-not-a-secret-" + "x" * 40,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=f"{PG}/{DB_NAME}",
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(*args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def sql(query: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def static_is_fresh() -> bool:
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in (ROOT / "static").rglob("*") if p.is_file())


def prepare_database() -> str:
    """A fresh `kpi_bench`, migrated and seeded; returns the demo workshop's code."""
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DB_NAME}")
    manage("migrate", "--no-input", "-v0")
    out = manage("seed_demo", "--password", PASSWORD)
    code = re.search(r"Workshop code: (\w+)", out)
    if code is None:
        raise RuntimeError(f"seed_demo printed no workshop code:\n{out}")
    return code[1]


def reset_workshop(code: str) -> str:
    """The demo workshop as seeded, votes shown live; returns its id. Run before each size."""
    (workshop_id,) = sql("SELECT id FROM workshops_workshop WHERE code = %s", (code,))[0]
    sql(
        "DELETE FROM workshops_vote WHERE round_id IN "
        "(SELECT id FROM workshops_round WHERE workshop_id = %s)",
        (workshop_id,),
    )
    sql(
        "DELETE FROM workshops_proposal WHERE round_id IN "
        "(SELECT id FROM workshops_round WHERE workshop_id = %s)",
        (workshop_id,),
    )
    sql("DELETE FROM workshops_participant WHERE workshop_id = %s", (workshop_id,))
    sql("UPDATE workshops_round SET phase = 'proposing' WHERE workshop_id = %s", (workshop_id,))
    sql(
        # Every screen's list is new: the revisions move on, the rows kept in the workers'
        # caches (per list revision, per list base revision) are not used again.
        "UPDATE workshops_workshop SET votes_hidden = false, proposals_live = true, "
        "revision = revision + 1, content_revision = content_revision + 1, "
        "list_revision = list_revision + 1, list_base_revision = list_revision + 1, "
        "current_round_id = (SELECT id FROM workshops_round "
        'WHERE workshop_id = %s ORDER BY "order" LIMIT 1) WHERE id = %s',
        (workshop_id, workshop_id),
    )
    sql("DELETE FROM django_session")
    return str(workshop_id)


class Server:
    """gunicorn with 3 workers (of THREADS threads) on 127.0.0.1:8717, in its own process
    group. Threads let a worker answer cheap polls while another request waits on the
    database; with sync workers 200 phones queued behind each other's queries."""

    def __init__(self):
        # Closed and removed by run() once the server has stopped.
        self.log = tempfile.NamedTemporaryFile(prefix="bench-", delete=False)  # noqa: SIM115
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "kpiplanner.wsgi",
                "--bind",
                f"{HOST}:{PORT}",
                "--workers",
                "3",
                *(["--threads", str(THREADS)] if THREADS > 1 else []),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=server_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        import urllib.request

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{BASE}/healthz/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer:\n{self.tail()}")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in out.stdout.split()]

    def cpu_seconds(self) -> float:
        """CPU time used so far by the workers (user + system), from /proc."""
        total = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def tail(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]


def revision(workshop_id: str) -> int:
    return sql("SELECT revision FROM workshops_workshop WHERE id = %s", (workshop_id,))[0][0]


def start_profilers(server: Server, size: int, seconds: float) -> list[subprocess.Popen]:
    """With BENCH_WORKSHOP_PYSPY=<dir>, sample every worker with py-spy (idle time included)
    into <dir>/<size>p-<pid>.txt as collapsed stacks; for finding where the time goes."""
    folder = os.environ.get("BENCH_WORKSHOP_PYSPY")
    if not folder:
        return []
    Path(folder).mkdir(parents=True, exist_ok=True)
    spy = str(Path(sys.executable).parent / "py-spy")
    return [
        subprocess.Popen(
            [
                *(spy, "record", "--pid", str(pid), "--duration", str(int(seconds))),
                *("--rate", "50", "--idle", "--format", "raw"),
                *("--output", f"{folder}/{size}p-{pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in server.worker_pids()
    ]


def stop_profilers(spies: list[subprocess.Popen]) -> None:
    for spy in spies:
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()
            spy.wait(timeout=5)
