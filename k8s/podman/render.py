#!/usr/bin/python3
"""Turns `kubectl kustomize k8s/overlays/podman` into the files `podman kube play` 4.3 accepts, changing nothing but
what that podman cannot read (docs/kubernetes.md, "The platform under podman"):

  - volumeMounts.subPath is not supported: a mount of a PersistentVolumeClaim with a subPath becomes a hostPath
    volume on <claim's directory>/<subPath> (the claims named with --bind are host directories);
  - secret volumes are not supported: one becomes a hostPath directory holding the Secret's items, written here from
    the Secrets file (mode: the volume's defaultMode);
  - container ports become port mappings, which it refuses on the host network ("PortMappings can only be used with
    Bridge or slirp4netns networking"): they are dropped, after a probe that names a port gets its number;
  - env from fieldRef metadata.namespace is refused (pods have no namespace there): it gets the value the Deployment
    would have in a cluster when applied without one, its metadata.namespace or "default";
  - Secrets are not a kind it plays: each one's data is written to <out>/secrets/<name>.json for `podman secret
    create`, which is where its secretKeyRef lookups read them.

Usage: render.py RENDERED.yaml SECRETS.yaml OUTDIR --bind CLAIM=DIR [--bind ...]
Writes OUTDIR/infra.yaml (the Deployments labelled podman.gammavo.org/stage: infra, with the ConfigMaps and PVCs)
and OUTDIR/platform.yaml (every other Deployment, with the ConfigMaps).
"""
import argparse
import base64
import copy
import json
import os
import sys

import yaml


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def secret_items(secret):
    data = {k: base64.b64decode(v) for k, v in (secret.get("data") or {}).items()}
    data.update({k: v.encode() for k, v in (secret.get("stringData") or {}).items()})
    return data


def adapt(deployment, binds, secrets, secret_root):
    """The Deployment with its unsupported volumes replaced; everything else as rendered."""
    d = copy.deepcopy(deployment)
    pod = d["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod.get("volumes") or []}
    new_volumes = []
    used = set()
    for c in pod.get("containers", []) + pod.get("initContainers", []):
        for m in c.get("volumeMounts") or []:
            v = volumes.get(m["name"])
            if v is None:
                continue
            claim = (v.get("persistentVolumeClaim") or {}).get("claimName")
            if claim in binds and m.get("subPath"):
                name = f"{m['name']}-{m['subPath']}".replace("/", "-").replace("_", "-").lower()
                if name not in used:
                    new_volumes.append({"name": name, "hostPath": {
                        "path": os.path.join(binds[claim], m["subPath"]), "type": "Directory"}})
                    used.add(name)
                m["name"] = name
                del m["subPath"]
            elif claim in binds:
                if m["name"] not in used:
                    new_volumes.append({"name": m["name"], "hostPath": {"path": binds[claim], "type": "Directory"}})
                    used.add(m["name"])
            elif "secret" in v:
                src = v["secret"]
                secret = secrets.get(src["secretName"])
                if secret is None:
                    sys.exit(f"render: Secret {src['secretName']} (volume {v['name']} of {d['metadata']['name']}) "
                             "is not in the Secrets file")
                directory = os.path.join(secret_root, d["metadata"]["name"], v["name"])
                os.makedirs(directory, exist_ok=True)
                items = secret_items(secret)
                wanted = src.get("items") or [{"key": k, "path": k} for k in items]
                for item in wanted:
                    target = os.path.join(directory, item["path"])
                    with open(target, "wb") as f:
                        f.write(items[item["key"]])
                    os.chmod(target, item.get("mode", src.get("defaultMode", 0o644)))
                if v["name"] not in used:
                    new_volumes.append({"name": v["name"], "hostPath": {"path": directory, "type": "Directory"}})
                    used.add(v["name"])
            elif v["name"] not in used:
                new_volumes.append(v)
                used.add(v["name"])
    if "volumes" in pod:
        pod["volumes"] = new_volumes
    for c in pod.get("containers", []) + pod.get("initContainers", []):
        for e in c.get("env") or []:
            if (e.get("valueFrom") or {}).get("fieldRef", {}).get("fieldPath") == "metadata.namespace":
                del e["valueFrom"]
                e["value"] = d["metadata"].get("namespace", "default")
        named = {p_.get("name"): p_["containerPort"] for p_ in c.pop("ports", []) if p_.get("name")}
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            for handler in ("httpGet", "tcpSocket"):
                h = (c.get(probe) or {}).get(handler)
                if h and isinstance(h.get("port"), str):
                    h["port"] = named[h["port"]]
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rendered")
    ap.add_argument("secrets")
    ap.add_argument("outdir")
    ap.add_argument("--bind", action="append", default=[], help="CLAIM=DIR: a PVC that is a host directory")
    a = ap.parse_args()
    binds = dict(b.split("=", 1) for b in a.bind)
    docs = load_all(a.rendered)
    secrets = {s["metadata"]["name"]: s for s in load_all(a.secrets) if s.get("kind") == "Secret"}
    os.makedirs(os.path.join(a.outdir, "secrets"), exist_ok=True)
    for name, s in secrets.items():
        # podman 4.3 reads secretKeyRef from the podman secret of that name, holding the Secret's data as a JSON
        # object of base64 values.
        data = {k: base64.b64encode(v).decode() for k, v in secret_items(s).items()}
        path = os.path.join(a.outdir, "secrets", name + ".json")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            json.dump(data, f)
    shared = [d for d in docs if d["kind"] == "ConfigMap"]
    claims = [d for d in docs if d["kind"] == "PersistentVolumeClaim" and d["metadata"]["name"] not in binds]
    infra, platform = [], []
    for d in docs:
        if d["kind"] != "Deployment":
            continue
        stage = d["metadata"].get("labels", {}).get("podman.gammavo.org/stage")
        (infra if stage == "infra" else platform).append(adapt(d, binds, secrets, os.path.join(a.outdir, "secret-volumes")))
    for name, part in (("infra.yaml", shared + claims + infra), ("platform.yaml", shared + platform)):
        with open(os.path.join(a.outdir, name), "w") as f:
            yaml.safe_dump_all(part, f, sort_keys=False)


if __name__ == "__main__":
    main()
