"""A real WordPress (Debian's package) served on loopback, for tests.

Usage::

    from tests.realwp.wordpress import LocalWordPress

    with LocalWordPress(tmp_path) as wp:
        post_id = wp.create_post("Title", "<p>Body</p>", categories=["News"])
        urllib.request.urlopen(wp.base_url + "/wp-json/wp/v2/posts")

What ``start()`` does (see README.md next to this file):

1. a private MariaDB (data dir in ``workdir``, unix socket only, no TCP);
2. ``/etc/wordpress/config-<host>.php`` (Debian's ``wp-config.php`` picks it by
   the Host header), with a private ``WP_CONTENT_DIR`` inside ``workdir``;
3. WordPress installed from the PHP command line (``wp_install()``), timezone
   UTC, pretty permalinks, default content deleted;
4. ``php -S host:port`` with a router, in its own session (``setsid``), and a
   wait until ``/wp-json/`` answers.

``stop()`` kills the PHP server's process group, stops MariaDB, and removes
the config file. Only the standard library is used.
"""

from __future__ import annotations

import atexit
import functools
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import weakref
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
INSTALL_SCRIPT = ".ci/install-wordpress.sh"

WP_ROOT = Path("/usr/share/wordpress")
WP_CONFIG_DIR = Path("/etc/wordpress")
ROUTER = HERE / "router.php"
HELPER = HERE / "wp_helper.php"

PERMALINK_STRUCTURE = "/%year%/%monthnum%/%postname%/"
ADMIN_USER = "admin"
ADMIN_EMAIL = "admin@example.invalid"

_REQUIRED_FILES = {
    "wordpress": WP_ROOT / "wp-load.php",
}
_REQUIRED_COMMANDS = {
    "php-cli": "php",
    "mariadb-server": "mariadbd",
    "mariadb-server (mariadb-install-db)": "mariadb-install-db",
    "mariadb-client": "mariadb",
}

_MU_PLUGIN_PREFIX = "realwp-rest-"

_REST_DISABLED_PLUGIN = """<?php
/*
 * Plugin Name: realwp: REST API disabled
 * Description: Written by tests/realwp/wordpress.py. Answers every REST request
 *   with 401 rest_disabled, like the "disable REST API" plugins do.
 */
add_filter('rest_authentication_errors', function ($result) {
    return new WP_Error('rest_disabled', 'The REST API is disabled on this site.', array('status' => 401));
}, 99);
"""

_REST_AUTH_PLUGIN = """<?php
/*
 * Plugin Name: realwp: REST API requires login
 * Description: Written by tests/realwp/wordpress.py. Answers REST requests from
 *   visitors that are not logged in with 401 rest_not_logged_in.
 */
add_filter('rest_authentication_errors', function ($result) {
    if (!empty($result)) {
        return $result;
    }
    if (!is_user_logged_in()) {
        return new WP_Error('rest_not_logged_in', 'You are not currently logged in.', array('status' => 401));
    }
    return $result;
}, 99);
"""

_NO_MAIL_PLUGIN = """<?php
/*
 * Plugin Name: realwp: no mail
 * Description: Written by tests/realwp/wordpress.py. There is no MTA here.
 */
add_filter('pre_wp_mail', '__return_false');
"""


_LIVE: weakref.WeakSet[LocalWordPress] = weakref.WeakSet()


def _die_with_parent() -> None:
    """preexec_fn: have the kernel SIGKILL the child if the test process dies (Linux only)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _alive_not_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in (b"Z", b"X")


def _reap_orphaned_servers() -> list[int]:
    """Kill ``php -S`` workers of this router left behind by a test process that was SIGKILLed.

    PR_SET_PDEATHSIG kills the server's leader with the test process, but its workers
    (PHP_CLI_SERVER_WORKERS) then live on and keep the port. They are recognised by
    running this very router.php while their process group's leader is gone.
    """
    killed = []
    router = str(ROUTER).encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            if router not in argv or b"-S" not in argv:
                continue
            pgid = os.getpgid(pid)
            if pgid == pid or _alive_not_zombie(pgid):
                continue  # a leader, or its leader is alive: a live server
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        except (OSError, ValueError):
            continue
    return killed


class WordPressError(RuntimeError):
    """Starting or driving the local WordPress failed."""


def missing_requirements() -> list[str]:
    """Names of the Debian packages (or tools) that are missing; empty if all there."""
    missing = [pkg for pkg, path in _REQUIRED_FILES.items() if not path.is_file()]
    missing += [pkg for pkg, cmd in _REQUIRED_COMMANDS.items() if shutil.which(cmd) is None]
    return missing


def requirements_message(missing: Sequence[str]) -> str:
    return (
        "A real WordPress is needed for these tests but is not installed "
        f"(missing: {', '.join(missing)}). Run `{INSTALL_SCRIPT}` (as root) from the "
        "repository root to install the Debian packages, or set SKIP_REAL_WORDPRESS=1 "
        "to skip these tests."
    )


def require_real_wordpress() -> None:
    """For pytest: skip if SKIP_REAL_WORDPRESS=1, fail if the packages are missing.

    Never skips silently: CI installs the packages, so a missing package is a failure.
    """
    import pytest  # only needed when used from tests

    if os.environ.get("SKIP_REAL_WORDPRESS", "").strip().lower() in ("1", "true", "yes"):
        pytest.skip("SKIP_REAL_WORDPRESS is set")
    missing = missing_requirements()
    if missing:
        pytest.fail(requirements_message(missing), pytrace=False)
    if os.geteuid() != 0:
        pytest.fail(
            "The real-WordPress tests need root (they write /etc/wordpress/config-<host>.php "
            "and run MariaDB as root).",
            pytrace=False,
        )


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _php_str(value: str) -> str:
    """A PHP single-quoted string literal (only used for values this module controls)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_group(proc: subprocess.Popen | None, timeout: float = 5.0) -> None:
    """SIGTERM the process group led by ``proc`` (started with setsid), then SIGKILL."""
    if proc is None:
        return
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        pgid = proc.pid
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; make sure no worker of the group survives it.
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return


class LocalWordPress:
    """A real WordPress on ``http://host:port`` backed by a private MariaDB.

    One instance per host at a time (Debian's config file is per host): run a second one
    concurrently on ``127.0.0.2`` etc. Start/stop can be repeated; every ``start()`` begins
    with an empty database.
    """

    def __init__(
        self,
        workdir: Path | str,
        host: str = "127.0.0.1",
        port: int | None = None,
        *,
        title: str = "Real WP Test Site",
        php_workers: int = 4,
        startup_timeout: float = 60.0,
    ) -> None:
        self.workdir = Path(workdir).resolve()
        self.host = host
        self._requested_port = port
        self.port: int | None = port
        self.title = title
        self.php_workers = php_workers
        self.startup_timeout = startup_timeout
        self.admin_user = ADMIN_USER
        self.admin_password = secrets.token_hex(12)
        self.admin_id: int | None = None
        self.wp_version: str | None = None
        self.start_seconds: float | None = None

        self._db_password = secrets.token_hex(12)
        self._db_proc: subprocess.Popen | None = None
        self._php_proc: subprocess.Popen | None = None
        self._sock_dir: Path | None = None  # short dir under /tmp when workdir is too deep
        self._config_written = False
        self._running = False
        self._log_files: list[Any] = []
        self._atexit = None

    # ------------------------------------------------------------------ paths

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise WordPressError("not started")
        return f"http://{self.host}:{self.port}"

    @property
    def rest_url(self) -> str:
        """Root of the REST API with pretty permalinks (``.../wp-json``)."""
        return self.base_url + "/wp-json"

    @property
    def config_file(self) -> Path:
        return WP_CONFIG_DIR / f"config-{self.host.lower()}.php"

    @property
    def content_dir(self) -> Path:
        """This instance's WP_CONTENT_DIR (uploads, mu-plugins)."""
        return self.workdir / "wp-content"

    @property
    def mu_plugins_dir(self) -> Path:
        return self.content_dir / "mu-plugins"

    @property
    def datadir(self) -> Path:
        return self.workdir / "mysql"

    @property
    def socket_path(self) -> Path:
        base = self._sock_dir if self._sock_dir is not None else self.workdir
        return base / "mysqld.sock"

    @property
    def running(self) -> bool:
        return self._running

    # --------------------------------------------------------------- lifecycle

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> LocalWordPress:
        if self._running:
            raise WordPressError("already started")
        missing = missing_requirements()
        if missing:
            raise WordPressError(requirements_message(missing))
        t0 = time.monotonic()
        self.port = self._requested_port or free_port(self.host)
        self._atexit = functools.partial(_stop_at_exit, weakref.ref(self))
        atexit.register(self._atexit)
        self._running = True
        _LIVE.add(self)
        try:
            _reap_orphaned_servers()
            self._check_config_free()
            self._prepare_dirs()
            self._start_mariadb()
            self._write_config()
            self._setup_wordpress()
            self._start_php_server()
            self._wait_for_rest()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - t0
        return self

    def stop(self) -> None:
        """Kill the PHP server group, stop MariaDB, remove the config file. Idempotent."""
        _kill_group(self._php_proc)
        self._php_proc = None
        self._stop_mariadb()
        if self._config_written:
            try:
                if self._config_is_ours():
                    self.config_file.unlink()
            except FileNotFoundError:
                pass
            self._config_written = False
        for f in self._log_files:
            try:
                f.close()
            except OSError:
                pass
        self._log_files = []
        if self._sock_dir is not None:
            shutil.rmtree(self._sock_dir, ignore_errors=True)
            self._sock_dir = None
        if self._atexit is not None:
            atexit.unregister(self._atexit)
            self._atexit = None
        self._running = False
        _LIVE.discard(self)
        if self._requested_port is None:
            self.port = None

    # ----------------------------------------------------------- start: steps

    def _prepare_dirs(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        # Every start begins from scratch: fresh database, fresh content dir.
        shutil.rmtree(self.datadir, ignore_errors=True)
        shutil.rmtree(self.content_dir, ignore_errors=True)
        for sub in ("uploads", "mu-plugins", "plugins", "themes", "upgrade", "languages"):
            (self.content_dir / sub).mkdir(parents=True, exist_ok=True)
        (self.mu_plugins_dir / "realwp-no-mail.php").write_text(_NO_MAIL_PLUGIN)
        # mariadbd aborts when the socket path is longer than ~107 bytes.
        if len(str(self.workdir / "mysqld.sock")) >= 100:
            self._sock_dir = Path(tempfile.mkdtemp(prefix="rwp-", dir="/tmp"))
        else:
            self._sock_dir = None
        try:
            self.socket_path.unlink()
        except FileNotFoundError:
            pass

    def _log(self, name: str):
        f = open(self.workdir / name, "ab")
        self._log_files.append(f)
        return f

    def _mysqld_args(self) -> list[str]:
        args = [
            "--no-defaults",
            f"--datadir={self.datadir}",
            "--innodb-log-file-size=8M",
            "--innodb-buffer-pool-size=32M",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
        ]
        if os.geteuid() == 0:
            args.insert(1, "--user=root")  # mariadbd refuses to run as root otherwise
        return args

    def _start_mariadb(self) -> None:
        install = ["mariadb-install-db", *self._mysqld_args(), "--auth-root-authentication-method=socket",
                   "--skip-test-db", "--skip-name-resolve"]
        proc = subprocess.run(install, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=self.workdir)
        if proc.returncode != 0:
            raise WordPressError("mariadb-install-db failed:\n" + proc.stdout.decode(errors="replace")[-3000:])
        cmd = [
            "mariadbd",
            *self._mysqld_args(),
            f"--socket={self.socket_path}",
            f"--pid-file={self.workdir / 'mysqld.pid'}",
            f"--log-error={self.workdir / 'mysqld.err'}",
            "--skip-networking",
            "--skip-log-bin",
            "--innodb-flush-log-at-trx-commit=0",
            "--innodb-doublewrite=0",
            "--skip-name-resolve",
        ]
        log = self._log("mysqld.out")
        self._db_proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            cwd=self.workdir, start_new_session=True, preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + 30
        while True:
            if self._db_proc.poll() is not None:
                raise WordPressError(f"mariadbd exited with {self._db_proc.returncode}:\n{self._tail('mysqld.err')}")
            if self._socket_answers():
                break
            if time.monotonic() > deadline:
                raise WordPressError("mariadbd did not open its socket in 30 s:\n" + self._tail("mysqld.err"))
            time.sleep(0.05)
        self._sql(
            "CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
            f"CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '{self._db_password}';"  # hex only
            "GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';"
        )

    def _socket_answers(self) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            try:
                s.connect(str(self.socket_path))
                return True
            except OSError:
                return False

    def _sql(self, sql: str) -> str:
        proc = subprocess.run(
            ["mariadb", "--no-defaults", f"--socket={self.socket_path}", "-uroot", "--batch", "-e", sql],
            capture_output=True,
        )
        if proc.returncode != 0:
            raise WordPressError("SQL failed: " + proc.stderr.decode(errors="replace"))
        return proc.stdout.decode()

    def _stop_mariadb(self) -> None:
        proc = self._db_proc
        self._db_proc = None
        if proc is None or proc.poll() is not None:
            return
        try:
            proc.send_signal(signal.SIGTERM)  # clean shutdown
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        _kill_group(proc, timeout=5)

    def _config_is_ours(self) -> bool:
        try:
            return f"realwp-owner: {os.getpid()}:{id(self)}" in self.config_file.read_text()
        except OSError:
            return False

    def _check_config_free(self) -> None:
        """Refuse to take over a config file of another live instance (before starting anything)."""
        cfg = self.config_file
        if cfg.exists() and not self._config_is_ours():
            text = cfg.read_text(errors="replace")
            owner_pid = None
            for line in text.splitlines():
                if "realwp-owner:" in line:
                    owner_pid = int(line.split("realwp-owner:")[1].split(":")[0].strip())
            if owner_pid is None:
                raise WordPressError(f"{cfg} exists and was not written by this fixture; not overwriting it")
            if owner_pid != os.getpid() and _pid_alive(owner_pid):
                raise WordPressError(
                    f"{cfg} belongs to a running fixture (pid {owner_pid}); use another host such as "
                    "127.0.0.2 (or delete the file if that process is not a fixture)"
                )
            if owner_pid == os.getpid() and any(
                    wp.running and wp is not self and wp.host.lower() == self.host.lower()
                    for wp in list(_LIVE)):
                raise WordPressError(
                    f"another LocalWordPress in this process already serves {self.host}; use another host"
                )
            # Left over by a crashed run or an instance that was never stopped: overwrite.

    def _write_config(self) -> None:
        cfg = self.config_file
        WP_CONFIG_DIR.mkdir(parents=True, exist_ok=True)
        salts = "\n".join(
            f"define({_php_str(name)}, {_php_str(secrets.token_hex(32))});"
            for name in ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
                         "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT")
        )
        url = self.base_url
        text = f"""<?php
// realwp-owner: {os.getpid()}:{id(self)}
// Written by tests/realwp/wordpress.py for a test WordPress on {url}; removed by stop().
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', {_php_str(self._db_password)});
define('DB_HOST', {_php_str('localhost:' + str(self.socket_path))});
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', {_php_str(url)});
define('WP_SITEURL', {_php_str(url)});
define('WP_CONTENT_DIR', {_php_str(str(self.content_dir))});
define('WP_CONTENT_URL', {_php_str(url + '/wp-content')});
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_ENVIRONMENT_TYPE', 'local');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('FS_METHOD', 'direct');
define('WP_DEBUG', false);
{salts}
$table_prefix = 'wp_';
"""
        tmp = cfg.with_name(cfg.name + f".tmp{os.getpid()}")
        tmp.write_text(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, cfg)
        self._config_written = True

    def _setup_wordpress(self) -> None:
        info = self._helper("setup", {
            "title": self.title,
            "admin_user": self.admin_user,
            "admin_email": ADMIN_EMAIL,
            "admin_password": self.admin_password,
            "permalink_structure": PERMALINK_STRUCTURE,
        })
        if info["permalink_structure"] != PERMALINK_STRUCTURE or info["timezone_string"] != "UTC":
            raise WordPressError(f"WordPress setup did not stick: {info}")
        if info["posts_left"] != 0:
            raise WordPressError(f"default content not deleted: {info}")
        self.admin_id = info["user_id"]
        self.wp_version = info["wp_version"]

    def _start_php_server(self) -> None:
        env = dict(os.environ)
        env["REALWP_CONTENT_DIR"] = str(self.content_dir)
        if self.php_workers > 1:
            env["PHP_CLI_SERVER_WORKERS"] = str(self.php_workers)
        else:
            env.pop("PHP_CLI_SERVER_WORKERS", None)
        cmd = [
            "php",
            "-d", "display_errors=stderr",
            "-d", "log_errors=Off",
            "-d", "opcache.revalidate_freq=0",
            "-d", "memory_limit=256M",
            "-d", "upload_max_filesize=64M",
            "-d", "post_max_size=64M",
            "-S", f"{self.host}:{self.port}",
            "-t", str(WP_ROOT),
            str(ROUTER),
        ]
        log = self._log("php-server.log")
        self._php_proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            cwd=str(WP_ROOT), env=env, start_new_session=True,  # = setsid: own process group
            preexec_fn=_die_with_parent,
        )

    def _wait_for_rest(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self._php_proc is None or self._php_proc.poll() is not None:
                raise WordPressError("php -S exited:\n" + self._tail("php-server.log"))
            try:
                status, _headers, body = self.request("GET", "/wp-json/")
                if status == 200 and json.loads(body).get("namespaces"):
                    return
                last = f"HTTP {status}: {body[:200]!r}"
            except (OSError, http.client.HTTPException, ValueError) as e:
                last = repr(e)
            time.sleep(0.05)
        raise WordPressError(f"REST API did not answer within {self.startup_timeout} s ({last}):\n"
                             + self._tail("php-server.log"))

    def _tail(self, name: str, size: int = 3000) -> str:
        try:
            data = (self.workdir / name).read_bytes()
        except OSError:
            return f"({name} missing)"
        return data[-size:].decode(errors="replace")

    # ------------------------------------------------------------- HTTP helper

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: Mapping[str, str] | None = None,
        timeout: float = 30.0,
    ) -> tuple[int, dict[str, str], bytes]:
        """One raw HTTP request (no redirect following). Returns (status, headers, body)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=dict(headers or {}))
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, {k: v for k, v in resp.getheaders()}, data
        finally:
            conn.close()

    # -------------------------------------------------------- PHP CLI helpers

    def _helper(self, action: str, args: Mapping[str, Any]) -> Any:
        if not self._config_written:
            raise WordPressError("not started")
        fd, result_path = tempfile.mkstemp(prefix="realwp-result-", suffix=".json", dir=self.workdir)
        os.close(fd)
        env = dict(os.environ)
        env.pop("PHP_CLI_SERVER_WORKERS", None)
        env["REALWP_HOST"] = f"{self.host}:{self.port}"
        env["REALWP_RESULT"] = result_path
        env["REALWP_WP_LOAD"] = str(WP_ROOT / "wp-load.php")
        try:
            proc = subprocess.run(
                ["php", "-d", "display_errors=stderr", "-d", "memory_limit=512M", str(HELPER)],
                input=json.dumps({"action": action, "args": args}).encode(),
                capture_output=True, cwd=str(WP_ROOT), env=env, timeout=300,
            )
            raw = Path(result_path).read_text()
        finally:
            try:
                os.unlink(result_path)
            except FileNotFoundError:
                pass
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        if not payload or not payload.get("ok"):
            err = payload.get("error") if payload else "no result"
            raise WordPressError(
                f"PHP helper {action!r} failed (exit {proc.returncode}): {err}\n"
                f"stdout: {proc.stdout.decode(errors='replace')[-2000:]}\n"
                f"stderr: {proc.stderr.decode(errors='replace')[-2000:]}"
            )
        return payload["result"]

    def php(self, code: str, data: Any = None) -> Any:
        """Run PHP ``code`` with WordPress loaded (as the admin user) and return its JSON-able ``return`` value.

        ``code`` is a PHP snippet *without* ``<?php``; the decoded JSON ``data`` is in ``$data``.
        Pass values through ``data``, never by formatting them into ``code``.
        """
        fd, path = tempfile.mkstemp(prefix="realwp-eval-", suffix=".php", dir=self.workdir)
        with os.fdopen(fd, "w") as f:
            f.write("<?php\n" + code + "\n")
        try:
            return self._helper("eval", {"file": path, "data": data})
        finally:
            os.unlink(path)

    def create_post(
        self,
        title: str,
        content: str,
        *,
        date: str | None = None,
        status: str = "publish",
        slug: str | None = None,
        categories: Iterable[str] = (),
        tags: Iterable[str] = (),
        excerpt: str = "",
        post_type: str = "post",
        author: int | None = None,
    ) -> int:
        """Insert a post; returns its ID. ``date`` is site-local = UTC, 'YYYY-MM-DD HH:MM:SS'.

        A new post's ``modified`` equals its ``date`` when a date is given (WordPress
        behaviour); otherwise both are "now". Category names are created if missing.
        """
        return self.create_posts([{
            "title": title, "content": content, "date": date, "status": status, "slug": slug,
            "categories": list(categories), "tags": list(tags), "excerpt": excerpt, "post_type": post_type, "author": author,
        }])[0]

    def create_posts(self, posts: Iterable[Mapping[str, Any]]) -> list[int]:
        """Insert many posts in one PHP run (fast). Each mapping takes create_post's arguments."""
        specs = []
        allowed = {"title", "content", "date", "status", "slug", "categories", "tags", "excerpt",
                   "post_type", "author"}
        for p in posts:
            unknown = set(p) - allowed
            if unknown:
                raise TypeError(f"unknown post fields: {sorted(unknown)}")
            spec = {k: v for k, v in p.items() if v is not None}
            for key in ("categories", "tags"):
                if key in spec:
                    if isinstance(spec[key], str):
                        raise TypeError(f"{key} must be a list of names, not a string")
                    spec[key] = list(spec[key])
            specs.append(spec)
        if not specs:
            return []
        return [int(i) for i in self._helper("create_posts", {"posts": specs})]

    def update_post(self, post_id: int, **fields: Any) -> None:
        """Update title/content/excerpt/status (also slug, date, author, categories, tags).

        WordPress sets ``modified`` to the current time (1-second resolution).
        """
        allowed = {"title", "content", "excerpt", "status", "slug", "date", "author", "categories", "tags"}
        unknown = set(fields) - allowed
        if unknown:
            raise TypeError(f"cannot update {sorted(unknown)}; allowed: {sorted(allowed)}")
        for key in ("categories", "tags"):
            if key in fields:
                fields[key] = list(fields[key])
        self._helper("update_post", {"post_id": int(post_id), "fields": fields})

    def set_post_modified(self, post_id: int, modified: str) -> None:
        """Force a post's modified time (site-local = UTC, 'YYYY-MM-DD HH:MM:SS') directly in the database."""
        self._helper("set_post_modified", {"post_id": int(post_id), "modified": modified})

    def create_user(self, login: str, display_name: str, *, role: str = "author",
                    email: str | None = None) -> int:
        """Create a user (random password); returns its ID. Use it as ``create_post(author=...)``."""
        return int(self._helper("create_user", {
            "login": login, "display_name": display_name, "role": role,
            "email": email or f"{login}@example.invalid",
        }))

    # ------------------------------------------------------ REST API locking

    def _set_rest_plugin(self, name: str | None, text: str | None) -> None:
        # Distinct file names per mode: opcache would otherwise be able to serve
        # a cached older version of a rewritten file.
        for old in self.mu_plugins_dir.glob(_MU_PLUGIN_PREFIX + "*.php"):
            old.unlink()
        if name and text:
            path = self.mu_plugins_dir / f"{_MU_PLUGIN_PREFIX}{name}.php"
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text)
            os.replace(tmp, path)

    def disable_rest_api(self) -> None:
        """Every REST request answers 401 ``{"code": "rest_disabled", ...}`` (mu-plugin)."""
        self._set_rest_plugin("disabled", _REST_DISABLED_PLUGIN)

    def require_auth_for_rest(self) -> None:
        """REST requests without a logged-in user answer 401 ``rest_not_logged_in`` (mu-plugin)."""
        self._set_rest_plugin("auth", _REST_AUTH_PLUGIN)

    def enable_rest_api(self) -> None:
        """Undo disable_rest_api() / require_auth_for_rest()."""
        self._set_rest_plugin(None, None)


def _stop_at_exit(ref: weakref.ref[LocalWordPress]) -> None:
    wp = ref()
    if wp is not None:
        try:
            wp.stop()
        except Exception:
            pass
