#!/usr/bin/env bash
# Installs the Debian 12 packages listed in packaging/debian-packages.txt that are not installed yet.
# Idempotent and non-interactive: when everything is present it changes nothing and does not touch the
# network. Works as root, or through sudo when run as another user.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="${here}/debian-packages.txt"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: this script needs a Debian-based system (dpkg-query and apt-get)." >&2
    echo "install-deps: install the packages in ${list} (or your distribution's equivalents) by hand." >&2
    exit 1
fi

mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "${list}" | grep -v '^$')

missing=()
for pkg in "${wanted[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "${pkg}" 2>/dev/null || true)"
    if [[ "${status}" != "installed" ]]; then
        missing+=("${pkg}")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#wanted[@]} packages are installed."
    exit 0
fi

echo "install-deps: missing ${#missing[@]} of ${#wanted[@]} packages: ${missing[*]}"

as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
        # Without a terminal sudo cannot ask for a password: fail clearly instead of hanging.
        if [[ ! -t 0 ]]; then
            as_root=(sudo -n)
        fi
    else
        echo "install-deps: not root and sudo is not available; run as root:" >&2
        echo "    apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
echo "install-deps: installed ${missing[*]}"
