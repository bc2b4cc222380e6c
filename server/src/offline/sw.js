// Greffe's service worker: keeps the application shell so that a prepared audience opens
// without network. Data never enters its caches: pages and /api go to the network, and the
// audience itself is sealed by the page (greffe-coffre.js). Served by the server with the
// release's version, so a new release installs a new cache and drops the old one.
"use strict";
const VERSION = "__VERSION__";
const CACHE = "greffe-" + VERSION;
const SHELL = "/hors-ligne.html";
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("greffe-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

function keep(req, res) {
  if (res.ok) {
    const copy = res.clone();
    caches.open(CACHE).then((c) => c.put(req, copy));
  }
  return res;
}

function isShellAsset(path) {
  return (
    path.startsWith("/pkg/") ||
    path.startsWith("/dsfr/") ||
    path.startsWith("/icones/") ||
    ["/greffe-coffre.js", "/hors-ligne-demarrage.js", "/manifest.webmanifest", "/favicon.svg"].includes(path)
  );
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // The page from the server; without it, the shell, which renders from the sealed copy.
    event.respondWith(fetch(req).catch(() => caches.match(SHELL)));
    return;
  }
  if (!isShellAsset(url.pathname)) return;
  if (url.pathname.startsWith("/dsfr/")) {
    event.respondWith(caches.match(req).then((hit) => hit || fetch(req).then((res) => keep(req, res))));
    return;
  }
  // The bundle: network first, so a new server never runs with an old bundle.
  event.respondWith(
    fetch(req)
      .then((res) => keep(req, res))
      .catch(() => caches.match(req)),
  );
});
