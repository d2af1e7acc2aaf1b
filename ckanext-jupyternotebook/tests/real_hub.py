"""The real hub for the plugin's tests: `src/main.ts` run by Node (through tsx, so no
build is needed, only the repository's node_modules), on 127.0.0.1 port 0, with the
local sandbox spawner, the bundled example notebooks and a temporary data folder.

`RealHub.launch_guest()` starts a session the way a browser does (public API, Origin
header, the visitor cookie kept). `close()` stops every session through the admin API
first: a hub that is merely terminated leaves its servers for the next start.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
ADMIN_TOKEN = "real-hub-admin-token-0123456789"
START_TIMEOUT_SECONDS = 120


class RealHub:
    def __init__(self, **env: str) -> None:
        node = shutil.which("node")
        if node is None or not (REPO_ROOT / "node_modules" / "tsx").is_dir():
            raise RuntimeError(
                "The real-hub tests need Node.js and the repository's npm dependencies "
                "(run `npm ci` in the repository root, as scripts/test does)."
            )
        self.data_dir = tempfile.mkdtemp(prefix="cnh-plugin-hub-")
        os.chmod(self.data_dir, 0o711)  # sandboxed servers run as another uid
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [node, "--import", "tsx", "test/helpers/run-hub.ts"],
            cwd=REPO_ROOT,
            env={
                **os.environ,
                "HUB_HOST": "127.0.0.1",
                "HUB_PORT": "0",
                "HUB_ADMIN_PORT": "0",  # the admin listener: a free port too
                "HUB_DATA_DIR": self.data_dir,
                "HUB_SPAWNER": "local",
                "HUB_ADMIN_TOKEN": ADMIN_TOKEN,
                "HUB_POOL_SIZE": "0",
                "HUB_LOG_LEVEL": "info",
                **env,
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(lines,), daemon=True).start()
        self.url = self._wait_for_listening(lines)
        parts = urllib.parse.urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"

    def _pump(self, lines: "queue.Queue[str | None]") -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            lines.put(line)
        lines.put(None)

    def _wait_for_listening(self, lines: "queue.Queue[str | None]") -> str:
        marker = "listening on "
        while True:
            try:
                line = lines.get(timeout=START_TIMEOUT_SECONDS)
            except queue.Empty:
                self.process.kill()
                raise RuntimeError("the hub did not start:\n" + "".join(self.output)) from None
            if line is None:
                raise RuntimeError("the hub exited:\n" + "".join(self.output))
            if marker in line:
                return line.split(marker, 1)[1].split()[0]

    def admin(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """The admin API directly (for set-up and checks; the tests drive HubClient)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + "api/admin/" + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + ADMIN_TOKEN)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        return _open(request)

    def launch_guest(self, notebook: str = "welcome.ipynb") -> dict[str, Any]:
        request = urllib.request.Request(
            self.url + "api/sessions", data=json.dumps({"notebook": notebook}).encode(), method="POST"
        )
        request.add_header("Content-Type", "application/json")
        request.add_header("Origin", self.origin)
        status, body = _open(request)
        if status not in (201, 202):
            raise AssertionError(f"launch answered {status}: {body}")
        return body

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                status, body = self.admin("GET", "sessions")
                for session in body.get("sessions", []) if status == 200 else []:
                    self.admin("DELETE", "sessions/" + session["id"])
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            shutil.rmtree(self.data_dir, ignore_errors=True)


def _open(request: urllib.request.Request) -> tuple[int, Any]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read() or b"null")
