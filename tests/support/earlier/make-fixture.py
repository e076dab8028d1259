#!/usr/bin/env python3
"""Makes one fixture school with skolekontor-cli as it was at an earlier schema version.

Usage (inside tests/support/with-keyring.sh, one keyring per school):
    make-fixture.py SCHEMA CLI_BINARY COMMIT OUT_DIR

The earlier program sets up its demo school (fictional people), logs in as the
headteacher through a pseudo-terminal as a person would (enrolling the second factor
where that version asks for it), lists the children and, where that version can, takes
a backup. OUT_DIR gets the school's data folder as the program left it (`data/`), the
backup (`backup/`) and `school.json`: the version, the commit, the login, the recovery
key, the second-factor secret and the counts a later program must find again.
"""

import base64
import hashlib
import hmac
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

SECRET_LINE = re.compile(r"godkendelsesapp:\s*\n\s+([A-Z2-7 ]{16,}?)\s*\n")
CODE_PROMPT = "Kode fra godkendelsesappen"


def totp(secret: str, at: float) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def wait_for_next_step(last_step: int) -> None:
    """A one-time code is accepted once: the next login waits for a new one."""
    while int(time.time()) // 30 <= last_step:
        time.sleep(0.5)


class Cli:
    def __init__(self, binary: str, data_dir: str):
        self.binary, self.data_dir = binary, data_dir
        self.secret = None
        self.last_step = -1

    def run(self, *args: str, password: str = "") -> str:
        """Runs one command in a pseudo-terminal, answering the code prompt."""
        env = dict(os.environ, SKOLEKONTOR_PASSWORD=password, NO_COLOR="1")
        env.pop("SKOLEKONTOR_CODE", None)
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe(self.binary, [self.binary, "--data-dir", self.data_dir, *args], env)
        output, answered = "", 0
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk.decode("utf-8", "replace")
            found = SECRET_LINE.search(output)
            if found and self.secret is None:
                self.secret = found.group(1).replace(" ", "")
            if output.count(CODE_PROMPT) > answered:
                answered += 1
                wait_for_next_step(self.last_step)
                now = time.time()
                self.last_step = int(now) // 30
                os.write(fd, (totp(self.secret, now) + "\n").encode())
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{args[-1]} failed:\n{output}")
        return output


def json_in(output: str):
    start = min(i for i in (output.find("["), output.find("{")) if i >= 0)
    return json.JSONDecoder().raw_decode(output[start:])[0]


def main() -> None:
    schema, binary, commit, out_dir = sys.argv[1:5]
    data = tempfile.mkdtemp(prefix=f"earlier-v{schema}-")
    cli = Cli(binary, data)
    demo = cli.run("demo")
    user, password = re.search(r"Log ind som (\S+) / (\S+?)\.?\s*$", demo, re.MULTILINE).groups()
    recovery_key = re.search(r"Gendannelsesnøgle: ([0-9A-Z-]+)", demo).group(1)
    children = json_in(cli.run("--user", user, "--json", "child", "list", password=password))
    helptext = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    backup_name = None
    if re.search(r"^\s+backup\s", helptext, re.MULTILINE):
        backups = os.path.join(data, "..", f"earlier-v{schema}-backup")
        os.makedirs(backups, exist_ok=True)
        cli.run("--user", user, "backup", "--to", backups, password=password)
        (backup_name,) = [n for n in os.listdir(backups) if n.endswith(".db")]
        os.makedirs(os.path.join(out_dir, "backup"), exist_ok=True)
        shutil.copy2(os.path.join(backups, backup_name), os.path.join(out_dir, "backup", backup_name))
        shutil.rmtree(backups)
    shutil.copytree(data, os.path.join(out_dir, "data"), ignore=shutil.ignore_patterns("*-shm"))
    shutil.rmtree(data)
    manifest = {
        "schemaVersion": int(schema),
        "commit": commit,
        "user": user,
        "password": password,
        "recoveryKey": recovery_key,
        "secondFactorSecret": cli.secret,
        "children": len(children),
        "firstChild": f"{children[0]['firstName']} {children[0]['lastName']}",
        "backup": backup_name,
        "madeOn": time.strftime("%Y-%m-%d", time.gmtime()),
        "note": "Fictional demo school made by the program at this commit; keys are test-only.",
    }
    with open(os.path.join(out_dir, "school.json"), "w", encoding="utf-8") as file:
        json.dump(manifest, file, ensure_ascii=False, indent=2)
        file.write("\n")
    print(f"schema {schema}: {len(children)} children, backup {backup_name or '-'}")


if __name__ == "__main__":
    main()
