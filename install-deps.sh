#!/usr/bin/env bash
# Installs every build, test and analysis dependency from Debian 12 packages.
# Safe to re-run: apt-get skips what is already installed. Needs root (or sudo).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libtbb-dev libhdf5-dev libyaml-cpp-dev librandom123-dev
  libcli11-dev libfmt-dev libspdlog-dev libgtest-dev libbenchmark-dev
  hdf5-tools libopenmpi-dev openmpi-bin chromium
  clang libclang-rt-14-dev llvm
  python3 python3-dev pybind11-dev python3-h5py python3-numpy python3-pandas python3-matplotlib
  python3-scipy python3-pytest python3-yaml
  python3-venv python3-pip python3-setuptools python3-wheel
  r-base-core r-cran-hdf5r
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
