"""Per-run certificates for the Routemap test API server, made with the openssl command line:
a CA, a server certificate for 127.0.0.1/localhost and one client certificate per certificate user."""

import os
import shutil
import subprocess


class CertError(Exception):
    pass


def _openssl(*args, cwd):
    proc = subprocess.run(["openssl", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise CertError(f"openssl {' '.join(args[:2])} failed: {proc.stderr.strip()}")


def _key_and_csr(d, name, subject):
    _openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject, cwd=d)


def _sign(d, name, extensions):
    ext = os.path.join(d, f"{name}.ext")
    with open(ext, "w") as f:
        f.write(extensions)
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial",
             str(abs(hash(name)) % 10**9 + 2), "-days", "3", "-sha256", "-extfile", ext, "-out", f"{name}.crt", cwd=d)
    os.remove(os.path.join(d, f"{name}.csr"))
    os.remove(ext)


def generate(d, client_users):
    """Writes ca.crt/ca.key, server.crt/server.key and <user>.crt/<user>.key for each (user, group) in d."""
    if shutil.which("openssl") is None:
        raise CertError("the openssl command is not installed")
    os.makedirs(d, exist_ok=True)
    _openssl("req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=routemap-test-ca", "-days", "3",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature", cwd=d)
    _key_and_csr(d, "server", "/CN=kube-apiserver")
    _sign(d, "server", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
          "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for user, group in client_users:
        _key_and_csr(d, user, f"/O={group}/CN={user}")
        _sign(d, user, "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
              "extendedKeyUsage=clientAuth\n")
    return {name: os.path.join(d, name) for name in os.listdir(d)}
