"""A real SAMP hub with the Web Profile for the browser scenario (issue #19), and a desktop-tool stand-in.

astropy's SAMPHubServer(web_profile=True) listens on the Web Profile's port 21012 for the page; its consent dialog
(the hub asks its user before it accepts a web page) is answered "yes" by a thread, as a user would click. A
SAMPIntegratedClient registered over the Standard Profile (through this hub's own lock file, never ~/.samp)
subscribes to table.load.votable as TOPCAT does: on each message it fetches the table from the URL sent, parses it
with astropy.io.votable and prints one line "RECEIVED {json}". "READY" means both are up.

Run with Debian's interpreter (python3-astropy): /usr/bin/python3 e2e/samp_hub.py [web_port]
"""
import io
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.request

from astropy.io import votable
from astropy.samp import SAMPHubServer, SAMPIntegratedClient
from astropy.samp.lockfile_helpers import read_lockfile


def say(*parts):
    print(*parts, flush=True)


class AutoConsent:
    """The hub's web-profile dialog: every registration request is accepted (the hub sets the two queues)."""

    queue_request = None
    queue_result = None

    def run(self):
        while True:
            identity, client, origin = self.queue_request.get()
            name = identity.get("samp.name") if isinstance(identity, dict) else identity
            say("REGISTER", json.dumps({"name": name, "origin": origin}))
            self.queue_result.put(True)


def main():
    web_port = int(sys.argv[1]) if len(sys.argv) > 1 else 21012
    lockdir = tempfile.mkdtemp(prefix="gammavo-samp-")
    lockfile = os.path.join(lockdir, "samp-hub")
    dialog = AutoConsent()
    hub = SAMPHubServer(web_profile=True, web_profile_dialog=dialog, web_port=web_port, lockfile=lockfile,
                        label="gammavo e2e hub")
    hub.start(wait=False)
    if hub._web_profile_server is None:  # astropy only warns when the port is taken
        say(f"FAILED the Web Profile port {web_port} is in use")
        hub.stop()
        sys.exit(2)
    threading.Thread(target=dialog.run, daemon=True).start()

    client = SAMPIntegratedClient(name="TOPCAT stand-in", description="loads tables sent over SAMP (e2e test)")
    client.connect(hub_params=read_lockfile(lockfile))

    def load_table(private_key, sender_id, mtype, params, extra):
        report = {"mtype": mtype, "sender": sender_id, "url": params.get("url"), "name": params.get("name"),
                  "table_id": params.get("table-id")}
        try:
            with urllib.request.urlopen(params["url"], timeout=60) as r:
                data = r.read()
            table = votable.parse_single_table(io.BytesIO(data)).to_table()
            report["rows"] = len(table)
            report["columns"] = list(table.colnames)
            if "obs_publisher_did" in table.colnames:
                report["obs_publisher_did"] = [str(v) for v in table["obs_publisher_did"]]
        except Exception as e:  # reported to the scenario, which fails the step
            report["error"] = f"{type(e).__name__}: {e}"
        say("RECEIVED", json.dumps(report))

    client.bind_receive_notification("table.load.votable", load_table)
    say("READY", json.dumps({"web_port": web_port, "lockfile": lockfile}))
    # the scenario ends the hub with SIGTERM: leave through the finally below (port and lock file freed)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        client.disconnect()
        hub.stop()
        shutil.rmtree(lockdir, ignore_errors=True)


if __name__ == "__main__":
    main()
