#!/usr/bin/env bash
# One-command setup for a fresh Debian 12 machine.
#   packaging/setup.sh demo   install dependencies, build, and open the demo (or render it to a PNG
#                             when there is no display)
#   packaging/setup.sh test   install dependencies, build with warnings as errors, run the test suite,
#                             then again under AddressSanitizer + UBSan
# Build parallelism follows CMAKE_BUILD_PARALLEL_LEVEL, test parallelism CTEST_PARALLEL_LEVEL (default 2).
set -euo pipefail

usage() {
    echo "usage: $0 demo|test" >&2
    echo "  demo  install dependencies, build (preset 'default'), open the demo window" >&2
    echo "        (without a display: render the demo to build/default/routemap-demo.png)" >&2
    echo "  test  install dependencies, build (preset 'ci', warnings are errors), run ctest," >&2
    echo "        then build and run the suite again under ASan/UBSan (preset 'asan';" >&2
    echo "        set ROUTEMAP_SKIP_ASAN=1 to skip that part)" >&2
}

if [[ $# -ne 1 ]]; then
    usage
    exit 2
fi
mode="$1"
case "${mode}" in
    demo) preset=default ;;
    test) preset=ci ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"

step() { printf '\n==> %s\n' "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }

step "Dependencies (packaging/debian-packages.txt)"
bash packaging/install-deps.sh

step "Configure (cmake --preset ${preset})"
t0="$(now)"
if ! cmake --preset "${preset}"; then
    echo "setup: configuring failed (see the CMake messages above)" >&2
    exit 1
fi

step "Build (cmake --build --preset ${preset})"
if ! cmake --build --preset "${preset}"; then
    echo "setup: the build failed after $(elapsed "${t0}" "$(now)") (see the compiler messages above)" >&2
    exit 1
fi
t1="$(now)"
build_time="$(elapsed "${t0}" "${t1}")"
echo "Configure + build time: ${build_time}"

binary="${root}/build/${preset}/app/routemap"

run_tests() { # preset
    step "Test (ctest --preset $1)"
    set +e
    ctest --preset "$1" -j "${CTEST_PARALLEL_LEVEL:-2}"
    local code=$?
    set -e
    return "${code}"
}

if [[ "${mode}" == test ]]; then
    rc=0
    run_tests "${preset}" || rc=$?
    t2="$(now)"
    asan_summary="skipped (ROUTEMAP_SKIP_ASAN is set)"
    # The same suite again under AddressSanitizer and UndefinedBehaviorSanitizer (preset 'asan').
    if [[ "${rc}" -eq 0 && -z "${ROUTEMAP_SKIP_ASAN:-}" ]]; then
        step "Configure and build (preset asan: AddressSanitizer + UndefinedBehaviorSanitizer)"
        if ! { cmake --preset asan && cmake --build --preset asan; }; then
            echo "setup: the asan build failed (see the messages above)" >&2
            exit 1
        fi
        t3="$(now)"
        run_tests asan || rc=$?
        asan_summary="build $(elapsed "${t2}" "${t3}"), tests $(elapsed "${t3}" "$(now)")"
    fi
    echo
    echo "Configure + build time: ${build_time}"
    echo "Test time:              $(elapsed "${t1}" "${t2}")"
    echo "Sanitizer run:          ${asan_summary}"
    echo "ctest exit code:        ${rc}"
    exit "${rc}"
fi

demo="${root}/resources/demo/demo.yaml"
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    step "Opening the demo window (${binary} --demo)"
    exec "${binary}" --demo
fi

png="${root}/build/${preset}/routemap-demo.png"
step "No display found (DISPLAY and WAYLAND_DISPLAY are unset): rendering the demo to a PNG"
rm -f "${png}"
QT_QPA_PLATFORM=offscreen "${binary}" render "${demo}" -o "${png}"
if [[ ! -s "${png}" ]]; then
    echo "setup: routemap render did not write ${png}" >&2
    exit 1
fi
echo "Demo picture: ${png}"
